import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/pool.ts';
import { pageContext, redirectWithFlash } from '../../platform/http/context.ts';
import { requireUser, type UserActor } from '../../platform/auth/guards.ts';
import { menuItem, type MenuEntry } from '../../platform/web/menu.ts';
import type { FieldErrors } from '../../platform/web/forms.tsx';
import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import { subjectRequestPolicy } from './referrals.policy.ts';
import { createSubjectService } from './subjects.service.ts';
import { ContactDossierPage, SubjectDossierPage, SubjectSearchPage } from './views/subjects.views.tsx';

// The privacy officer's pages for a person's request at /privacy/personen: search, the dossier of a
// client record or of a contact, its JSON export, and erasure.

interface Options {
  db: Database;
  cipher: FieldCipher;
  stylesheet: string;
}

const html = (reply: FastifyReply, body: JSX.Element) => reply.type('text/html; charset=utf-8').send(body);
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const EraseBody = Type.Object({ bevestig: Type.Optional(Type.String({ maxLength: 10 })), _csrf: Type.Optional(Type.String({ maxLength: 200 })) });

/** A dossier as a JSON file to hand over, never cached. */
const sendExport = (reply: FastifyReply, dossier: { generatedAt: Date }) =>
  reply
    .type('application/json; charset=utf-8')
    .header('content-disposition', `attachment; filename="gegevens-${dossier.generatedAt.toISOString().slice(0, 10)}.json"`)
    .header('cache-control', 'no-store')
    .send(JSON.stringify(dossier, null, 2));

export const subjectsMenu: readonly MenuEntry[] = [menuItem({ href: '/privacy/personen', key: 'referrals.nav.subjects', order: 92, policy: subjectRequestPolicy, action: 'search' })];

export const subjectsRoutes: FastifyPluginAsync<Options> = async (fastify, { db, cipher, stylesheet }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (request: FastifyRequest, reply: FastifyReply) => pageContext(request, reply, stylesheet);
  const subjects = createSubjectService(db, cipher);

  app.get('/privacy/personen', { schema: { hide: true, querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) }) } }, async (request, reply) => {
    const actor = requireUser(request);
    const query = request.query.q ?? '';
    const { matches, contacts } = await subjects.search(request.trace, actor, query);
    return html(reply, <SubjectSearchPage ctx={ctx(request, reply)} query={query} searched={query.trim() !== ''} matches={matches} contacts={contacts} />);
  });

  // A contact of the person (a question, a counter contact): before /privacy/personen/:id.
  const renderContact = async (request: FastifyRequest, reply: FastifyReply, actor: UserActor, id: string, errors: FieldErrors) =>
    html(reply, <ContactDossierPage ctx={ctx(request, reply)} dossier={await subjects.contactDossier(request.trace, actor, id)} errors={errors} />);

  app.get('/privacy/personen/vragen/:id', { schema: { hide: true, params: IdParams } }, (request, reply) => renderContact(request, reply, requireUser(request), request.params.id, []));

  app.get('/privacy/personen/vragen/:id/export.json', { schema: { hide: true, params: IdParams } }, async (request, reply) =>
    sendExport(reply, await subjects.contactDossier(request.trace, requireUser(request), request.params.id)),
  );

  app.post('/privacy/personen/vragen/:id/wissen', { schema: { hide: true, params: IdParams, body: EraseBody } }, async (request, reply) => {
    const actor = requireUser(request);
    if (request.body.bevestig !== 'ja') return renderContact(request, reply.code(400), actor, request.params.id, [{ field: 'bevestig', key: 'referrals.subjects.eraseNotConfirmed' }]);
    await subjects.eraseContact(request.trace, actor, request.params.id);
    return redirectWithFlash(reply, '/privacy/personen', 'referrals.subjects.erased');
  });

  const renderDossier = async (request: FastifyRequest, reply: FastifyReply, actor: UserActor, id: string, errors: FieldErrors) =>
    html(reply, <SubjectDossierPage ctx={ctx(request, reply)} dossier={await subjects.dossier(request.trace, actor, id)} errors={errors} />);

  app.get('/privacy/personen/:id', { schema: { hide: true, params: IdParams } }, (request, reply) => renderDossier(request, reply, requireUser(request), request.params.id, []));

  app.get('/privacy/personen/:id/export.json', { schema: { hide: true, params: IdParams } }, async (request, reply) =>
    sendExport(reply, await subjects.dossier(request.trace, requireUser(request), request.params.id)),
  );

  app.post(
    '/privacy/personen/:id/wissen',
    { schema: { hide: true, params: IdParams, body: EraseBody } },
    async (request, reply) => {
      const actor = requireUser(request);
      if (request.body.bevestig !== 'ja') return renderDossier(request, reply.code(400), actor, request.params.id, [{ field: 'bevestig', key: 'referrals.subjects.eraseNotConfirmed' }]);
      await subjects.erase(request.trace, actor, request.params.id);
      return redirectWithFlash(reply, '/privacy/personen', 'referrals.subjects.erased');
    },
  );
};
