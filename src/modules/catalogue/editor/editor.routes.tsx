import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../../platform/db/pool.ts';
import { pageContext, redirectWithFlash } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { EXPIRED_FORM, personalFormTokensOf } from '../../../platform/http/submissions.ts';
import { requireUser } from '../../../platform/auth/guards.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import type { FieldErrors } from '../../../platform/web/forms.tsx';
import {
  createEditorService,
  emptyLocationForm,
  emptyServiceForm,
  SERVICE_ACTIONS,
  type HoursForm,
  type RestoreResult,
  type LocationForm,
  type SaveOutcome,
  type ServiceAction,
  type ServiceForm,
} from './editor.service.ts';
import { DuplicatesPage, HistoryPage, ServiceFormPage, ServicesPage } from './views/services.views.tsx';
import { LocationFormPage, LocationsPage } from './views/locations.views.tsx';
import { menuItem, type MenuEntry } from '../../../platform/web/menu.ts';
import { locationPolicy, servicePolicy } from '../catalogue.policy.ts';

// The partner editor: /beheer/diensten (list, new, edit, history) and /beheer/locaties (list, new,
// edit). HTTP only: parse the form, call the service, re-render with the input and the errors
// (400; 409 for a save over a newer version), or redirect with a message.

interface Options {
  db: Database;
  stylesheet: string;
}

const html = (reply: FastifyReply, body: JSX.Element) => reply.type('text/html; charset=utf-8').send(body);

const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const list = (maxItems: number) => Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems }));
const csrf = { _csrf: Type.Optional(Type.String({ maxLength: 200 })) };
const submission = { _submission: Type.Optional(Type.String({ maxLength: 200 })) };
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

const ServiceBody = Type.Object({
  owner: text(64),
  region: text(20),
  name: text(1000),
  summary: text(3000),
  description: text(10000),
  audiences: list(50),
  themes: list(100),
  eligibility: text(5000),
  costFree: text(10),
  costDescription: text(2000),
  costAmount: text(100),
  languages: list(50),
  deliveryModes: list(20),
  areaKind: text(20),
  areaRegions: list(50),
  areaMunicipalities: list(400),
  access: list(20),
  applicationProcess: text(5000),
  waitTime: text(1000),
  capacity: text(20),
  contactEmail: text(1000),
  contactPhone: text(100),
  contactUrl: text(2000),
  keywords: text(5000),
  reviewInterval: text(10),
  responseDays: text(10),
  reminders: text(10),
  expiryDays: text(10),
  locations: list(200),
  version: text(20),
  action: text(20),
  ...csrf,
  ...submission,
});

const ListQuery = Type.Object({ status: text(20), controle: text(20), regio: text(20) });

type ServiceBodyType = Partial<Record<string, string | string[]>>;

function serviceForm(body: ServiceBodyType): ServiceForm {
  const s = (name: string) => {
    const value = body[name];
    return typeof value === 'string' ? value : '';
  };
  const l = (name: string) => {
    const value = body[name];
    return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  };
  return {
    owner: s('owner'),
    region: s('region'),
    name: s('name'),
    summary: s('summary'),
    description: s('description'),
    audiences: l('audiences'),
    themes: l('themes'),
    eligibility: s('eligibility'),
    costFree: s('costFree'),
    costDescription: s('costDescription'),
    costAmount: s('costAmount'),
    languages: l('languages'),
    deliveryModes: l('deliveryModes'),
    areaKind: s('areaKind'),
    areaRegions: l('areaRegions'),
    areaMunicipalities: l('areaMunicipalities'),
    access: l('access'),
    applicationProcess: s('applicationProcess'),
    waitTime: s('waitTime'),
    capacity: s('capacity'),
    contactEmail: s('contactEmail'),
    contactPhone: s('contactPhone'),
    contactUrl: s('contactUrl'),
    keywords: s('keywords'),
    reviewInterval: s('reviewInterval'),
    responseDays: s('responseDays'),
    reminders: s('reminders'),
    expiryDays: s('expiryDays'),
    locations: l('locations'),
    version: s('version'),
  };
}

const HOURS_ROWS_MAX = 30;

/** The location form; its opening-hours rows arrive as `hours[0].days`, `hours[0].opens`, … */
function locationForm(body: Record<string, unknown>): LocationForm {
  const s = (name: string) => {
    const value = body[name];
    return typeof value === 'string' ? value.slice(0, 5000) : '';
  };
  const hours: HoursForm[] = [];
  for (let index = 0; index < HOURS_ROWS_MAX; index++) {
    const prefix = `hours[${index}]`;
    if (![`${prefix}.days`, `${prefix}.opens`, `${prefix}.closes`, `${prefix}.note`].some((key) => key in body)) continue;
    const days = body[`${prefix}.days`];
    const row = {
      days: (Array.isArray(days) ? days : typeof days === 'string' ? [days] : []).filter((day): day is string => typeof day === 'string').slice(0, 7),
      opens: s(`${prefix}.opens`),
      closes: s(`${prefix}.closes`),
      note: s(`${prefix}.note`),
    };
    if (row.days.length > 0 || row.opens || row.closes || row.note) hours.push(row);
  }
  return {
    owner: s('owner'),
    role: s('role'),
    name: s('name'),
    description: s('description'),
    street: s('street'),
    postalCode: s('postalCode'),
    city: s('city'),
    municipality: s('municipality'),
    lat: s('lat'),
    lon: s('lon'),
    accessibility: s('accessibility'),
    status: s('status'),
    hours,
    sharedWith: [body.sharedWith].flat().filter((id): id is string => typeof id === 'string'),
    version: s('version'),
  };
}

const LocationBody = Type.Object(
  { sharedWith: list(500), ...csrf, ...submission },
  { additionalProperties: Type.Union([Type.String({ maxLength: 5000 }), Type.Array(Type.String({ maxLength: 10 }), { maxItems: 7 })]), maxProperties: 200 },
);

/** The field errors of a validation error; any other error is not the form's business. */
function formErrors(error: unknown): FieldErrors {
  if (error instanceof AppError && error.slug === 'validation') return error.fieldErrors;
  throw error;
}

const isAction = (value: string | undefined): value is ServiceAction => SERVICE_ACTIONS.includes(value as ServiceAction);
const STATUSES = ['concept', 'gepubliceerd', 'gearchiveerd'] as const;

const flashFor: Record<ServiceAction, MessageKey> = {
  opslaan: 'editor.flash.saved',
  publiceren: 'editor.flash.published',
  archiveren: 'editor.flash.archived',
  'naar-concept': 'editor.flash.toConcept',
  gecontroleerd: 'editor.flash.reviewed',
};

export const editorMenu: readonly MenuEntry[] = [
  menuItem({ href: '/beheer/diensten', key: 'editor.nav.services', order: 20, policy: servicePolicy, action: 'list' }),
  menuItem({ href: '/beheer/locaties', key: 'editor.nav.locations', order: 21, policy: locationPolicy, action: 'list' }),
];

export const editorRoutes: FastifyPluginAsync<Options> = async (fastify, { db, stylesheet }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createEditorService({ db });
  const ctx = (request: FastifyRequest, reply: FastifyReply) => pageContext(request, reply, stylesheet);
  // A creating form without a valid one-time key (expired, or not this person's) is shown again with a fresh one.
  const tokens = await personalFormTokensOf(db);

  // Services ---------------------------------------------------------------------------------------

  app.get('/beheer/diensten', { schema: { hide: true, querystring: ListQuery } }, async (request, reply) => {
    const actor = requireUser(request);
    const { status, controle, regio } = request.query;
    const filter = {
      status: STATUSES.find((s) => s === status) ?? null,
      review: controle === 'nodig' || controle === 'binnenkort' ? controle : null,
      region: regio && (regio === 'landelijk' || /^AM[0-9]{2}$/.test(regio)) ? regio : null,
    } as const;
    const result = await service.listServices(request.trace, actor, filter);
    return html(reply, <ServicesPage ctx={ctx(request, reply)} scope={result.scope} regions={result.regions} filter={filter} services={result.services} />);
  });

  /** The new service form; re-rendered after an error with the same token: the second try is the same submission. */
  const renderNew = async (request: FastifyRequest, reply: FastifyReply, values: ServiceForm | null, errors: FieldErrors, token?: string) => {
    const actor = requireUser(request);
    const { scope, choices } = await service.newServiceContext(request.trace, actor, values?.owner ?? null, values?.region ?? null);
    const submission = token ?? tokens.issue('service-create', actor.userId);
    return html(
      reply,
      <ServiceFormPage ctx={ctx(request, reply)} scope={scope} choices={choices} values={values ?? emptyServiceForm(scope)} errors={errors} submission={submission} />,
    );
  };

  app.get('/beheer/diensten/nieuw', { schema: { hide: true } }, (request, reply) => renderNew(request, reply, null, []));

  app.post('/beheer/diensten/nieuw', { schema: { hide: true, body: ServiceBody } }, async (request, reply) => {
    const actor = requireUser(request);
    const form = serviceForm(request.body as ServiceBodyType);
    const action = isAction(request.body.action) && (request.body.action === 'publiceren' || request.body.action === 'opslaan') ? request.body.action : 'opslaan';
    const key = tokens.keyOf('service-create', actor.userId, request.body._submission);
    if (!key) return renderNew(request, reply.code(400), form, [...EXPIRED_FORM]);
    let created: { id: string; reviewRequested: boolean };
    try {
      created = await service.createService(request.trace, actor, form, action, key);
    } catch (error) {
      return renderNew(request, reply.code(400), form, formErrors(error), request.body._submission);
    }
    const flash = created.reviewRequested ? 'review.flash.requested' : action === 'publiceren' ? 'editor.flash.published' : 'editor.flash.created';
    return redirectWithFlash(reply, `/beheer/diensten/${created.id}`, flash);
  });

  app.get('/beheer/diensten/dubbel', { schema: { hide: true } }, async (request, reply) => {
    const { region, pairs } = await service.duplicates(request.trace, requireUser(request));
    return html(reply, <DuplicatesPage ctx={ctx(request, reply)} region={region} pairs={pairs} />);
  });

  app.post(
    '/beheer/diensten/:id/zelfde-als',
    { schema: { hide: true, params: IdParams, body: Type.Object({ dienst: Type.String({ maxLength: 64 }), ...csrf }) } },
    async (request, reply) => {
      await service.markDuplicate(request.trace, requireUser(request), request.params.id, request.body.dienst);
      return redirectWithFlash(reply, '/beheer/diensten/dubbel', 'editor.flash.markedSame');
    },
  );

  app.get('/beheer/diensten/:id', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const { scope, service: detail, choices } = await service.getService(request.trace, requireUser(request), request.params.id);
    return html(reply, <ServiceFormPage ctx={ctx(request, reply)} scope={scope} choices={choices} service={detail} values={detail.form} errors={[]} />);
  });

  app.post('/beheer/diensten/:id', { schema: { hide: true, params: IdParams, body: ServiceBody } }, async (request, reply) => {
    const actor = requireUser(request);
    const form = serviceForm(request.body as ServiceBodyType);
    const action = isAction(request.body.action) ? request.body.action : 'opslaan';
    let outcome: SaveOutcome;
    try {
      outcome = await service.updateService(request.trace, actor, request.params.id, form, action);
    } catch (error) {
      const isConflict = error instanceof AppError && error.slug === 'conflict';
      const errors = isConflict ? [] : formErrors(error);
      const { scope, service: detail, choices } = await service.getService(request.trace, actor, request.params.id);
      return html(
        reply.code(isConflict ? 409 : 400),
        <ServiceFormPage ctx={ctx(request, reply)} scope={scope} choices={choices} service={detail} values={form} errors={errors} conflict={isConflict} />,
      );
    }
    const flash =
      outcome === 'publication-requested'
        ? 'review.flash.requested'
        : outcome === 'change-requested'
          ? 'review.flash.changeRequested'
          : outcome === 'unchanged' && action === 'opslaan'
          ? 'editor.flash.unchanged'
          : flashFor[action];
    return redirectWithFlash(reply, `/beheer/diensten/${request.params.id}`, flash);
  });

  app.get('/beheer/diensten/:id/geschiedenis', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const result = await service.history(request.trace, requireUser(request), request.params.id);
    return html(reply, <HistoryPage ctx={ctx(request, reply)} service={result.service} entries={result.entries} />);
  });

  // "Deze versie terugzetten": the content of a history entry becomes a new version, over the
  // version the history page showed; a newer one is answered with the history again (409).
  app.post(
    '/beheer/diensten/:id/geschiedenis/:entry/terugzetten',
    { schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 64 }), entry: Type.String({ maxLength: 20 }) }), body: Type.Object({ version: text(20), ...csrf }) } },
    async (request, reply) => {
      const actor = requireUser(request);
      const { id, entry } = request.params;
      let restored: RestoreResult;
      try {
        restored = await service.restoreVersion(request.trace, actor, id, entry, request.body.version ?? '');
      } catch (error) {
        if (!(error instanceof AppError) || (error.slug !== 'conflict' && error.slug !== 'validation')) throw error;
        const result = await service.history(request.trace, actor, id);
        const refused = error.slug === 'conflict' ? { conflict: true as const } : { invalid: { version: result.entries.find((e) => String(e.id) === entry)?.version ?? 0, errors: error.fieldErrors } };
        return html(reply.code(error.slug === 'conflict' ? 409 : 400), <HistoryPage ctx={ctx(request, reply)} service={result.service} entries={result.entries} {...refused} />);
      }
      const flash: MessageKey =
        restored.outcome === 'change-requested' ? 'review.flash.changeRequested' : restored.outcome === 'unchanged' ? 'editor.flash.restoreUnchanged' : restored.locationsLeftOut ? 'editor.flash.restoredWithoutLocations' : 'editor.flash.restored';
      return redirectWithFlash(reply, `/beheer/diensten/${id}/geschiedenis`, flash);
    },
  );

  // Locations --------------------------------------------------------------------------------------

  app.get('/beheer/locaties', { schema: { hide: true, querystring: Type.Object({ regio: text(20) }) } }, async (request, reply) => {
    const region = request.query.regio && /^AM[0-9]{2}$/.test(request.query.regio) ? request.query.regio : null;
    const result = await service.listLocations(request.trace, requireUser(request), region);
    return html(reply, <LocationsPage ctx={ctx(request, reply)} scope={result.scope} regions={result.regions} region={region} locations={result.locations} />);
  });

  const renderNewLocation = async (request: FastifyRequest, reply: FastifyReply, values: LocationForm | null, errors: FieldErrors, token?: string) => {
    const actor = requireUser(request);
    const { scope, choices } = await service.newLocationContext(request.trace, actor);
    const submission = token ?? tokens.issue('location-create', actor.userId);
    return html(
      reply,
      <LocationFormPage ctx={ctx(request, reply)} scope={scope} choices={choices} values={values ?? emptyLocationForm(scope)} errors={errors} submission={submission} />,
    );
  };

  app.get('/beheer/locaties/nieuw', { schema: { hide: true } }, (request, reply) => renderNewLocation(request, reply, null, []));

  app.post('/beheer/locaties/nieuw', { schema: { hide: true, body: LocationBody } }, async (request, reply) => {
    const actor = requireUser(request);
    const form = locationForm(request.body as Record<string, unknown>);
    const key = tokens.keyOf('location-create', actor.userId, request.body._submission);
    if (!key) return renderNewLocation(request, reply.code(400), form, [...EXPIRED_FORM]);
    let id: string;
    try {
      id = await service.saveLocationForm(request.trace, actor, null, form, key);
    } catch (error) {
      return renderNewLocation(request, reply.code(400), form, formErrors(error), request.body._submission);
    }
    return redirectWithFlash(reply, `/beheer/locaties/${id}`, 'editor.flash.locationSaved');
  });

  app.get('/beheer/locaties/:id', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const { scope, location, choices } = await service.getLocation(request.trace, requireUser(request), request.params.id);
    return html(reply, <LocationFormPage ctx={ctx(request, reply)} scope={scope} choices={choices} location={location} values={location.form} errors={[]} />);
  });

  app.post('/beheer/locaties/:id', { schema: { hide: true, params: IdParams, body: LocationBody } }, async (request, reply) => {
    const actor = requireUser(request);
    const form = locationForm(request.body as Record<string, unknown>);
    try {
      await service.saveLocationForm(request.trace, actor, request.params.id, form);
    } catch (error) {
      const isConflict = error instanceof AppError && error.slug === 'conflict';
      const errors = isConflict ? [] : formErrors(error);
      const { scope, location, choices } = await service.getLocation(request.trace, actor, request.params.id);
      return html(
        reply.code(isConflict ? 409 : 400),
        <LocationFormPage ctx={ctx(request, reply)} scope={scope} choices={choices} location={location} values={form} errors={errors} conflict={isConflict} />,
      );
    }
    return redirectWithFlash(reply, `/beheer/locaties/${request.params.id}`, 'editor.flash.locationSaved');
  });
};
