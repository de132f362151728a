import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../db/pool.ts';
import { pageContext } from '../http/context.ts';
import { AppError, type FieldError } from '../http/errors.ts';
import { requireUser } from '../auth/guards.ts';
import { processingRegister } from './register.ts';
import type { ChainReport } from './verify.ts';
import { createPrivacyService } from './privacy.service.ts';
import { AuditLogPage, PrivacyStatementPage, ProcessingLogPage, RegisterPage, type LogFilterValues } from './privacy.views.tsx';
import { menuItem, type MenuEntry } from '../web/menu.ts';
import { privacyPolicy } from './privacy.policy.ts';

interface Options {
  db: Database;
  stylesheet: string;
}

const html = (reply: FastifyReply, body: JSX.Element) => reply.type('text/html; charset=utf-8').send(body);

// A cursor is a row number; anything else in the URL is not a page a link of ours points to.
const Cursor = Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,14}$' }));
const LogQuery = Type.Object({
  voor: Cursor,
  activiteit: Type.Optional(Type.String({ maxLength: 100 })),
  betrokkene: Type.Optional(Type.String({ maxLength: 200 })),
});
const AuditQuery = Type.Object({ voor: Cursor, handeling: Type.Optional(Type.String({ maxLength: 200 })) });

const PSEUDONYM = /^[0-9a-f]{64}$/;

// The privacy spine's pages: the processing register and log for the privacy officer, the audit
// log, and the public privacy statement generated from the register.
export const privacyMenu: readonly MenuEntry[] = [
  menuItem({ href: '/beheer/auditlog', key: 'nav.audit', order: 80, policy: privacyPolicy, action: 'readAuditLog' }),
  menuItem({ href: '/privacy/register', key: 'nav.privacy.register', order: 90, policy: privacyPolicy, action: 'readRegister' }),
  menuItem({ href: '/privacy/logboek', key: 'nav.privacy.log', order: 91, policy: privacyPolicy, action: 'readProcessingLog' }),
];

export const privacyRoutes: FastifyPluginAsync<Options> = async (fastify, { db, stylesheet }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const privacy = createPrivacyService(db);
  const ctx = (request: FastifyRequest, reply: FastifyReply) => pageContext(request, reply, stylesheet);

  app.get('/privacy', { schema: { hide: true } }, async (request, reply) => html(reply, <PrivacyStatementPage ctx={ctx(request, reply)} />));

  app.get('/privacy/register', { schema: { hide: true } }, async (request, reply) => {
    privacyPolicy.authorize(requireUser(request), 'readRegister');
    return html(reply, <RegisterPage ctx={ctx(request, reply)} />);
  });

  async function renderLog(request: FastifyRequest, reply: FastifyReply, query: { voor?: string; activiteit?: string; betrokkene?: string }, verification?: ChainReport) {
    const actor = requireUser(request);
    privacyPolicy.authorize(actor, 'readProcessingLog');
    const values: LogFilterValues = {
      activity: (query.activiteit ?? '').trim(),
      subject: (query.betrokkene ?? '').trim().toLowerCase(),
      before: query.voor === undefined ? undefined : Number(query.voor),
    };
    const errors: FieldError[] = [];
    if (values.activity && !processingRegister.some((entry) => entry.id === values.activity)) {
      errors.push({ field: 'activiteit', key: 'form.error.invalidChoice' });
    }
    if (values.subject && !PSEUDONYM.test(values.subject)) errors.push({ field: 'betrokkene', key: 'privacy.log.filter.error.subject' });
    const page =
      errors.length > 0
        ? null
        : await privacy.processingLog(request.trace, actor, {
            before: values.before,
            activity: values.activity || undefined,
            subject: values.subject || undefined,
          });
    return html(
      reply.code(errors.length > 0 ? 400 : 200),
      <ProcessingLogPage ctx={ctx(request, reply)} filter={values} errors={errors} page={page} verification={verification} />,
    );
  }

  app.get('/privacy/logboek', { schema: { hide: true, querystring: LogQuery } }, (request, reply) => renderLog(request, reply, request.query));

  // Shows the result on the log page itself: it is not a change, so there is nothing to redirect to.
  app.post(
    '/privacy/logboek/controle',
    { schema: { hide: true, body: Type.Object({ _csrf: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const report = await privacy.verifyChain(request.trace, requireUser(request));
      return renderLog(request, reply, {}, report);
    },
  );

  app.get('/beheer/auditlog', { schema: { hide: true, querystring: AuditQuery } }, async (request, reply) => {
    const actor = requireUser(request);
    privacyPolicy.authorize(actor, 'readAuditLog');
    const filter = { action: (request.query.handeling ?? '').trim(), before: request.query.voor === undefined ? undefined : Number(request.query.voor) };
    try {
      const page = await privacy.auditLog(request.trace, actor, { before: filter.before, action: filter.action || undefined });
      return html(reply, <AuditLogPage ctx={ctx(request, reply)} actions={page.actions} filter={filter} errors={[]} page={page} />);
    } catch (error) {
      if (!(error instanceof AppError) || error.slug !== 'validation') throw error;
      const actions = await privacy.auditActions(request.trace, actor);
      return html(
        reply.code(400),
        <AuditLogPage ctx={ctx(request, reply)} actions={actions} filter={filter} errors={error.fieldErrors} page={null} />,
      );
    }
  });
};
