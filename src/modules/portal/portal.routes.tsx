import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { readPlatformSecret } from '../../platform/db/secrets.ts';
import type { Database } from '../../platform/db/pool.ts';
import { anonymous, withActor } from '../../platform/db/tenancy.ts';
import { pageContext } from '../../platform/http/context.ts';
import { notFound, TooManyRequestsError } from '../../platform/http/errors.ts';
import type { RegionDetail, RegionsService } from '../regions/regions.service.ts';
import { emptyChooser, HomePage, type ChooserState } from '../regions/views/regions.views.tsx';
import type { Places } from '../catalogue/places.ts';
import { createPortalService, PORTAL_AUDIENCES } from './portal.service.ts';
import { createContactService, emptyContactForm, validateContactForm, type ContactForm } from '../referrals/contacts.service.ts';
import { checkFormToken, FORM_MIN_AGE_MS, formTokenKey, issueFormToken } from './form-token.ts';
import { locationMap } from './map.ts';
import { AudiencePage, LocationPage, OrganisationPage, PathwayPage, PortalHomePage, ServicePage } from './views/portal.views.tsx';
import { ContactPage, ContactSentPage, HONEYPOT_FIELD, type ContactPageState } from './views/contact.views.tsx';

// The public portal of each region at /<region-slug> (home, audiences, service, organisation,
// location and pathway pages, "stel een vraag"), and the national home that leads there. The
// questions asked here are contacts of the referrals module, where the guides handle them.
// Registered last: /:slug must lose to every fixed path.

interface Options {
  db: Database;
  regions: RegionsService;
  places: Places;
  stylesheet: string;
}

const html = (reply: FastifyReply, body: JSX.Element) => reply.type('text/html; charset=utf-8').send(body);

const Slug = Type.String({ maxLength: 60 });
const Id = Type.String({ maxLength: 64 });
const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const PC4 = /^[1-9][0-9]{3}\s*([a-zA-Z]{2})?$/;

const ContactBody = Type.Object({
  naam: text(1000),
  email: text(1000),
  telefoon: text(200),
  kanaal: text(50),
  vraag: text(10_000),
  wie: text(100),
  gemeente: text(20),
  dienst: text(64),
  formtoken: text(200),
  [HONEYPOT_FIELD]: text(2000),
  _csrf: text(200),
});

export const portalRoutes: FastifyPluginAsync<Options> = async (fastify, { db, regions, places, stylesheet }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (request: FastifyRequest, reply: FastifyReply) => pageContext(request, reply, stylesheet);
  const portal = createPortalService(db);
  const contact = createContactService(db);

  const tokenKey = formTokenKey(await readPlatformSecret(db, 'cookie_key'));

  /** The region of a portal URL; a code or an old spelling is sent to the canonical slug. */
  async function regionOf(request: FastifyRequest, reply: FastifyReply, slug: string): Promise<RegionDetail | null> {
    const region = await regions.get(request.trace, slug);
    if (region.slug === slug) return region;
    const rest = request.url.slice(1 + encodeURIComponent(slug).length);
    reply.code(301).redirect(`/${region.slug}${rest.startsWith('/') || rest.startsWith('?') || rest === '' ? rest : ''}`);
    return null;
  }

  async function slugOf(request: FastifyRequest, code: string | null | undefined): Promise<string | null> {
    if (!code) return null;
    return (await regions.list(request.trace)).find((r) => r.code === code)?.slug ?? null;
  }

  // National home: a municipality or a PC4 postcode area leads to the region's portal ----------------

  async function renderHome(request: FastifyRequest, reply: FastifyReply, chooser: ChooserState, status = 200) {
    const municipalities = await regions.allMunicipalities(request.trace);
    return html(reply.code(status), <HomePage ctx={ctx(request, reply)} municipalities={municipalities} chooser={chooser} />);
  }

  app.get('/', { schema: { hide: true } }, (request, reply) => renderHome(request, reply, emptyChooser));

  app.get(
    '/gemeente-kiezen',
    { schema: { hide: true, querystring: Type.Object({ gemeente: text(200) }) } },
    async (request, reply) => {
      const value = (request.query.gemeente ?? '').trim();
      if (!value) return renderHome(request, reply, { value, errors: [{ field: 'gemeente', key: 'chooser.error.required' }], suggestions: [] }, 400);
      const place = await withActor(db, { actor: anonymous, trace: request.trace }, (tx) => places.resolve(tx, value));
      const slug = await slugOf(request, place?.regionCode);
      if (slug) return reply.code(303).redirect(`/${slug}`);
      if (PC4.test(value)) {
        const postcode = value.slice(0, 4);
        return renderHome(request, reply, { value, errors: [{ field: 'gemeente', key: 'portal.chooser.error.postcode', params: { value: postcode } }], suggestions: [] }, 404);
      }
      const result = await regions.chooseMunicipality(request.trace, value);
      if ('region' in result) return reply.code(303).redirect(`/${result.region.slug}`);
      return renderHome(
        request,
        reply,
        { value, errors: [{ field: 'gemeente', key: 'chooser.error.unknown', params: { value } }], suggestions: result.suggestions },
        404,
      );
    },
  );

  // The region portal ------------------------------------------------------------------------------

  app.get('/:slug', { schema: { hide: true, params: Type.Object({ slug: Slug }) } }, async (request, reply) => {
    const region = await regionOf(request, reply, request.params.slug);
    if (!region) return reply;
    const home = await portal.home(request.trace, region.code);
    return html(reply, <PortalHomePage ctx={ctx(request, reply)} region={region} home={home} now={new Date()} />);
  });

  app.get(
    '/:slug/voor/:audience',
    { schema: { hide: true, params: Type.Object({ slug: Slug, audience: Type.String({ maxLength: 40 }) }) } },
    async (request, reply) => {
      const entry = PORTAL_AUDIENCES.find((a) => a.segment === request.params.audience);
      if (!entry) throw notFound();
      const region = await regionOf(request, reply, request.params.slug);
      if (!region) return reply;
      const { counts, pathways } = await portal.themeCounts(request.trace, region.code, entry.audience);
      return html(reply, <AudiencePage ctx={ctx(request, reply)} region={region} entry={entry} counts={counts} pathways={pathways} />);
    },
  );

  app.get('/:slug/diensten/:id', { schema: { hide: true, params: Type.Object({ slug: Slug, id: Id }) } }, async (request, reply) => {
    const region = await regionOf(request, reply, request.params.slug);
    if (!region) return reply;
    const service = await portal.service(request.trace, request.params.id);
    if (!service) throw notFound('There is no published service with this id.');
    // A service not offered here is shown in the region that offers it (a shared link keeps working).
    if (!service.areaRegions.includes(region.code)) {
      const slug = await slugOf(request, service.regionCode ?? service.areaRegions[0]);
      if (!slug) throw notFound();
      return reply.code(302).redirect(`/${slug}/diensten/${service.id}`);
    }
    return html(reply, <ServicePage ctx={ctx(request, reply)} region={region} service={service} now={new Date()} />);
  });

  app.get('/:slug/organisaties/:id', { schema: { hide: true, params: Type.Object({ slug: Slug, id: Id }) } }, async (request, reply) => {
    const region = await regionOf(request, reply, request.params.slug);
    if (!region) return reply;
    const organisation = await portal.organisation(request.trace, region.code, request.params.id);
    if (!organisation) throw notFound('This organisation is not active in this region.');
    return html(reply, <OrganisationPage ctx={ctx(request, reply)} region={region} organisation={organisation} now={new Date()} />);
  });

  app.get('/:slug/locaties/:id', { schema: { hide: true, params: Type.Object({ slug: Slug, id: Id }) } }, async (request, reply) => {
    const region = await regionOf(request, reply, request.params.slug);
    if (!region) return reply;
    const location = await portal.location(request.trace, request.params.id);
    if (!location) throw notFound('There is no published location with this id.');
    if (location.regionCode !== region.code) {
      const slug = await slugOf(request, location.regionCode);
      if (!slug) throw notFound();
      return reply.code(302).redirect(`/${slug}/locaties/${location.id}`);
    }
    const map = locationMap(location.regionCode, location.lat, location.lon);
    return html(reply, <LocationPage ctx={ctx(request, reply)} region={region} location={location} map={map} now={new Date()} />);
  });

  app.get(
    '/:slug/ontwikkelpaden/:key',
    { schema: { hide: true, params: Type.Object({ slug: Slug, key: Type.String({ maxLength: 100 }) }) } },
    async (request, reply) => {
      const region = await regionOf(request, reply, request.params.slug);
      if (!region) return reply;
      const pathway = await portal.pathway(request.trace, region.code, request.params.key);
      if (!pathway) throw notFound('There is no published pathway with this key in this region.');
      return html(reply, <PathwayPage ctx={ctx(request, reply)} region={region} pathway={pathway} />);
    },
  );

  // "Stel een vraag" ---------------------------------------------------------------------------------

  /** The form with the values kept; `token` keeps a submission (and when it was first shown) across re-renders. */
  async function renderContact(
    request: FastifyRequest,
    reply: FastifyReply,
    region: RegionDetail,
    values: ContactForm,
    extra: Partial<Pick<ContactPageState, 'errors' | 'formError' | 'token'>> = {},
    status = 200,
  ) {
    const service = values.dienst ? await portal.serviceInRegion(request.trace, region.code, values.dienst) : null;
    const state: ContactPageState = {
      values: { ...values, dienst: service?.id ?? '' },
      errors: extra.errors ?? [],
      formError: extra.formError ?? null,
      token: extra.token ?? issueFormToken(tokenKey, region.code),
      service,
    };
    return html(reply.code(status), <ContactPage ctx={ctx(request, reply)} region={region} municipalities={region.municipalities} state={state} />);
  }

  app.get(
    '/:slug/vraag',
    { schema: { hide: true, params: Type.Object({ slug: Slug }), querystring: Type.Object({ dienst: text(64), wie: text(40) }) } },
    async (request, reply) => {
      const region = await regionOf(request, reply, request.params.slug);
      if (!region) return reply;
      const wie = ['werkzoekende', 'werkende', 'werkgever', 'zelfstandige'].includes(request.query.wie ?? '') ? request.query.wie! : '';
      return renderContact(request, reply, region, emptyContactForm({ dienst: request.query.dienst ?? '', wie }));
    },
  );

  app.post(
    '/:slug/vraag',
    { schema: { hide: true, params: Type.Object({ slug: Slug }), body: ContactBody } },
    async (request, reply) => {
      const region = await regions.get(request.trace, request.params.slug);
      const body = request.body;
      const values: ContactForm = {
        naam: body.naam ?? '',
        email: body.email ?? '',
        telefoon: body.telefoon ?? '',
        kanaal: body.kanaal ?? '',
        vraag: body.vraag ?? '',
        wie: body.wie ?? '',
        gemeente: body.gemeente ?? '',
        dienst: body.dienst ?? '',
      };
      const check = checkFormToken(tokenKey, region.code, body.formtoken);
      // A form that fails is shown again with the token it came with, so a second try is the same
      // submission and keeps the time the form was first shown.
      let token = check.status === 'invalid' ? undefined : check.submission.token;
      let formError: ContactPageState['formError'] = null;
      if ((body[HONEYPOT_FIELD] ?? '') !== '') formError = { key: 'portal.contact.error.robot' };
      else if (check.status === 'too-fast') formError = { key: 'portal.contact.error.tooFast' };
      else if (check.status === 'invalid') formError = { key: 'portal.contact.error.invalidToken' };
      else if (check.status === 'expired') {
        // Sent before, then sent again later (the back button): the first answer, not a new question.
        const answer = await contact.answerOf(request.trace, check.submission.key);
        if (answer) return reply.code(303).redirect(answer);
        formError = { key: 'portal.contact.error.expired' };
        // A new key; its time is set back so the next click is not "too fast": the form was open for hours.
        token = issueFormToken(tokenKey, region.code, Date.now() - FORM_MIN_AGE_MS);
      }
      const { errors, value } = validateContactForm(values, new Set(region.municipalities.map((m) => m.code)));
      if (formError || !value || check.status !== 'ok') return renderContact(request, reply, region, values, { errors, formError, token }, 400);
      const service = values.dienst ? await portal.serviceInRegion(request.trace, region.code, values.dienst) : null;
      try {
        const answer = await contact.create(
          request.trace,
          { code: region.code, name: region.name },
          value,
          service?.id ?? null,
          { key: check.submission.key, client: request.ip, answer: (reference) => `/${region.slug}/vraag/verstuurd?via=${value.channel}&referentie=${reference}` },
          request.lang,
        );
        return reply.code(303).redirect(answer);
      } catch (error) {
        if (!(error instanceof TooManyRequestsError)) throw error;
        const phone = await portal.werkcentrumPhone(request.trace, region.code);
        const params = { wait: request.t('portal.contact.error.limitWait', { minutes: Math.ceil(error.retryAfterSeconds / 60) }), name: region.name };
        reply.header('retry-after', String(error.retryAfterSeconds));
        return renderContact(
          request,
          reply,
          region,
          values,
          { formError: phone ? { key: 'portal.contact.error.limit', params: { ...params, phone } } : { key: 'portal.contact.error.limitVisit', params }, token },
          429,
        );
      }
    },
  );

  app.get(
    '/:slug/vraag/verstuurd',
    { schema: { hide: true, params: Type.Object({ slug: Slug }), querystring: Type.Object({ via: text(20), referentie: text(20) }) } },
    async (request, reply) => {
      const region = await regionOf(request, reply, request.params.slug);
      if (!region) return reply;
      const via = request.query.via === 'email' || request.query.via === 'telefoon' ? request.query.via : null;
      const reference = /^V-[0-9A-Z]{8}$/.test(request.query.referentie ?? '') ? request.query.referentie! : null;
      return html(reply, <ContactSentPage ctx={ctx(request, reply)} region={region} channel={via} reference={reference} />);
    },
  );
};
