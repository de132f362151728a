import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/pool.ts';
import { pageContext, redirectWithFlash } from '../../platform/http/context.ts';
import { EXPIRED_FORM, personalFormTokensOf } from '../../platform/http/submissions.ts';
import { requireUser, type UserActor } from '../../platform/auth/guards.ts';
import { menuItem, type MenuEntry } from '../../platform/web/menu.ts';
import type { FieldErrors } from '../../platform/web/forms.tsx';
import { INTAKE_CHANNELS } from '../../platform/db/schema.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import type { Trace } from '../../platform/http/trace.ts';
import type { RegionsService } from '../regions/regions.service.ts';
import { contactPolicy } from './referrals.policy.ts';
import { CONTACT_FILTERS, createContactService, emptyRegisterForm, validateRegisterForm, type RegisterForm } from './contacts.service.ts';
import { ContactFormPage, ContactPage, ContactsPage, emptyContactPageValues, type ContactPageValues } from './views/contacts.tsx';

// The guides' contacts at /vragen: the region's list under filters, registering a contact from any
// channel, and one contact with its actions. HTML only; every form works without JavaScript, and a
// form with an error comes back with the input kept and the error next to its field.

interface Options {
  db: Database;
  regions: RegionsService;
  stylesheet: string;
}

const html = (reply: FastifyReply, body: JSX.Element) => reply.type('text/html; charset=utf-8').send(body);
const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const contactsMenu: readonly MenuEntry[] = [menuItem({ href: '/vragen', key: 'contacts.nav', order: 10, policy: contactPolicy, action: 'handle' })];

const RegisterBody = Type.Object({
  binnengekomen: text(40),
  wie: text(100),
  themas: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })])),
  gemeente: text(20),
  vraag: text(10_000),
  opvolging: text(10),
  naam: text(1000),
  email: text(1000),
  telefoon: text(200),
  kanaal: text(50),
  resultaat: text(60),
  _submission: text(200),
  _csrf: text(200),
});

const ActBody = Type.Object({
  notitie: text(10_000),
  verslag: text(10_000),
  antwoord: text(10_000),
  opvolgen: text(40),
  resultaat: text(60),
  toelichting: text(10_000),
  behandelaar: text(64),
  _submission: text(200),
  _csrf: text(200),
});

export const contactsRoutes: FastifyPluginAsync<Options> = async (fastify, { db, regions, stylesheet }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (request: FastifyRequest, reply: FastifyReply) => pageContext(request, reply, stylesheet);
  const contacts = createContactService(db);
  const tokens = await personalFormTokensOf(db);

  const guide = (request: FastifyRequest) => {
    const actor = requireUser(request);
    contactPolicy.authorize(actor, 'handle');
    return actor;
  };

  app.get('/vragen', { schema: { hide: true, querystring: Type.Object({ filter: text(40), status: text(40), kanaal: text(40) }) } }, async (request, reply) => {
    const actor = guide(request);
    // `status` is the older link's name for the same filters.
    const asked = request.query.filter ?? request.query.status;
    const filter = CONTACT_FILTERS.find((name) => name === asked) ?? null;
    const channel = INTAKE_CHANNELS.find((name) => name === request.query.kanaal) ?? null;
    const { regionCode, counts, contacts: list } = await contacts.list(request.trace, actor, filter, channel);
    const region = await regions.get(request.trace, regionCode);
    return html(
      reply,
      <ContactsPage
        ctx={ctx(request, reply)}
        regionName={region.name}
        filter={filter}
        counts={{ nieuw: counts.nieuw, mijn: counts.mijn, opvolgen: counts.opvolgen, 'te-laat': counts.teLaat, 'in-behandeling': counts['in-behandeling'], afgerond: counts.afgerond }}
        contacts={list}
      />,
    );
  });

  const renderForm = async (request: FastifyRequest, reply: FastifyReply, actor: UserActor, values: RegisterForm, errors: FieldErrors, token?: string) => {
    const region = await regions.get(request.trace, actor.membership!.regionCode);
    return html(
      reply,
      <ContactFormPage
        ctx={ctx(request, reply)}
        values={values}
        errors={errors}
        municipalities={region.municipalities.map((m) => ({ code: m.code, name: m.name }))}
        submission={token ?? tokens.issue('contact-register', actor.userId)}
      />,
    );
  };

  app.get('/vragen/nieuw', { schema: { hide: true } }, async (request, reply) => {
    const actor = guide(request);
    contactPolicy.authorize(actor, 'register');
    return renderForm(request, reply, actor, emptyRegisterForm(), []);
  });

  app.post('/vragen', { schema: { hide: true, body: RegisterBody } }, async (request, reply) => {
    const actor = guide(request);
    contactPolicy.authorize(actor, 'register');
    const body = request.body;
    const values = emptyRegisterForm({
      binnengekomen: body.binnengekomen ?? '',
      wie: body.wie ?? '',
      themas: body.themas === undefined ? [] : Array.isArray(body.themas) ? body.themas : [body.themas],
      gemeente: body.gemeente ?? '',
      vraag: body.vraag ?? '',
      opvolging: body.opvolging ?? '',
      naam: body.naam ?? '',
      email: body.email ?? '',
      telefoon: body.telefoon ?? '',
      kanaal: body.kanaal ?? '',
      resultaat: body.resultaat ?? '',
    });
    const key = tokens.keyOf('contact-register', actor.userId, body._submission);
    if (!key) return renderForm(request, reply.code(400), actor, values, [...EXPIRED_FORM]);
    const region = await regions.get(request.trace, actor.membership!.regionCode);
    const { errors, value } = validateRegisterForm(values, new Set(region.municipalities.map((m) => m.code)));
    if (!value) return renderForm(request, reply.code(400), actor, values, errors, body._submission);
    const id = await contacts.register(request.trace, actor, value, key);
    return redirectWithFlash(reply, `/vragen/${id}`, 'contacts.flash.registered');
  });

  /** `replyToken`: a reply form shown again keeps its key, so sending it once more is the same reply. */
  const renderContact = async (request: FastifyRequest, reply: FastifyReply, actor: UserActor, id: string, errors: FieldErrors = [], values: Partial<ContactPageValues> = {}, replyToken?: string) => {
    const contact = await contacts.get(request.trace, actor, id);
    const region = await regions.get(request.trace, actor.membership!.regionCode);
    return html(
      reply,
      <ContactPage
        ctx={ctx(request, reply)}
        contact={contact}
        regionSlug={region.slug}
        errors={errors}
        values={{ ...emptyContactPageValues(), ...values }}
        replySubmission={replyToken ?? tokens.issue('contact-reply', actor.userId)}
      />,
    );
  };

  app.get('/vragen/:id', { schema: { hide: true, params: IdParams } }, async (request, reply) => renderContact(request, reply, guide(request), request.params.id));

  /** A change that either succeeds (back to the contact with a message) or shows the page again with the input kept. */
  const act = (path: string, work: (trace: Trace, actor: UserActor, id: string, body: typeof ActBody.static) => Promise<FieldErrors>, flash: MessageKey, kept: (body: typeof ActBody.static) => Partial<ContactPageValues>) =>
    app.post(`/vragen/:id/${path}`, { schema: { hide: true, params: IdParams, body: ActBody } }, async (request, reply) => {
      const actor = guide(request);
      const errors = await work(request.trace, actor, request.params.id, request.body);
      if (errors.length > 0) return renderContact(request, reply.code(400), actor, request.params.id, errors, kept(request.body));
      return redirectWithFlash(reply, `/vragen/${request.params.id}`, flash);
    });

  app.post('/vragen/:id/oppakken', { schema: { hide: true, params: IdParams, body: ActBody } }, async (request, reply) => {
    const outcome = await contacts.claim(request.trace, guide(request), request.params.id);
    return redirectWithFlash(reply, `/vragen/${request.params.id}`, outcome === 'claimed' ? 'contacts.flash.claimed' : 'contacts.flash.taken');
  });

  act('toewijzen', (trace, actor, id, body) => contacts.assign(trace, actor, id, body.behandelaar ?? ''), 'contacts.flash.assigned', () => ({}));
  act('notitie', (trace, actor, id, body) => contacts.note(trace, actor, id, body.notitie ?? ''), 'contacts.flash.noted', (body) => ({ notitie: body.notitie ?? '' }));
  act('contact', (trace, actor, id, body) => contacts.recordContact(trace, actor, id, body.verslag ?? ''), 'contacts.flash.contactMade', (body) => ({ verslag: body.verslag ?? '' }));
  act('opvolgen', (trace, actor, id, body) => contacts.followUp(trace, actor, id, body.opvolgen ?? ''), 'contacts.flash.followUp', (body) => ({ opvolgen: body.opvolgen ?? '' }));
  act('afronden', (trace, actor, id, body) => contacts.close(trace, actor, id, body.resultaat ?? '', body.toelichting ?? ''), 'contacts.flash.closed', (body) => ({
    resultaat: body.resultaat ?? '',
    toelichting: body.toelichting ?? '',
  }));

  app.post('/vragen/:id/antwoord', { schema: { hide: true, params: IdParams, body: ActBody } }, async (request, reply) => {
    const actor = guide(request);
    const key = tokens.keyOf('contact-reply', actor.userId, request.body._submission);
    const kept = { antwoord: request.body.antwoord ?? '' };
    if (!key) return renderContact(request, reply.code(400), actor, request.params.id, [...EXPIRED_FORM], kept);
    const errors = await contacts.reply(request.trace, actor, request.params.id, request.body.antwoord ?? '', key);
    if (errors.length > 0) return renderContact(request, reply.code(400), actor, request.params.id, errors, kept, request.body._submission);
    return redirectWithFlash(reply, `/vragen/${request.params.id}`, 'contacts.flash.replied');
  });

  app.post('/vragen/:id/heropenen', { schema: { hide: true, params: IdParams, body: ActBody } }, async (request, reply) => {
    await contacts.reopen(request.trace, guide(request), request.params.id);
    return redirectWithFlash(reply, `/vragen/${request.params.id}`, 'contacts.flash.reopened');
  });
};
