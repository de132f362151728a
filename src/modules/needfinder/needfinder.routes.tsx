import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/pool.ts';
import { pageContext, redirectWithFlash } from '../../platform/http/context.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { requireUser } from '../../platform/auth/guards.ts';
import type { FieldErrors } from '../../platform/web/forms.tsx';
import type { Actor } from '../../platform/db/tenancy.ts';
import type { Trace } from '../../platform/http/trace.ts';
import { createNeedFinderService, workingTree, type RegionTree } from './needfinder.service.ts';
import type { RegionRef } from './needfinder.repository.ts';
import {
  emptyNewOutcomeForm,
  emptyNewQuestionForm,
  outcomeFormOf,
  parseNewOutcomeForm,
  parseNewQuestionForm,
  parseOutcomeForm,
  parseQuestionForm,
  planRemoval,
  questionFormOf,
  type FormBody,
  type NewOutcomeForm,
  type NewQuestionForm,
  type OutcomeForm,
  type QuestionForm,
} from './needfinder.edit.ts';
import { CODE_PATTERN, nodeMap, parsePath, remainingQuestions, shortestPathTo, walk, type NeedFinderTree, type QuestionsAhead } from './needfinder.tree.ts';
import { OutcomePage, outcomePath, previewPaths, publicPaths, QuestionPage, wegwijzerPath, type Preview, type WegwijzerPaths } from './views/wegwijzer.views.tsx';
import { editorPath, NewOutcomePage, NewQuestionPage, OutcomeEditPage, QuestionEditPage, RegionChoicePage, TreeOverviewPage } from './views/editor.views.tsx';
import { menuItem, type MenuEntry } from '../../platform/web/menu.ts';
import { needFinderPolicy } from './needfinder.policy.ts';
import { servicePolicy } from '../catalogue/catalogue.policy.ts';

// The wegwijzer: the public flow at /<region-slug>/wegwijzer (GET only, answers in the address as
// option codes, the live tree only) and the coordinator's editor at /beheer/wegwijzer: changes go
// into a draft, walked in a preview (/beheer/wegwijzer/<region>/voorbeeld, not indexed), then
// published or thrown away; the last publication can be undone.

interface Options {
  db: Database;
  stylesheet: string;
}

const html = (reply: FastifyReply, body: JSX.Element) => reply.type('text/html; charset=utf-8').send(body);

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 60 }) });
const RegionParams = Type.Object({ region: Type.String({ pattern: '^AM[0-9]{2}$' }) });
const NodeParams = Type.Object({ region: Type.String({ pattern: '^AM[0-9]{2}$' }), node: Type.String({ pattern: CODE_PATTERN, maxLength: 60 }) });
const NewParams = Type.Object({ region: Type.String({ pattern: '^AM[0-9]{2}$' }), kind: Type.Union([Type.Literal('vraag'), Type.Literal('uitkomst')]) });
const PathQuery = Type.Object({ pad: Type.Optional(Type.String({ maxLength: 1000 })) });
const VersionBody = Type.Object({ version: Type.Optional(Type.String({ maxLength: 20 })), _csrf: Type.Optional(Type.String({ maxLength: 200 })) });
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

  /**
   * One question of a walk through a tree (the live one, or the draft in the preview): the page,
   * a redirect to the short outcome address, or the question again from the last answer that
   * still exists.
   */
  const walkPage = (request: FastifyRequest, reply: FastifyReply, region: RegionRef, tree: NeedFinderTree, pad: string | undefined, paths: WegwijzerPaths, preview?: Preview) => {
    const codes = parsePath(pad);
    const nodes = nodeMap(tree);
    let result = walk(tree, codes ?? [], nodes);
    // An answer that does not (or no longer) exist: ask again from the last answer that still does.
    const pathGone = codes === null || result.kind === 'invalid';
    if (result.kind === 'invalid') result = walk(tree, result.steps.map((step) => step.option.code), nodes);
    if (result.kind === 'outcome') return reply.code(303).redirect(paths.outcome(result.outcome.id));
    if (result.kind !== 'question') throw notFound();
    const { question, steps } = result;
    const memo = new Map<string, QuestionsAhead>();
    const answered = steps.map((step) => step.option.code);
    const hrefOf = (code: string) => {
      const option = question.options.find((candidate) => candidate.code === code)!;
      const next = nodes.get(option.next);
      return next?.kind === 'outcome' ? paths.outcome(next.id) : paths.question([...answered, code]);
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
        paths={paths}
        {...(preview ? { preview } : {})}
      />,
    );
  };

  const outcomePage = async (request: FastifyRequest, reply: FastifyReply, region: RegionRef, tree: NeedFinderTree, id: string, paths: WegwijzerPaths, preview?: Preview) => {
    const outcome = tree.outcomes.find((candidate) => candidate.id === id);
    if (!outcome) throw notFound(`The need finder of ${region.name} has no outcome ${id}.`);
    const services = await service.outcomeServices(request.trace, region.code, outcome);
    return html(
      reply,
      <OutcomePage
        ctx={ctx(request, reply)}
        region={region}
        outcome={outcome}
        services={services}
        backPath={backPathTo(tree, outcome.id)}
        showStale={servicePolicy.can(request.actor, 'list')}
        paths={paths}
        {...(preview ? { preview } : {})}
      />,
    );
  };

  // Public flow: the live tree only ----------------------------------------------------------------

  app.get('/:slug/wegwijzer', { schema: { hide: true, params: SlugParams, querystring: PathQuery } }, async (request, reply) => {
    const { region, tree } = await service.publicTree(request.trace, request.params.slug);
    if (region.slug !== request.params.slug) return reply.code(301).redirect(wegwijzerPath(region, parsePath(request.query.pad) ?? []));
    return walkPage(request, reply, region, tree, request.query.pad, publicPaths(region));
  });

  app.get(
    '/:slug/wegwijzer/uitkomst/:outcome',
    { schema: { hide: true, params: Type.Object({ slug: Type.String({ maxLength: 60 }), outcome: Type.String({ maxLength: 60 }) }) } },
    async (request, reply) => {
      const { region, tree } = await service.publicTree(request.trace, request.params.slug);
      if (region.slug !== request.params.slug) return reply.code(301).redirect(outcomePath(region, request.params.outcome));
      return outcomePage(request, reply, region, tree, request.params.outcome, publicPaths(region));
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

  const renderOverview = async (request: FastifyRequest, reply: FastifyReply, regionCode: string, errors: FieldErrors = []) => {
    const state = await service.editorState(request.trace, requireUser(request), regionCode);
    return html(reply, <TreeOverviewPage ctx={ctx(request, reply)} state={state} errors={errors} />);
  };

  app.get('/beheer/wegwijzer/:region', { schema: { hide: true, params: RegionParams } }, (request, reply) => renderOverview(request, reply, request.params.region));

  /** What removing a node takes with it, for the edit page; null for the first question, which stays. */
  const removalOf = (current: RegionTree, id: string) => (id === current.tree.root ? null : planRemoval(current.tree, id).removal);

  const renderQuestion = (request: FastifyRequest, reply: FastifyReply, current: RegionTree, id: string, values: QuestionForm | null, errors: FieldErrors) => {
    const question = current.tree.questions.find((candidate) => candidate.id === id);
    if (!question) throw notFound(`There is no question ${id}.`);
    return html(
      reply,
      <QuestionEditPage
        ctx={ctx(request, reply)}
        current={current}
        id={id}
        values={values ?? questionFormOf(question, current.version)}
        errors={errors}
        removal={removalOf(current, id)}
      />,
    );
  };

  const renderOutcome = (request: FastifyRequest, reply: FastifyReply, current: RegionTree, id: string, values: OutcomeForm | null, errors: FieldErrors) => {
    const outcome = current.tree.outcomes.find((candidate) => candidate.id === id);
    if (!outcome) throw notFound(`There is no outcome ${id}.`);
    return html(
      reply,
      <OutcomeEditPage
        ctx={ctx(request, reply)}
        current={current}
        id={id}
        values={values ?? outcomeFormOf(outcome, current.version)}
        errors={errors}
        removal={removalOf(current, id)}
      />,
    );
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

  // Removing a question or outcome: refused with the reason next to the button on its edit page.
  for (const kind of ['vragen', 'uitkomsten'] as const) {
    app.post(`/beheer/wegwijzer/:region/${kind}/:node/verwijderen`, { schema: { hide: true, params: NodeParams, body: VersionBody } }, async (request, reply) => {
      const actor = requireUser(request);
      const { region, node } = request.params;
      const render = kind === 'vragen' ? renderQuestion : renderOutcome;
      try {
        await service.removeNode(request.trace, actor, region, node, request.body.version ?? '', request.lang);
      } catch (error) {
        const errors = formErrors(error);
        const current = await service.editorTree(request.trace, actor, region);
        return render(request, reply.code(error instanceof AppError && error.slug === 'conflict' ? 409 : 400), current, node, null, errors);
      }
      return redirectWithFlash(reply, editorPath(region), 'needfinder.editor.removed');
    });
  }

  // Adding a question or an outcome, reached from an answer.
  const renderNew = (request: FastifyRequest, reply: FastifyReply, current: RegionTree, kind: 'vraag' | 'uitkomst', values: NewQuestionForm | NewOutcomeForm | null, errors: FieldErrors) =>
    html(
      reply,
      kind === 'vraag' ? (
        <NewQuestionPage ctx={ctx(request, reply)} current={current} values={(values as NewQuestionForm | null) ?? emptyNewQuestionForm(current.version)} errors={errors} />
      ) : (
        <NewOutcomePage ctx={ctx(request, reply)} current={current} values={(values as NewOutcomeForm | null) ?? emptyNewOutcomeForm(current.version)} errors={errors} />
      ),
    );

  app.get('/beheer/wegwijzer/:region/nieuw/:kind', { schema: { hide: true, params: NewParams } }, async (request, reply) => {
    const current = await service.editorTree(request.trace, requireUser(request), request.params.region);
    return renderNew(request, reply, current, request.params.kind, null, []);
  });

  app.post('/beheer/wegwijzer/:region/nieuw/:kind', { schema: { hide: true, params: NewParams, body: FormBodySchema } }, async (request, reply) => {
    const actor = requireUser(request);
    const { region, kind } = request.params;
    const body = request.body as FormBody;
    const form = kind === 'vraag' ? parseNewQuestionForm(body) : parseNewOutcomeForm(body);
    try {
      if (kind === 'vraag') await service.addQuestion(request.trace, actor, region, form as NewQuestionForm, request.lang);
      else await service.addOutcome(request.trace, actor, region, form as NewOutcomeForm, request.lang);
    } catch (error) {
      const errors = formErrors(error);
      const current = await service.editorTree(request.trace, actor, region);
      // After a conflict the input stays, over the newest draft: sent again, it is added to that one.
      const conflicted = error instanceof AppError && error.slug === 'conflict';
      return renderNew(request, reply.code(conflicted ? 409 : 400), current, kind, conflicted ? { ...form, version: String(current.version) } : form, errors);
    }
    return redirectWithFlash(reply, editorPath(region), 'needfinder.editor.added');
  });

  // The draft as a whole: publish, throw away, back to the default; undo of the last publication.
  const acts = [
    ['publiceren', (trace: Trace, actor: Actor, region: string, version: string) => service.publish(trace, actor, region, version), 'needfinder.editor.published'],
    ['concept-weggooien', (trace: Trace, actor: Actor, region: string, version: string) => service.discard(trace, actor, region, version), 'needfinder.editor.discarded'],
    ['ongedaan-maken', (trace: Trace, actor: Actor, region: string, version: string) => service.undo(trace, actor, region, version), 'needfinder.editor.undone'],
    ['standaard', (trace: Trace, actor: Actor, region: string, version: string) => service.reset(trace, actor, region, version), 'needfinder.editor.resetDone'],
  ] as const;
  for (const [path, act, flash] of acts) {
    app.post(`/beheer/wegwijzer/:region/${path}`, { schema: { hide: true, params: RegionParams, body: VersionBody } }, async (request, reply) => {
      const { region } = request.params;
      try {
        await act(request.trace, requireUser(request), region, request.body.version ?? '');
      } catch (error) {
        const errors = formErrors(error);
        return renderOverview(request, reply.code(error instanceof AppError && error.slug === 'conflict' ? 409 : 400), region, errors);
      }
      return redirectWithFlash(reply, editorPath(region), flash);
    });
  }

  // The preview: the draft walked as a visitor would, for its editors only, marked and not indexed.
  const previewOf = async (request: FastifyRequest, reply: FastifyReply, regionCode: string) => {
    const state = await service.editorState(request.trace, requireUser(request), regionCode);
    reply.header('x-robots-tag', 'noindex, nofollow');
    return { state, tree: workingTree(state).tree, paths: previewPaths(state.region.code), preview: { draft: state.draft !== null, editorHref: editorPath(state.region.code) } };
  };

  app.get('/beheer/wegwijzer/:region/voorbeeld', { schema: { hide: true, params: RegionParams, querystring: PathQuery } }, async (request, reply) => {
    const { state, tree, paths, preview } = await previewOf(request, reply, request.params.region);
    return walkPage(request, reply, state.region, tree, request.query.pad, paths, preview);
  });

  app.get('/beheer/wegwijzer/:region/voorbeeld/uitkomst/:node', { schema: { hide: true, params: NodeParams } }, async (request, reply) => {
    const { state, tree, paths, preview } = await previewOf(request, reply, request.params.region);
    return outcomePage(request, reply, state.region, tree, request.params.node, paths, preview);
  });
};

function backPathTo(tree: RegionTree['tree'], outcomeId: string): string[] | null {
  const nodes = nodeMap(tree);
  const path = shortestPathTo(tree, outcomeId, nodes);
  // "Terug" from an outcome is the question that led to it: the path without its last answer.
  return path && path.length > 0 ? path.slice(0, -1) : null;
}
