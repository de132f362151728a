import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/pool.ts';
import { pageContext, redirectWithFlash } from '../../platform/http/context.ts';
import { notFound } from '../../platform/http/errors.ts';
import { EXPIRED_FORM, personalFormTokensOf } from '../../platform/http/submissions.ts';
import { requireUser, type UserActor } from '../../platform/auth/guards.ts';
import { menuItem, type MenuEntry } from '../../platform/web/menu.ts';
import type { FieldErrors } from '../../platform/web/forms.tsx';
import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import type { ReferralStatus } from '../../platform/db/schema.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import type { RegionsService } from '../regions/regions.service.ts';
import { createContactService } from './contacts.service.ts';
import { clientPolicy, contactPolicy, inboxPolicy, OPEN_STATUSES, referralPolicy } from './referrals.policy.ts';
import { createClientService, emptyClientForm, validateClientForm, type ClientForm, type RegisterDecision } from './clients.service.ts';
import { createReferralService, emptyReferralForm, type ListFilterSpec, type ReferralForm } from './referrals.service.ts';
import { ClientFormPage, ClientPage, ClientsPage } from './views/clients.views.tsx';
import { ChooseServicePage, NoticesPage, ReferralFormPage, ReferralPage, ReferralPreviewPage, ReferralsPage } from './views/referrals.views.tsx';
import type { WorkItem, WorkSource } from '../../platform/web/work.ts';
import type { Actor } from '../../platform/db/tenancy.ts';
import type { Trace } from '../../platform/http/trace.ts';

// The guide's workspace ("Mijn werk"), client records at /clienten and referrals at /verwijzingen:
// the guide's list and wizard, and the partner's inbox on the same paths (the policy and row-level
// security decide what each sees). HTML only; every form works without JavaScript.

interface Options {
  db: Database;
  cipher: FieldCipher;
  regions: RegionsService;
  stylesheet: string;
  /** The workspace's sources of what waits: this module adds the guide's and the partner's. */
  workSources: WorkSource[];
}

const html = (reply: FastifyReply, body: JSX.Element) => reply.type('text/html; charset=utf-8').send(body);
const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const referralsMenu: readonly MenuEntry[] = [
  menuItem({ href: '/clienten', key: 'referrals.nav.clients', order: 11, policy: clientPolicy, action: 'view' }),
  menuItem({ href: '/verwijzingen', key: 'referrals.nav.referrals', order: 12, policy: referralPolicy, action: 'send' }),
  menuItem({ href: '/verwijzingen', key: 'referrals.nav.inbox', order: 12, policy: inboxPolicy, action: 'open' }),
];

const ClientBody = Type.Object({
  voornaam: text(1000),
  achternaam: text(1000),
  email: text(1000),
  telefoon: text(200),
  gemeente: text(20),
  geboortedatum: text(40),
  bsn: text(40),
  uitkering: text(40),
  regie: text(40),
  besluit: text(100),
  _submission: text(200),
  _csrf: text(200),
});

const ReferralBody = Type.Object({
  client: text(64),
  dienst: text(64),
  doel: text(60),
  identiteit: text(10),
  vraag: text(10_000),
  afhankelijk: text(10),
  grondslag: text(60),
  wettelijke_grondslag: text(60),
  hoe: text(40),
  geldig: text(10),
  regie: text(40),
  betaler: text(40),
  tekstversie: text(40),
  toestemming_bevestigd: text(10),
  vorige: text(64),
  _submission: text(200),
  _csrf: text(200),
});

const ActBody = Type.Object({ reden: text(60), uitkomst: text(60), toelichting: text(5000), bericht: text(10_000), _csrf: text(200) });

const clientForm = (body: Static<typeof ClientBody>): ClientForm =>
  emptyClientForm(Object.fromEntries(Object.entries(body).filter(([key, value]) => key in emptyClientForm() && typeof value === 'string')) as Partial<ClientForm>);
const referralForm = (body: Static<typeof ReferralBody>): ReferralForm =>
  emptyReferralForm(Object.fromEntries(Object.entries(body).filter(([key, value]) => key in emptyReferralForm() && typeof value === 'string')) as Partial<ReferralForm>);

/** Fields of the referral form page (the rest are the preview's consent fields). */
const FORM_PAGE_FIELDS = new Set(['dienst', 'doel', 'identiteit', 'vraag', 'afhankelijk', 'regie', 'betaler', 'geldig']);

const DAY_MS = 86_400_000;
const CLOSED: readonly ReferralStatus[] = ['afgerond', 'afgewezen', 'ingetrokken', 'verlopen'];
const PARTNER_REPLIES: readonly ReferralStatus[] = ['geaccepteerd', 'afgewezen', 'in-behandeling', 'afgerond'];

/** The list filters by name, as the pages link them; which ones a viewer sees depends on their side. */
function listFilters(now: Date): Record<string, ListFilterSpec> {
  return {
    mijn: { mine: true, statuses: OPEN_STATUSES },
    alle: {},
    nieuw: { statuses: ['verzonden'] },
    wacht: { statuses: ['verzonden', 'ontvangen'] },
    'te-laat': { overdue: true },
    lopend: { statuses: OPEN_STATUSES },
    'in-behandeling': { statuses: ['geaccepteerd', 'in-behandeling'] },
    afgesloten: { statuses: CLOSED },
    antwoorden: { mine: true, statuses: PARTNER_REPLIES, updatedSince: new Date(now.getTime() - 7 * DAY_MS) },
    verlopen: { mine: true, statuses: ['verlopen'] },
    escalatie: { escalated: true, statuses: ['verzonden', 'ontvangen'] },
  };
}

const GUIDE_TABS = ['mijn', 'wacht', 'te-laat', 'lopend', 'afgesloten', 'alle'] as const;
const PARTNER_TABS = ['nieuw', 'wacht', 'te-laat', 'in-behandeling', 'afgesloten', 'alle'] as const;
const TAB_KEYS: Record<string, MessageKey> = {
  mijn: 'referrals.filter.mine',
  alle: 'referrals.filter.all',
  nieuw: 'referrals.filter.new',
  wacht: 'referrals.filter.waiting',
  'te-laat': 'referrals.filter.overdue',
  lopend: 'referrals.filter.running',
  'in-behandeling': 'referrals.filter.running',
  afgesloten: 'referrals.filter.closed',
  antwoorden: 'referrals.work.partnerReplies',
  verlopen: 'referrals.status.verlopen',
  escalatie: 'referrals.timeline.escalation',
};

export const referralsRoutes: FastifyPluginAsync<Options> = async (fastify, { db, cipher, regions, stylesheet, workSources }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (request: FastifyRequest, reply: FastifyReply) => pageContext(request, reply, stylesheet);
  const clients = createClientService(db, cipher);
  const referrals = createReferralService(db, cipher);
  const questions = createContactService(db);
  const tokens = await personalFormTokensOf(db);

  const isPartner = (actor: UserActor) => inboxPolicy.can(actor, 'open');

  /** "Mijn werk": for a partner the inbox by state; for a guide new questions, partners' answers, late and expired referrals, own running ones and the clients; for the coordinator also the region's. */
  workSources.push(async (trace: Trace, actor: Actor) => {
    if (actor.kind !== 'user') return null;
    const filters = listFilters(new Date());
    if (isPartner(actor)) {
      const counts = await referrals.counts(trace, actor, { nieuw: filters.nieuw!, wacht: { statuses: ['ontvangen'] }, teLaat: filters['te-laat']!, lopend: filters['in-behandeling']! });
      return {
        primary: null,
        items: [
          { key: 'referrals.work.inboxNew', count: counts.nieuw, href: '/verwijzingen?filter=nieuw' },
          { key: 'referrals.work.inboxWaiting', count: counts.wacht, href: '/verwijzingen?filter=wacht' },
          { key: 'referrals.work.inboxOverdue', count: counts.teLaat, href: '/verwijzingen?filter=te-laat' },
          { key: 'referrals.work.inboxRunning', count: counts.lopend, href: '/verwijzingen?filter=in-behandeling' },
        ],
      };
    }
    if (!referralPolicy.can(actor, 'send')) return null;
    const [counts, asked, people] = await Promise.all([
      referrals.counts(trace, actor, {
        antwoorden: filters.antwoorden!,
        teLaat: filters['te-laat']!,
        verlopen: filters.verlopen!,
        mijn: filters.mijn!,
        lopend: filters.lopend!,
        escalatie: filters.escalatie!,
      }),
      contactPolicy.can(actor, 'handle') ? questions.counts(trace, actor) : null,
      clients.count(trace, actor),
    ]);
    const items: WorkItem[] = [];
    if (asked) {
      items.push(
        { key: 'referrals.work.newQuestions', count: asked.nieuw, href: '/vragen?filter=nieuw' },
        { key: 'referrals.work.followUps', count: asked.opvolgen, href: '/vragen?filter=opvolgen' },
        { key: 'referrals.work.questionsOverdue', count: asked.teLaat, href: '/vragen?filter=te-laat' },
        { key: 'referrals.work.myQuestions', count: asked.mijn, href: '/vragen?filter=mijn' },
      );
    }
    items.push(
      { key: 'referrals.work.partnerReplies', count: counts.antwoorden, href: '/verwijzingen?filter=antwoorden' },
      { key: 'referrals.work.overdue', count: counts.teLaat, href: '/verwijzingen?filter=te-laat' },
      { key: 'referrals.work.expired', count: counts.verlopen, href: '/verwijzingen?filter=verlopen' },
      { key: 'referrals.work.myRunning', count: counts.mijn, href: '/verwijzingen?filter=mijn' },
    );
    if (actor.membership?.role === 'regiocoordinator') {
      items.push(
        { key: 'referrals.work.escalated', count: counts.escalatie, href: '/verwijzingen?filter=escalatie' },
        { key: 'referrals.work.regionRunning', count: counts.lopend, href: '/verwijzingen?filter=lopend' },
      );
    }
    items.push({ key: 'referrals.work.clients', count: people, href: '/clienten' });
    return { primary: { href: '/clienten/nieuw', key: 'referrals.clients.new' }, items };
  });

  // Client records --------------------------------------------------------------------------------------

  const municipalitiesOf = async (request: FastifyRequest, actor: UserActor) =>
    (await regions.get(request.trace, actor.membership!.regionCode)).municipalities.map((m) => ({ code: m.code, name: m.name }));

  const renderClientForm = async (request: FastifyRequest, reply: FastifyReply, actor: UserActor, values: ClientForm, errors: FieldErrors, token?: string, candidates?: Parameters<typeof ClientFormPage>[0]['candidates']) =>
    html(
      reply,
      <ClientFormPage
        ctx={ctx(request, reply)}
        values={values}
        errors={errors}
        municipalities={await municipalitiesOf(request, actor)}
        submission={token ?? tokens.issue('client-create', actor.userId)}
        candidates={candidates}
      />,
    );

  const renderClients = async (request: FastifyRequest, reply: FastifyReply, actor: UserActor, query: string, retentionForm: { value: string; errors: FieldErrors }) => {
    const [found, retention] = await Promise.all([clients.list(request.trace, actor, query), clients.retentionMonths(request.trace, actor)]);
    const editable = clientPolicy.can(actor, 'setRetention', { regionCode: actor.membership!.regionCode });
    return html(reply, <ClientsPage ctx={ctx(request, reply)} query={query} clients={found} retention={{ months: retention.months, editable, ...retentionForm }} />);
  };

  app.get('/clienten', { schema: { hide: true, querystring: Type.Object({ q: text(100) }) } }, async (request, reply) =>
    renderClients(request, reply, requireUser(request), request.query.q ?? '', { value: '', errors: [] }),
  );

  app.post('/clienten/bewaartermijn', { schema: { hide: true, body: Type.Object({ maanden: text(10), _csrf: text(200) }) } }, async (request, reply) => {
    const actor = requireUser(request);
    const errors = await clients.setRetentionMonths(request.trace, actor, request.body.maanden ?? '');
    if (errors.length > 0) return renderClients(request, reply.code(400), actor, '', { value: request.body.maanden ?? '', errors });
    return redirectWithFlash(reply, '/clienten', 'referrals.retention.saved');
  });

  app.get('/clienten/nieuw', { schema: { hide: true, querystring: Type.Object({ vraag: text(64) }) } }, async (request, reply) => {
    const actor = requireUser(request);
    clientPolicy.authorize(actor, 'register');
    // From a contact: the person's details as they gave them, to check and complete.
    const contact = request.query.vraag ? await questions.get(request.trace, actor, request.query.vraag) : null;
    const [givenName = '', ...family] = (contact?.name ?? '').split(/\s+/);
    const values = contact
      ? emptyClientForm({ voornaam: givenName, achternaam: family.join(' '), email: contact.email ?? '', telefoon: contact.phone ?? '', gemeente: contact.municipalityCode ?? '' })
      : emptyClientForm();
    return renderClientForm(request, reply, actor, values, []);
  });

  app.post('/clienten/nieuw', { schema: { hide: true, body: ClientBody } }, async (request, reply) => {
    const actor = requireUser(request);
    clientPolicy.authorize(actor, 'register');
    const form = clientForm(request.body);
    const key = tokens.keyOf('client-create', actor.userId, request.body._submission);
    if (!key) return renderClientForm(request, reply.code(400), actor, form, [...EXPIRED_FORM]);
    const municipalities = await municipalitiesOf(request, actor);
    const { errors, value } = validateClientForm(form, new Set(municipalities.map((m) => m.code)));
    if (!value) return renderClientForm(request, reply.code(400), actor, form, errors, request.body._submission);
    const choice = request.body.besluit ?? '';
    const decision: RegisterDecision = choice === 'nieuw' ? { kind: 'new' } : choice.startsWith('samenvoegen:') ? { kind: 'merge', into: choice.slice('samenvoegen:'.length) } : { kind: 'check' };
    const outcome = await clients.register(request.trace, actor, value, decision, key);
    if (outcome.outcome === 'duplicates') return renderClientForm(request, reply, actor, form, [], request.body._submission, outcome.candidates);
    return redirectWithFlash(reply, `/clienten/${outcome.id}`, outcome.outcome === 'merged' ? 'referrals.clients.merged' : 'referrals.clients.saved');
  });

  const renderClient = async (request: FastifyRequest, reply: FastifyReply, actor: UserActor, id: string, errors: FieldErrors, forms: Partial<Parameters<typeof ClientPage>[0]['forms']> = {}) => {
    const client = await clients.get(request.trace, actor, id);
    const [list, consents] = await Promise.all([referrals.list(request.trace, actor, { clientId: client.id }), referrals.consents(request.trace, actor, client.id)]);
    return html(
      reply,
      <ClientPage ctx={ctx(request, reply)} client={client} referrals={list} consents={consents} errors={errors} forms={{ uitkering: '', datum: '', naar: '', reden: '', bezwaar: '', ...forms }} />,
    );
  };

  app.get('/clienten/:id', { schema: { hide: true, params: IdParams } }, async (request, reply) => renderClient(request, reply, requireUser(request), request.params.id, []));

  app.post(
    '/clienten/:id/uitkering',
    { schema: { hide: true, params: IdParams, body: Type.Object({ uitkering: text(40), datum: text(40), _csrf: text(200) }) } },
    async (request, reply) => {
      const actor = requireUser(request);
      const errors = await clients.changeBenefit(request.trace, actor, request.params.id, request.body.uitkering ?? '', request.body.datum ?? '');
      if (errors.length > 0) return renderClient(request, reply.code(400), actor, request.params.id, errors, { uitkering: request.body.uitkering ?? '', datum: request.body.datum ?? '' });
      return redirectWithFlash(reply, `/clienten/${request.params.id}`, 'referrals.client.benefitSaved');
    },
  );

  app.post(
    '/clienten/:id/regie',
    { schema: { hide: true, params: IdParams, body: Type.Object({ naar: text(40), datum: text(40), reden: text(2000), bezwaar: text(2000), _csrf: text(200) }) } },
    async (request, reply) => {
      const actor = requireUser(request);
      const form = { naar: request.body.naar ?? '', datum: request.body.datum ?? '', reden: request.body.reden ?? '', bezwaar: request.body.bezwaar ?? '' };
      const errors = await clients.transferResponsibility(request.trace, actor, request.params.id, form);
      if (errors.length > 0) return renderClient(request, reply.code(400), actor, request.params.id, errors, form);
      return redirectWithFlash(reply, `/clienten/${request.params.id}`, 'referrals.client.transferSaved');
    },
  );

  app.post(
    '/clienten/:id/toestemming/:consent/intrekken',
    { schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 64 }), consent: Type.String({ maxLength: 64 }) }), body: Type.Object({ _csrf: text(200) }) } },
    async (request, reply) => {
      const actor = requireUser(request);
      const outcome = await referrals.withdrawConsent(request.trace, actor, request.params.consent);
      return redirectWithFlash(reply, `/clienten/${request.params.id}`, outcome === 'withdrawn' ? 'referrals.consent.withdrawnNotice' : 'referrals.consent.alreadyWithdrawn');
    },
  );

  // Referrals ------------------------------------------------------------------------------------------

  app.get('/verwijzingen', { schema: { hide: true, querystring: Type.Object({ filter: text(40), dienst: text(64) }) } }, async (request, reply) => {
    const actor = requireUser(request);
    const partner = isPartner(actor);
    if (!partner) referralPolicy.authorize(actor, 'send');
    const tabs: readonly string[] = partner ? PARTNER_TABS : GUIDE_TABS;
    const filters = listFilters(new Date());
    const requested = request.query.filter ?? '';
    // Besides its tabs, the guide's side has the lists "Mijn werk" links to.
    const name = (partner ? tabs.includes(requested) : requested in filters) ? requested : tabs[0]!;
    const services = await referrals.services(request.trace, actor);
    const service = services.find((choice) => choice.id === request.query.dienst)?.id ?? '';
    const list = await referrals.list(request.trace, actor, { ...filters[name]!, ...(service ? { serviceId: service } : {}) });
    const shown = tabs.includes(name) ? tabs : [...tabs, name];
    return html(
      reply,
      <ReferralsPage
        ctx={ctx(request, reply)}
        side={partner ? 'partner' : 'guide'}
        filters={shown.map((tab) => ({ key: TAB_KEYS[tab]!, href: `/verwijzingen?filter=${tab}${service ? `&dienst=${service}` : ''}`, current: tab === name }))}
        filter={name}
        services={services}
        service={service}
        referrals={list}
      />,
    );
  });

  // Fixed paths before /verwijzingen/:id.
  const noticesPage = async (request: FastifyRequest, reply: FastifyReply, actor: UserActor, value: string | null, errors: FieldErrors) =>
    html(reply, <NoticesPage ctx={ctx(request, reply)} value={value ?? (await referrals.noticeFrequency(request.trace, actor))} errors={errors} />);

  app.get('/verwijzingen/meldingen', { schema: { hide: true } }, async (request, reply) => {
    const actor = requireUser(request);
    referralPolicy.authorize(actor, 'view');
    return noticesPage(request, reply, actor, null, []);
  });

  app.post('/verwijzingen/meldingen', { schema: { hide: true, body: Type.Object({ meldingen: text(20), _csrf: text(200) }) } }, async (request, reply) => {
    const actor = requireUser(request);
    referralPolicy.authorize(actor, 'view');
    const errors = await referrals.setNoticeFrequency(request.trace, actor, request.body.meldingen ?? '');
    if (errors.length > 0) return noticesPage(request, reply.code(400), actor, request.body.meldingen ?? '', errors);
    return redirectWithFlash(reply, '/verwijzingen', 'referrals.notices.saved');
  });

  app.get(
    '/verwijzingen/nieuw',
    { schema: { hide: true, querystring: Type.Object({ client: text(64), dienst: text(64), q: text(200), vorige: text(64) }) } },
    async (request, reply) => {
      const actor = requireUser(request);
      referralPolicy.authorize(actor, 'send');
      const clientId = request.query.client ?? '';
      const context = await referrals.formContext(request.trace, actor, clientId, request.query.dienst ?? '');
      if (!context.service) {
        const services = await referrals.findServices(request.trace, actor, request.query.q ?? '');
        return html(
          reply,
          <ChooseServicePage ctx={ctx(request, reply)} clientId={clientId} clientName={context.clientName} query={request.query.q ?? ''} previous={request.query.vorige ?? ''} services={services} />,
        );
      }
      const values = emptyReferralForm({ client: clientId, dienst: context.service.id, doel: context.purpose, vorige: request.query.vorige ?? '' });
      return html(reply, <ReferralFormPage ctx={ctx(request, reply)} clientName={context.clientName} service={context.service} values={values} errors={[]} dependsOn={context.dependsOn} />);
    },
  );

  const renderForm = async (request: FastifyRequest, reply: FastifyReply, actor: UserActor, values: ReferralForm, errors: FieldErrors) => {
    const context = await referrals.formContext(request.trace, actor, values.client, values.dienst);
    if (!context.service) throw notFound();
    return html(reply, <ReferralFormPage ctx={ctx(request, reply)} clientName={context.clientName} service={context.service} values={values} errors={errors} dependsOn={context.dependsOn} />);
  };

  /** The preview: what the partner will see and the consent; back to the form when the form's own fields are wrong. */
  const renderPreview = async (request: FastifyRequest, reply: FastifyReply, actor: UserActor, values: ReferralForm, extraErrors: FieldErrors, token?: string) => {
    const { errors, plan } = await referrals.preview(request.trace, actor, values);
    const formErrors = [...errors, ...extraErrors].filter((error) => FORM_PAGE_FIELDS.has(error.field));
    if (!plan || formErrors.length > 0) return renderForm(request, reply.code(400), actor, values, formErrors);
    const consentErrors = extraErrors.filter((error) => !FORM_PAGE_FIELDS.has(error.field));
    return html(
      reply.code(consentErrors.length > 0 ? 400 : 200),
      <ReferralPreviewPage ctx={ctx(request, reply)} plan={plan} values={values} errors={consentErrors} submission={token ?? tokens.issue('referral-send', actor.userId)} />,
    );
  };

  app.post('/verwijzingen/controleren', { schema: { hide: true, body: ReferralBody } }, async (request, reply) => {
    const actor = requireUser(request);
    referralPolicy.authorize(actor, 'send');
    return renderPreview(request, reply, actor, referralForm(request.body), []);
  });

  app.post('/verwijzingen/aanpassen', { schema: { hide: true, body: ReferralBody } }, async (request, reply) => {
    const actor = requireUser(request);
    referralPolicy.authorize(actor, 'send');
    return renderForm(request, reply, actor, referralForm(request.body), []);
  });

  app.post('/verwijzingen', { schema: { hide: true, body: ReferralBody } }, async (request, reply) => {
    const actor = requireUser(request);
    referralPolicy.authorize(actor, 'send');
    const values = referralForm(request.body);
    const key = tokens.keyOf('referral-send', actor.userId, request.body._submission);
    if (!key) return renderPreview(request, reply.code(400), actor, values, [...EXPIRED_FORM]);
    const { errors, id } = await referrals.send(request.trace, actor, values, key);
    if (!id) return renderPreview(request, reply, actor, values, errors, request.body._submission);
    return redirectWithFlash(reply, `/verwijzingen/${id}`, 'referrals.sent');
  });

  const renderReferral = async (request: FastifyRequest, reply: FastifyReply, actor: UserActor, id: string, errors: FieldErrors, values: Partial<Static<typeof ActBody>> = {}) => {
    const referral = await referrals.get(request.trace, actor, id);
    const guides = referral.abilities.assign ? await referrals.assignableGuides(request.trace, actor) : [];
    return html(
      reply,
      <ReferralPage
        ctx={ctx(request, reply)}
        referral={referral}
        errors={errors}
        values={{ reden: values.reden ?? '', uitkomst: values.uitkomst ?? '', toelichting: values.toelichting ?? '', bericht: values.bericht ?? '' }}
        guides={guides}
      />,
    );
  };

  app.get('/verwijzingen/:id', { schema: { hide: true, params: IdParams } }, async (request, reply) => renderReferral(request, reply, requireUser(request), request.params.id, []));

  const ACTS = { accepteren: 'accept', afwijzen: 'decline', starten: 'start', afronden: 'complete', intrekken: 'withdraw' } as const;
  for (const [path, act] of Object.entries(ACTS)) {
    app.post(`/verwijzingen/:id/${path}`, { schema: { hide: true, params: IdParams, body: ActBody } }, async (request, reply) => {
      const actor = requireUser(request);
      const errors = await referrals.act(request.trace, actor, request.params.id, act, request.body);
      if (errors.length > 0) return renderReferral(request, reply.code(400), actor, request.params.id, errors, request.body);
      return redirectWithFlash(reply, `/verwijzingen/${request.params.id}`, 'referrals.detail.changed');
    });
  }

  app.post('/verwijzingen/:id/toewijzen', { schema: { hide: true, params: IdParams, body: Type.Object({ gids: text(64), _csrf: text(200) }) } }, async (request, reply) => {
    const actor = requireUser(request);
    const errors = await referrals.assign(request.trace, actor, request.params.id, request.body.gids ?? '');
    if (errors.length > 0) return renderReferral(request, reply.code(400), actor, request.params.id, errors);
    return redirectWithFlash(reply, `/verwijzingen/${request.params.id}`, 'referrals.detail.assigned');
  });

  app.post('/verwijzingen/:id/bericht', { schema: { hide: true, params: IdParams, body: ActBody } }, async (request, reply) => {
    const actor = requireUser(request);
    const errors = await referrals.message(request.trace, actor, request.params.id, request.body.bericht ?? '');
    if (errors.length > 0) return renderReferral(request, reply.code(400), actor, request.params.id, errors, request.body);
    return redirectWithFlash(reply, `/verwijzingen/${request.params.id}`, 'referrals.detail.messageSent');
  });
};
