import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/pool.ts';
import { pageContext, redirectWithFlash } from '../../platform/http/context.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { requireUser } from '../../platform/auth/guards.ts';
import type { FieldErrors } from '../../platform/web/forms.tsx';
import { createNeedFinderService, type RegionTree } from './needfinder.service.ts';
import { outcomeFormOf, parseOutcomeForm, parseQuestionForm, questionFormOf, type FormBody, type OutcomeForm, type QuestionForm } from './needfinder.edit.ts';
import { CODE_PATTERN, nodeMap, parsePath, remainingQuestions, shortestPathTo, walk, type QuestionsAhead } from './needfinder.tree.ts';
import { OutcomePage, outcomePath, QuestionPage, wegwijzerPath } from './views/wegwijzer.views.tsx';
import { editorPath, OutcomeEditPage, QuestionEditPage, RegionChoicePage, TreeOverviewPage } from './views/editor.views.tsx';
import { menuItem, type MenuEntry } from '../../platform/web/menu.ts';
import { needFinderPolicy } from './needfinder.policy.ts';
import { servicePolicy } from '../catalogue/catalogue.policy.ts';

// The wegwijzer: the public flow at /<region-slug>/wegwijzer (GET only, answers in the address as
// option codes) and the coordinator's editor at /beheer/wegwijzer.

interface Options {
  db: Database;
  stylesheet: string;
}

const html = (reply: FastifyReply, body: JSX.Element) => reply.type('text/html; charset=utf-8').send(body);

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 60 }) });
const RegionParams = Type.Object({ region: Type.String({ pattern: '^AM[0-9]{2}$' }) });
const NodeParams = Type.Object({ region: Type.String({ pattern: '^AM[0-9]{2}$' }), node: Type.String({ pattern: CODE_PATTERN, maxLength: 60 }) });
// The editor's forms have one group of fields per answer, so the body is a bounded map of strings.
const FormBodySchema = Type.Record(Type.String({ maxLength: 40 }), Type.Union([Type.String({ maxLength: 2000 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 })]), {
  maxProperties: 120,
});

/** The field errors of a validation or conflict error; any other error is not the form's business. */
function formErrors(error: unknown): FieldErrors {
  if (error instanceof AppError && (error.slug === 'validation' || error.slug === 'conflict')) return error.fieldErrors;
  throw error;
}

export const needFinderMenu: readonly MenuEntry[] = [menuItem({ href: '/beheer/wegwijzer', key: 'needfinder.nav', order: 60, policy: needFinderPolicy, action: 'edit' })];

export const needFinderRoutes: FastifyPluginAsync<Options> = async (fastify, { db, stylesheet }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createNeedFinderService(db);
  const ctx = (request: FastifyRequest, reply: FastifyReply) => pageContext(request, reply, stylesheet);

  // Public flow --------------------------------------------------------------------------------------

  app.get(
    '/:slug/wegwijzer',
    { schema: { hide: true, params: SlugParams, querystring: Type.Object({ pad: Type.Optional(Type.String({ maxLength: 1000 })) }) } },
    async (request, reply) => {
      const current = await service.publicTree(request.trace, request.params.slug);
      const { region, tree } = current;
      if (region.slug !== request.params.slug) return reply.code(301).redirect(wegwijzerPath(region, parsePath(request.query.pad) ?? []));
      const codes = parsePath(request.query.pad);
      const nodes = nodeMap(tree);
      let result = walk(tree, codes ?? [], nodes);
      // An answer that does not (or no longer) exist: ask again from the last answer that still does.
      const pathGone = codes === null || result.kind === 'invalid';
      if (result.kind === 'invalid') result = walk(tree, result.steps.map((step) => step.option.code), nodes);
      if (result.kind === 'outcome') return reply.code(303).redirect(outcomePath(region, result.outcome.id));
      if (result.kind !== 'question') throw notFound();
      const { question, steps } = result;
      const memo = new Map<string, QuestionsAhead>();
      const answered = steps.map((step) => step.option.code);
      const hrefOf = (code: string) => {
        const option = question.options.find((candidate) => candidate.code === code)!;
        const next = nodes.get(option.next);
        return next?.kind === 'outcome' ? outcomePath(region, next.id) : wegwijzerPath(region, [...answered, code]);
      };
      return html(
        reply.code(pathGone ? 404 : 200),
        <QuestionPage
          ctx={ctx(request, reply)}
          region={region}
          question={question}
          steps={steps}
          ahead={remainingQuestions(tree, question.id, nodes, memo)}
          hrefOf={hrefOf}
          pathGone={pathGone}
        />,
      );
    },
  );

  app.get(
    '/:slug/wegwijzer/uitkomst/:outcome',
    { schema: { hide: true, params: Type.Object({ slug: Type.String({ maxLength: 60 }), outcome: Type.String({ maxLength: 60 }) }) } },
    async (request, reply) => {
      const { region, tree } = await service.publicTree(request.trace, request.params.slug);
      if (region.slug !== request.params.slug) return reply.code(301).redirect(outcomePath(region, request.params.outcome));
      const outcome = tree.outcomes.find((candidate) => candidate.id === request.params.outcome);
      if (!outcome) throw notFound(`The need finder of ${region.name} has no outcome ${request.params.outcome}.`);
      const services = await service.outcomeServices(request.trace, region.code, outcome);
      return html(reply, <OutcomePage ctx={ctx(request, reply)} region={region} outcome={outcome} services={services} backPath={backPathTo(tree, outcome.id)} showStale={servicePolicy.can(request.actor, 'list')} />);
    },
  );

  // Editor -------------------------------------------------------------------------------------------

  app.get('/beheer/wegwijzer', { schema: { hide: true } }, async (request, reply) => {
    const actor = requireUser(request);
    needFinderPolicy.authorize(actor, 'edit');
    if (actor.membership?.role === 'regiocoordinator') return reply.code(303).redirect(editorPath(actor.membership.regionCode));
    const regions = await service.editableRegions(request.trace, actor);
    return html(reply, <RegionChoicePage ctx={ctx(request, reply)} regions={regions} />);
  });

  app.get('/beheer/wegwijzer/:region', { schema: { hide: true, params: RegionParams } }, async (request, reply) => {
    const current = await service.editorTree(request.trace, requireUser(request), request.params.region);
    return html(reply, <TreeOverviewPage ctx={ctx(request, reply)} current={current} />);
  });

  const renderQuestion = (request: FastifyRequest, reply: FastifyReply, current: RegionTree, id: string, values: QuestionForm | null, errors: FieldErrors) => {
    const question = current.tree.questions.find((candidate) => candidate.id === id);
    if (!question) throw notFound(`There is no question ${id}.`);
    return html(
      reply,
      <QuestionEditPage ctx={ctx(request, reply)} current={current} id={id} values={values ?? questionFormOf(question, current.version)} errors={errors} />,
    );
  };

  const renderOutcome = (request: FastifyRequest, reply: FastifyReply, current: RegionTree, id: string, values: OutcomeForm | null, errors: FieldErrors) => {
    const outcome = current.tree.outcomes.find((candidate) => candidate.id === id);
    if (!outcome) throw notFound(`There is no outcome ${id}.`);
    return html(reply, <OutcomeEditPage ctx={ctx(request, reply)} current={current} id={id} values={values ?? outcomeFormOf(outcome, current.version)} errors={errors} />);
  };

  app.get('/beheer/wegwijzer/:region/vragen/:node', { schema: { hide: true, params: NodeParams } }, async (request, reply) => {
    const current = await service.editorTree(request.trace, requireUser(request), request.params.region);
    return renderQuestion(request, reply, current, request.params.node, null, []);
  });

  app.post('/beheer/wegwijzer/:region/vragen/:node', { schema: { hide: true, params: NodeParams, body: FormBodySchema } }, async (request, reply) => {
    const actor = requireUser(request);
    const { region, node } = request.params;
    const current = await service.editorTree(request.trace, actor, region);
    const question = current.tree.questions.find((candidate) => candidate.id === node);
    if (!question) throw notFound(`There is no question ${node}.`);
    const form = parseQuestionForm(request.body as FormBody, question);
    try {
      await service.saveQuestion(request.trace, actor, region, node, form, request.lang);
    } catch (error) {
      const errors = formErrors(error);
      if (error instanceof AppError && error.slug === 'conflict') {
        return renderQuestion(request, reply.code(409), await service.editorTree(request.trace, actor, region), node, null, errors);
      }
      return renderQuestion(request, reply.code(400), current, node, form, errors);
    }
    return redirectWithFlash(reply, editorPath(current.region.code), 'needfinder.editor.saved');
  });

  app.get('/beheer/wegwijzer/:region/uitkomsten/:node', { schema: { hide: true, params: NodeParams } }, async (request, reply) => {
    const current = await service.editorTree(request.trace, requireUser(request), request.params.region);
    return renderOutcome(request, reply, current, request.params.node, null, []);
  });

  app.post('/beheer/wegwijzer/:region/uitkomsten/:node', { schema: { hide: true, params: NodeParams, body: FormBodySchema } }, async (request, reply) => {
    const actor = requireUser(request);
    const { region, node } = request.params;
    const current = await service.editorTree(request.trace, actor, region);
    if (!current.tree.outcomes.some((candidate) => candidate.id === node)) throw notFound(`There is no outcome ${node}.`);
    const form = parseOutcomeForm(request.body as FormBody);
    try {
      await service.saveOutcome(request.trace, actor, region, node, form, request.lang);
    } catch (error) {
      const errors = formErrors(error);
      if (error instanceof AppError && error.slug === 'conflict') {
        return renderOutcome(request, reply.code(409), await service.editorTree(request.trace, actor, region), node, null, errors);
      }
      return renderOutcome(request, reply.code(400), current, node, form, errors);
    }
    return redirectWithFlash(reply, editorPath(current.region.code), 'needfinder.editor.saved');
  });

  app.post('/beheer/wegwijzer/:region/standaard', { schema: { hide: true, params: RegionParams } }, async (request, reply) => {
    await service.reset(request.trace, requireUser(request), request.params.region);
    return redirectWithFlash(reply, editorPath(request.params.region), 'needfinder.editor.resetDone');
  });
};

function backPathTo(tree: RegionTree['tree'], outcomeId: string): string[] | null {
  const nodes = nodeMap(tree);
  const path = shortestPathTo(tree, outcomeId, nodes);
  // "Terug" from an outcome is the question that led to it: the path without its last answer.
  return path && path.length > 0 ? path.slice(0, -1) : null;
}
