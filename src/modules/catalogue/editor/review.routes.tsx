import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../../platform/db/pool.ts';
import { pageContext, redirectWithFlash } from '../../../platform/http/context.ts';
import { AppError, notFound } from '../../../platform/http/errors.ts';
import { requireUser } from '../../../platform/auth/guards.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { FORM_ERROR_FIELD, type FieldErrors } from '../../../platform/web/forms.tsx';
import { menuItem, type MenuEntry } from '../../../platform/web/menu.ts';
import { reviewPolicy } from '../catalogue.policy.ts';
import { createEditorService } from './editor.service.ts';
import { RejectPage, ReviewQueuePage } from './views/review.views.tsx';

// Publication review (T0028): /beheer/controle, the region's queue and its choice (partners publish
// directly, or after the coordinator's approval); approving a request, and rejecting it with a reason
// on a page of its own. A platform administrator picks the region with ?regio=.

interface Options {
  db: Database;
  stylesheet: string;
}

const html = (reply: FastifyReply, body: JSX.Element) => reply.type('text/html; charset=utf-8').send(body);
const csrf = { _csrf: Type.Optional(Type.String({ maxLength: 200 })) };
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const RegionQuery = Type.Object({ regio: Type.Optional(Type.String({ maxLength: 10 })) });

export const reviewMenu: readonly MenuEntry[] = [menuItem({ href: '/beheer/controle', key: 'review.nav', order: 20.5, policy: reviewPolicy, action: 'list' })];

export const reviewRoutes: FastifyPluginAsync<Options> = async (fastify, { db, stylesheet }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createEditorService({ db });
  const ctx = (request: FastifyRequest, reply: FastifyReply) => pageContext(request, reply, stylesheet);
  const queryOf = (regio: string | undefined) => (regio ? `?regio=${encodeURIComponent(regio)}` : '');

  const renderQueue = async (request: FastifyRequest, reply: FastifyReply, regio: string | undefined, errors: FieldErrors = []) => {
    const queue = await service.reviewQueue(request.trace, requireUser(request), regio ?? null);
    return html(reply, <ReviewQueuePage ctx={ctx(request, reply)} region={queue.region} regions={queue.regions} reviewed={queue.reviewed} items={queue.items} errors={errors} />);
  };

  app.get('/beheer/controle', { schema: { hide: true, querystring: RegionQuery } }, (request, reply) => renderQueue(request, reply, request.query.regio));

  app.post(
    '/beheer/controle/instelling',
    { schema: { hide: true, querystring: RegionQuery, body: Type.Object({ publiceren: Type.Optional(Type.String({ maxLength: 20 })), ...csrf }) } },
    async (request, reply) => {
      const choice = request.body.publiceren;
      if (choice !== 'direct' && choice !== 'na-controle') {
        return renderQueue(request, reply.code(400), request.query.regio, [{ field: 'publiceren', key: 'form.error.choose' }]);
      }
      await service.setReviewBeforePublish(request.trace, requireUser(request), request.query.regio ?? null, choice === 'na-controle');
      return redirectWithFlash(reply, `/beheer/controle${queryOf(request.query.regio)}`, 'review.setting.saved');
    },
  );

  app.post(
    '/beheer/controle/:id/goedkeuren',
    { schema: { hide: true, params: IdParams, querystring: RegionQuery, body: Type.Object({ ...csrf }) } },
    async (request, reply) => {
      try {
        await service.approveRequest(request.trace, requireUser(request), request.params.id);
      } catch (error) {
        if (!(error instanceof AppError) || (error.slug !== 'conflict' && error.slug !== 'validation')) throw error;
        // The request was made on an older version, or no longer makes a valid service: the coordinator rejects it.
        const problem =
          error.slug === 'conflict'
            ? { field: FORM_ERROR_FIELD, key: 'review.error.stale' as MessageKey }
            : { field: FORM_ERROR_FIELD, key: 'review.error.invalid' as MessageKey, params: { fields: [...new Set(error.fieldErrors.map((e) => e.field))].join(', ') } };
        return renderQueue(request, reply.code(error.slug === 'conflict' ? 409 : 400), request.query.regio, [problem]);
      }
      return redirectWithFlash(reply, `/beheer/controle${queryOf(request.query.regio)}`, 'review.flash.approved');
    },
  );

  const renderReject = async (request: FastifyRequest, reply: FastifyReply, id: string, regio: string | undefined, reason: string, errors: FieldErrors) => {
    const queue = await service.reviewQueue(request.trace, requireUser(request), regio ?? null);
    const item = queue.items.find((entry) => entry.serviceId === id);
    if (!item) throw notFound('There is no such request waiting, or you may not decide it.');
    return html(reply, <RejectPage ctx={ctx(request, reply)} item={item} query={queryOf(regio)} reason={reason} errors={errors} />);
  };

  app.get('/beheer/controle/:id/afwijzen', { schema: { hide: true, params: IdParams, querystring: RegionQuery } }, (request, reply) =>
    renderReject(request, reply, request.params.id, request.query.regio, '', []),
  );

  app.post(
    '/beheer/controle/:id/afwijzen',
    { schema: { hide: true, params: IdParams, querystring: RegionQuery, body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 5000 })), ...csrf }) } },
    async (request, reply) => {
      const reason = request.body.reason ?? '';
      try {
        await service.rejectRequest(request.trace, requireUser(request), request.params.id, reason);
      } catch (error) {
        if (!(error instanceof AppError) || error.slug !== 'validation') throw error;
        return renderReject(request, reply.code(400), request.params.id, request.query.regio, reason, error.fieldErrors);
      }
      return redirectWithFlash(reply, `/beheer/controle${queryOf(request.query.regio)}`, 'review.flash.rejected');
    },
  );
};
