import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/pool.ts';
import { pageContext, redirectWithFlash } from '../../platform/http/context.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { FORM_ERROR_FIELD } from '../../platform/web/forms.tsx';
import { requireUser } from '../../platform/auth/guards.ts';
import { menuItem, type MenuEntry } from '../../platform/web/menu.ts';
import { searchTuningPolicy } from './catalogue.policy.ts';
import { createEditorService } from './editor/editor.service.ts';
import { createSearchTuningService, type TermForm } from './search-tuning.service.ts';
import { SearchTuningPage, type TuningProps } from './views/search-tuning.views.tsx';

// Search tuning for a region's coordinator (T0029), /beheer/zoekvragen: the questions without a good
// result with their one-step answers (a thesaurus entry, a keyword on a service, "not needed"), and
// the region's own thesaurus. A platform administrator picks the region with ?regio=.

interface Options {
  db: Database;
  stylesheet: string;
}

const html = (reply: FastifyReply, body: JSX.Element) => reply.type('text/html; charset=utf-8').send(body);
const csrf = { _csrf: Type.Optional(Type.String({ maxLength: 200 })) };
const RegionQuery = Type.Object({ regio: Type.Optional(Type.String({ maxLength: 10 })) });
const field = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

export const searchTuningMenu: readonly MenuEntry[] = [
  menuItem({ href: '/beheer/zoekvragen', key: 'tuning.nav', order: 21.5, policy: searchTuningPolicy, action: 'list' }),
];

export const searchTuningRoutes: FastifyPluginAsync<Options> = async (fastify, { db, stylesheet }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tuning = createSearchTuningService({ db });
  const editor = createEditorService({ db });
  const back = (regio: string | undefined) => `/beheer/zoekvragen${regio ? `?regio=${encodeURIComponent(regio)}` : ''}`;

  const render = async (request: FastifyRequest, reply: FastifyReply, regio: string | undefined, failed?: TuningProps['failed']) => {
    const page = await tuning.page(request.trace, requireUser(request), regio ?? null);
    return html(reply, <SearchTuningPage ctx={pageContext(request, reply, stylesheet)} page={page} {...(failed ? { failed } : {})} />);
  };

  app.get('/beheer/zoekvragen', { schema: { hide: true, querystring: RegionQuery } }, (request, reply) => render(request, reply, request.query.regio));

  app.post(
    '/beheer/zoekvragen/zoekwoorden',
    { schema: { hide: true, querystring: RegionQuery, body: Type.Object({ term: field(400), meaning: field(400), vraag: field(5), ...csrf }) } },
    async (request, reply) => {
      const values: TermForm = { term: request.body.term ?? '', meaning: request.body.meaning ?? '' };
      try {
        await tuning.addTerm(request.trace, requireUser(request), request.query.regio ?? null, values);
      } catch (error) {
        if (!(error instanceof AppError) || error.slug !== 'validation') throw error;
        // A question's own form (by its place in the list) or the thesaurus form.
        const index = Number.parseInt(request.body.vraag ?? '', 10);
        return render(request, reply.code(400), request.query.regio, { form: Number.isInteger(index) && index >= 0 ? index : 'term', values, errors: error.fieldErrors });
      }
      return redirectWithFlash(reply, back(request.query.regio), 'tuning.flash.termAdded');
    },
  );

  app.post(
    '/beheer/zoekvragen/zoekwoorden/:id/verwijderen',
    { schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 64 }) }), querystring: RegionQuery, body: Type.Object({ ...csrf }) } },
    async (request, reply) => {
      await tuning.removeTerm(request.trace, requireUser(request), request.query.regio ?? null, request.params.id);
      return redirectWithFlash(reply, back(request.query.regio), 'tuning.flash.termRemoved');
    },
  );

  app.post(
    '/beheer/zoekvragen/trefwoord',
    { schema: { hide: true, querystring: RegionQuery, body: Type.Object({ keyword: field(200), service: field(64), ...csrf }) } },
    async (request, reply) => {
      const actor = requireUser(request);
      const keyword = request.body.keyword ?? '';
      try {
        await editor.addKeyword(request.trace, actor, request.body.service ?? '', keyword);
      } catch (error) {
        if (!(error instanceof AppError) || error.slug !== 'validation') throw error;
        // The service does not validate as it is (an incomplete import): its editor is the place to add the keyword.
        return render(request, reply.code(400), request.query.regio, {
          form: 'keyword',
          values: { term: keyword, meaning: '' },
          errors: [{ field: FORM_ERROR_FIELD, key: 'tuning.error.keyword' }],
        });
      }
      await tuning.dismiss(request.trace, actor, request.query.regio ?? null, keyword);
      return redirectWithFlash(reply, back(request.query.regio), 'tuning.flash.keywordAdded');
    },
  );

  app.post(
    '/beheer/zoekvragen/negeren',
    { schema: { hide: true, querystring: RegionQuery, body: Type.Object({ question: field(200), ...csrf }) } },
    async (request, reply) => {
      if (!(await tuning.dismiss(request.trace, requireUser(request), request.query.regio ?? null, request.body.question ?? ''))) {
        throw notFound('There is no such question in this region.');
      }
      return redirectWithFlash(reply, back(request.query.regio), 'tuning.flash.dismissed');
    },
  );
};
