import { isUuid } from '../../../platform/http/values.ts';
import { randomBytes } from 'node:crypto';
import type { Database } from '../../../platform/db/pool.ts';
import type { CatalogueStatus, HistoryAuthorRole, LocationRole, ServiceHistoryAction } from '../../../platform/db/schema.ts';
import { logRead, withActor, type Actor, type Tx } from '../../../platform/db/tenancy.ts';
import { locationPolicy, reviewPolicy, servicePolicy } from '../catalogue.policy.ts';
import type { Trace } from '../../../platform/http/trace.ts';
import { conflict, forbidden, invalid, notFound, type FieldError } from '../../../platform/http/errors.ts';
import { databaseRefusal, type RefusalFields } from '../../../platform/http/database-refusals.ts';
import { submitOnce } from '../../../platform/http/submissions.ts';
import { compareNames } from '../../../platform/i18n/index.ts';
import { slugify } from '../../../seed/reference.ts';
import { DEFAULT_REFERRAL_TIMERS, markSameAs, nearDuplicates, readOpeningHours, readShares, REFERRAL_TIMER_LIMITS, saveLocation, saveService, normalisePostalCode, type DuplicatePair, type OpeningHoursInput, type SaveResult, type ServiceInput } from '../catalogue.repository.ts';
import { addDays, isValidEmail, isValidPhone, isValidUrl, qualityOf, todayIso, type Quality } from './quality.ts';
import {
  countLocationsByService,
  filterLinkableLocations,
  findLocation,
  findMunicipalityPlace,
  findHistoryEntry,
  findService,
  listLinkableLocations,
  listLocationRows,
  listMunicipalities,
  listOwnerOrganisations,
  listRegions,
  listServiceHistory,
  listServiceRows,
  listShareCandidates,
  lockLocation,
  locationIdsByKeys,
  lockServiceVersion,
  organisationActiveIn,
  regionName,
  serviceLocationIds,
  userNames,
  type ServiceRow,
} from './editor.repository.ts';
import {
  deleteReviewRequest,
  findReviewRequest,
  listWaitingRequests,
  publicationReviewed,
  putReviewRequest,
  rejectReviewRequest,
  setPublicationReviewed,
  unlessPublicationRefused,
  type ReviewRequestRow,
} from './review.repository.ts';

// The partner editor of the service directory: listing, loading and saving services and locations
// through the catalogue repository, with optimistic concurrency on each record's version and
// database constraint errors turned into field errors. Who may edit which record is the catalogue's
// policy (servicePolicy, locationPolicy); the scope only narrows the lists and choices to the
// actor's part of the catalogue. Row-level security (migration 0004) refuses the same things again,
// so a bug here cannot write another tenant's rows.
// A service is offered only at its organisation's own locations and those shared with it; whoever
// edits a location shares it (location_shares). A trigger (migration T0012) refuses other links.

const ACTIVITY = 'catalogue-maintenance' as const;

export type EditorScope =
  | { kind: 'partner'; organisationId: string; organisationName: string; regionCode: string; regionName: string }
  | { kind: 'region'; regionCode: string; regionName: string }
  | { kind: 'all' };

export interface NamedCode {
  code: string;
  name: string;
}

export interface NamedId {
  id: string;
  name: string;
}

export interface ServiceListItem {
  id: string;
  name: string;
  organisationName: string;
  regionCode: string | null;
  regionName: string | null;
  status: CatalogueStatus;
  reviewDue: string;
  quality: Quality;
}

export interface ServiceListFilter {
  status: CatalogueStatus | null;
  review: 'nodig' | 'binnenkort' | null;
  /** Platform administrators only: a region code, or "landelijk" for national services. */
  region: string | null;
}

export interface ServiceForm {
  owner: string;
  region: string;
  name: string;
  summary: string;
  description: string;
  audiences: string[];
  themes: string[];
  eligibility: string;
  costFree: string;
  costDescription: string;
  costAmount: string;
  languages: string[];
  deliveryModes: string[];
  areaKind: string;
  areaRegions: string[];
  areaMunicipalities: string[];
  access: string[];
  applicationProcess: string;
  waitTime: string;
  capacity: string;
  contactEmail: string;
  contactPhone: string;
  contactUrl: string;
  keywords: string;
  reviewInterval: string;
  responseDays: string;
  reminders: string;
  expiryDays: string;
  locations: string[];
  version: string;
}

/** What a save did; a partner's publication or change of a published service may wait for the coordinator instead (T0028). */
export type SaveOutcome = SaveResult['outcome'] | 'publication-requested' | 'change-requested';

export type ServiceAction = 'opslaan' | 'publiceren' | 'archiveren' | 'naar-concept' | 'gecontroleerd';
export const SERVICE_ACTIONS: readonly ServiceAction[] = ['opslaan', 'publiceren', 'archiveren', 'naar-concept', 'gecontroleerd'];

/** A partner's publication waiting for (or refused by) the region's coordinator (migration T0028). */
export interface ReviewState {
  status: 'ter-controle' | 'afgewezen';
  /** A change of a published service (the public sees the published version meanwhile), or a first publication. */
  wasPublished: boolean;
  requestedAt: Date;
  reason: string | null;
}

export interface ReviewQueueItem {
  serviceId: string;
  name: string;
  organisationName: string;
  wasPublished: boolean;
  requestedAt: Date;
  requestedByName: string | null;
  /** The form fields the request changes, compared with the service as it is. */
  changedFields: (keyof ServiceForm)[];
  /** The service changed after the request was made: approving it would undo that change. */
  stale: boolean;
}

export interface ServiceDetail {
  id: string;
  key: string;
  organisationId: string;
  organisationName: string;
  regionCode: string | null;
  status: CatalogueStatus;
  version: number;
  lastReviewed: string;
  reviewDue: string;
  quality: Quality;
  form: ServiceForm;
  review: ReviewState | null;
}

export interface LocationChoice {
  id: string;
  name: string;
  city: string;
  role: LocationRole;
}

/** What the form needs to offer: owners, regions, municipalities, locations. */
export interface ServiceChoices {
  owners: NamedId[];
  regions: NamedCode[];
  municipalities: NamedCode[];
  locations: LocationChoice[];
}

export interface HistoryEntry {
  id: number;
  version: number;
  action: ServiceHistoryAction;
  changedAt: Date;
  changedBy: string | null;
  /** The author's name; null when the account is gone or not visible to the reader. */
  changedByName: string | null;
  changedAs: HistoryAuthorRole | null;
  changes: { field: string; before: unknown; after: unknown }[];
}

export interface LocationListItem {
  id: string;
  name: string;
  organisationName: string;
  role: LocationRole;
  city: string;
  regionCode: string;
  status: CatalogueStatus;
}

export interface HoursForm {
  days: string[];
  opens: string;
  closes: string;
  note: string;
}

export interface LocationForm {
  owner: string;
  role: string;
  name: string;
  description: string;
  street: string;
  postalCode: string;
  city: string;
  municipality: string;
  lat: string;
  lon: string;
  accessibility: string;
  status: string;
  hours: HoursForm[];
  /** Organisations that may offer their services at this location. */
  sharedWith: string[];
  /** The version the editor loaded (empty for a new location). */
  version: string;
}

export interface LocationDetail {
  id: string;
  key: string;
  organisationName: string;
  form: LocationForm;
}

export interface LocationChoices {
  owners: NamedId[];
  municipalities: NamedCode[];
  /** Organisations the location may be shared with: those active in its region, and those it is shared with. */
  shareWith: NamedId[];
}

export const LANGUAGES = ['nl', 'en', 'ar', 'tr', 'pl', 'uk', 'de', 'fr', 'es', 'ti', 'so', 'fa'] as const;
export const REVIEW_INTERVALS = [30, 90, 180, 365, 730] as const;
export const CAPACITIES = ['ruim', 'beperkt', 'vol'] as const;
export const LOCATION_ROLES: readonly LocationRole[] = ['vestiging', 'partner-in-werkcentrum', 'werkcentrum'];
const STATUSES: readonly CatalogueStatus[] = ['concept', 'gepubliceerd', 'gearchiveerd'];

/** Table column → form field, for check constraint violations. */
export const columnFields: Readonly<Record<string, string>> = {
  name: 'name',
  summary: 'summary',
  description: 'description',
  audiences: 'audiences',
  themes: 'themes',
  eligibility: 'eligibility',
  cost_description: 'costDescription',
  cost_amount_cents: 'costAmount',
  languages: 'languages',
  delivery_modes: 'deliveryModes',
  area_kind: 'areaKind',
  area_codes: 'areaKind',
  access: 'access',
  application_process: 'applicationProcess',
  wait_time: 'waitTime',
  capacity: 'capacity',
  contact_email: 'contactEmail',
  contact_phone: 'contactPhone',
  contact_url: 'contactUrl',
  review_interval_days: 'reviewInterval',
  referral_response_days: 'responseDays',
  referral_reminders: 'reminders',
  referral_expiry_days: 'expiryDays',
  street: 'street',
  postal_code: 'postalCode',
  city: 'city',
  lat: 'lat',
  lon: 'lon',
  accessibility: 'accessibility',
  role: 'role',
  opens: 'hours',
  closes: 'hours',
  days: 'hours',
  note: 'hours',
};

/** Where the database's refusal of a save belongs on the form (see databaseRefusal). */
const refusalFields: RefusalFields = {
  // The area codes must fit the area kind (services_check).
  constraints: { services_check: { field: 'areaKind', key: 'editor.error.areaCodes' } },
  // What the triggers refuse ("unknown theme code: x"), by the field that sent it.
  messages: [
    [/^unknown theme code/, { field: 'themes', key: 'editor.error.unknownCode' }],
    [/^unknown audience code/, { field: 'audiences', key: 'editor.error.unknownCode' }],
    [/^unknown delivery mode code/, { field: 'deliveryModes', key: 'editor.error.unknownCode' }],
    [/^unknown access route code/, { field: 'access', key: 'editor.error.unknownCode' }],
    [/^unknown (?:region|municipality) code/, { field: 'areaKind', key: 'editor.error.unknownCode' }],
    [/^location \S+ is not shared with/, { field: 'locations', key: 'editor.error.locationNotShared' }],
  ],
  codes: { '23505': { field: 'name', key: 'editor.error.duplicate' } },
  columns: { tables: ['services', 'locations', 'schedules'], fields: columnFields, key: 'editor.error.database' },
  otherwise: { field: 'form', key: 'editor.error.database' },
};

/** A database refusal of a save as a field error (400) or 403, never a 500. */
export const databaseFieldError = (error: unknown) => databaseRefusal(error, refusalFields);

const trimmed = (value: string) => value.trim();
const nullable = (value: string) => (value.trim() === '' ? null : value.trim());

function checkText(errors: FieldError[], field: string, value: string, min: number, max: number, required = true): void {
  if (value.length === 0) {
    if (required) errors.push({ field, key: 'form.error.required' });
  } else if (value.length < min) errors.push({ field, key: 'form.error.tooShort', params: { min } });
  else if (value.length > max) errors.push({ field, key: 'form.error.tooLong', params: { max } });
}

/** A whole number from a form field within its limits (inclusive), the fallback when left empty; otherwise an error on the field. */
function wholeNumberIn(errors: FieldError[], field: string, value: string, [min, max]: readonly [number, number], fallback: number): number {
  if (value.trim() === '') return fallback;
  const number = Number(value.trim());
  if (!Number.isInteger(number) || number < min || number > max) errors.push({ field, key: 'editor.error.between', params: { min, max } });
  return number;
}

/** "12,50" or "12.50" euros → 1250 cents; null for an empty field; NaN for anything else. */
export function parseEuros(value: string): number | null {
  const text = value.trim().replace(/^€\s*/, '');
  if (text === '') return null;
  if (!/^\d{1,7}([.,]\d{1,2})?$/.test(text)) return Number.NaN;
  return Math.round(Number(text.replace(',', '.')) * 100);
}

export function formatEuros(cents: number | null): string {
  if (cents === null) return '';
  return (cents / 100).toFixed(2).replace('.', ',');
}

/** Keywords typed as a comma-separated list: trimmed, lower case, without duplicates. */
export function parseKeywords(value: string): string[] {
  return [...new Set(value.split(/[,\n]/).map((word) => word.trim().toLowerCase()).filter(Boolean))];
}

/** A new key: the name as a slug plus a short random suffix, so two services may share a name. */
export function newKey(name: string): string {
  const base = slugify(name).slice(0, 70).replace(/-+$/, '') || 'dienst';
  return `${base}-${randomBytes(3).toString('hex')}`;
}

/** Keeps the stored order of a list when the set is the same, so a save without changes changes nothing. */
function sameSet(wanted: string[], existing: readonly string[] | undefined): string[] {
  if (!existing || existing.length !== wanted.length) return wanted;
  const set = new Set(existing);
  return wanted.every((value) => set.has(value)) ? [...existing] : wanted;
}

export const emptyServiceForm = (scope: EditorScope): ServiceForm => ({
  owner: scope.kind === 'partner' ? scope.organisationId : '',
  region: scope.kind === 'all' ? '' : scope.regionCode,
  name: '',
  summary: '',
  description: '',
  audiences: [],
  themes: [],
  eligibility: '',
  costFree: 'ja',
  costDescription: '',
  costAmount: '',
  languages: ['nl'],
  deliveryModes: [],
  areaKind: 'regions',
  areaRegions: scope.kind === 'all' ? [] : [scope.regionCode],
  areaMunicipalities: [],
  access: [],
  applicationProcess: '',
  waitTime: '',
  capacity: '',
  contactEmail: '',
  contactPhone: '',
  contactUrl: '',
  keywords: '',
  reviewInterval: '180',
  responseDays: String(DEFAULT_REFERRAL_TIMERS.responseDays),
  reminders: String(DEFAULT_REFERRAL_TIMERS.reminders),
  expiryDays: String(DEFAULT_REFERRAL_TIMERS.expiryDays),
  locations: [],
  version: '',
});

export const emptyLocationForm = (scope: EditorScope): LocationForm => ({
  owner: scope.kind === 'partner' ? scope.organisationId : '',
  role: 'vestiging',
  name: '',
  description: '',
  street: '',
  postalCode: '',
  city: '',
  municipality: '',
  lat: '',
  lon: '',
  accessibility: '',
  status: 'gepubliceerd',
  hours: [],
  sharedWith: [],
  version: '',
});

export interface RestoreResult {
  outcome: 'created' | 'updated' | 'unchanged' | 'change-requested';
  /** The version that was restored. */
  version: number;
  /** Some locations of that version can no longer be linked and were left out. */
  locationsLeftOut: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringList = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((item): item is string => typeof item === 'string') ? value : undefined;

/**
 * The service form with the content of a history snapshot (the services row as stored then, see
 * app_service_snapshot). A field an older snapshot does not have (added by a later migration) keeps
 * its current value; owner, region and version are always the current ones.
 */
/** What a saved service form cannot change: its owner and region are fixed after creation, the version is not content. */
const FIXED_FORM_FIELDS: readonly (keyof ServiceForm)[] = ['owner', 'region', 'version'];

/** The fields of `after` that differ from `before`: lists compared as sets, texts by their words (a browser sends CRLF). */
export function changedFormFields(before: ServiceForm, after: ServiceForm): (keyof ServiceForm)[] {
  const words = (value: unknown) => String(value ?? '').replace(/\s+/g, ' ').trim();
  const same = (a: unknown, b: unknown) =>
    Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((value) => b.includes(value)) : words(a) === words(b);
  return (Object.keys(after) as (keyof ServiceForm)[]).filter((field) => !FIXED_FORM_FIELDS.includes(field) && !same(before[field], after[field]));
}

export function formOfSnapshot(snapshot: Record<string, unknown>, current: ServiceForm, locationIds: string[]): ServiceForm {
  const has = (column: string) => Object.prototype.hasOwnProperty.call(snapshot, column);
  const text = (column: string, fallback: string): string => {
    const value = snapshot[column];
    return typeof value === 'string' ? value : has(column) && value === null ? '' : fallback;
  };
  const list = (column: string, fallback: string[]): string[] => stringList(snapshot[column]) ?? fallback;
  const number = (column: string, fallback: string): string => {
    const value = snapshot[column];
    return typeof value === 'number' ? String(value) : fallback;
  };
  const areaKind = text('area_kind', current.areaKind);
  const areaCodes = stringList(snapshot.area_codes);
  const cost = snapshot.cost_amount_cents;
  return {
    ...current,
    name: text('name', current.name),
    summary: text('summary', current.summary),
    description: text('description', current.description),
    audiences: list('audiences', current.audiences),
    themes: list('themes', current.themes),
    eligibility: text('eligibility', current.eligibility),
    costFree: typeof snapshot.cost_free === 'boolean' ? (snapshot.cost_free ? 'ja' : 'nee') : current.costFree,
    costDescription: text('cost_description', current.costDescription),
    costAmount: typeof cost === 'number' ? formatEuros(cost) : has('cost_amount_cents') && cost === null ? '' : current.costAmount,
    languages: list('languages', current.languages),
    deliveryModes: list('delivery_modes', current.deliveryModes),
    areaKind,
    areaRegions: areaKind === 'regions' ? (areaCodes ?? current.areaRegions) : [],
    areaMunicipalities: areaKind === 'municipalities' ? (areaCodes ?? current.areaMunicipalities) : [],
    access: list('access', current.access),
    applicationProcess: text('application_process', current.applicationProcess),
    waitTime: text('wait_time', current.waitTime),
    capacity: text('capacity', current.capacity),
    contactEmail: text('contact_email', current.contactEmail),
    contactPhone: text('contact_phone', current.contactPhone),
    contactUrl: text('contact_url', current.contactUrl),
    keywords: stringList(snapshot.keywords)?.join(', ') ?? current.keywords,
    reviewInterval: number('review_interval_days', current.reviewInterval),
    responseDays: number('referral_response_days', current.responseDays),
    reminders: number('referral_reminders', current.reminders),
    expiryDays: number('referral_expiry_days', current.expiryDays),
    locations: locationIds,
  };
}

export interface EditorDependencies {
  db: Database;
}

const WEEKDAY_NUMBERS = ['1', '2', '3', '4', '5', '6', '7'];
const TIME = /^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$/;

export function createEditorService({ db }: EditorDependencies) {
  const work = <T>(trace: Trace, actor: Actor, fn: (tx: Tx) => Promise<T>) => withActor(db, { actor, trace, activity: ACTIVITY }, fn);

  /** The part of the catalogue the actor maintains; 403 for roles that maintain none of it. */
  async function scopeOf(tx: Tx, actor: Actor): Promise<EditorScope> {
    if (!servicePolicy.can(actor, 'list') || actor.kind !== 'user' || !actor.membership) throw forbidden();
    const m = actor.membership;
    if (m.role === 'platformbeheerder') return { kind: 'all' };
    const name = (await regionName(tx, m.regionCode)) ?? m.regionCode;
    if (m.role === 'regiocoordinator') return { kind: 'region', regionCode: m.regionCode, regionName: name };
    return { kind: 'partner', organisationId: m.organisationId, organisationName: m.organisationName, regionCode: m.regionCode, regionName: name };
  }

  async function allRegions(tx: Tx): Promise<NamedCode[]> {
    return (await listRegions(tx)).sort((a, b) => compareNames()(a.name, b.name));
  }

  const byName = <T extends { name: string }>(rows: T[]): T[] => rows.sort((a, b) => compareNames()(a.name, b.name));

  const qualityOfRow = (row: ServiceRow | Omit<ServiceRow, 'organisation_name'>, locations: number, today: string) =>
    qualityOf(
      {
        reviewDue: row.review_due,
        waitTime: row.wait_time,
        capacity: row.capacity,
        deliveryModes: row.delivery_modes,
        locationCount: locations,
        keywords: row.keywords,
        contactEmail: row.contact_email,
        contactPhone: row.contact_phone,
        contactUrl: row.contact_url,
      },
      today,
    );

  // Services -------------------------------------------------------------------------------------

  async function listServices(trace: Trace, actor: Actor, filter: ServiceListFilter) {
    return work(trace, actor, async (tx) => {
      const scope = await scopeOf(tx, actor);
      const today = todayIso();
      const rows = await listServiceRows(tx, {
        ...(scope.kind === 'partner'
          ? { organisation: { id: scope.organisationId, regionCode: scope.regionCode } }
          : scope.kind === 'region'
            ? { regionCode: scope.regionCode }
            : filter.region
              ? { regionCode: filter.region === 'landelijk' ? null : filter.region }
              : {}),
        status: filter.status,
        // "Binnenkort": due within 30 days, overdue included.
        reviewDueBefore: filter.review === 'nodig' ? today : filter.review === 'binnenkort' ? addDays(today, 31) : null,
      });
      const counts = await countLocationsByService(tx, rows.map((row) => row.id));
      const services: ServiceListItem[] = rows
        .map((row) => ({
          id: row.id,
          name: row.name,
          organisationName: row.organisation_name,
          regionCode: row.region_code,
          regionName: row.region_name,
          status: row.status,
          reviewDue: row.review_due,
          quality: qualityOfRow(row, counts.get(row.id) ?? 0, today),
        }))
        .sort((a, b) => a.reviewDue.localeCompare(b.reviewDue) || compareNames()(a.name, b.name));
      return { scope, regions: scope.kind === 'all' ? await allRegions(tx) : [], services };
    });
  }

  /** A service the actor may edit; 404 otherwise (its existence does not leak). */
  async function editableService(tx: Tx, actor: Actor, id: string): Promise<ServiceRow> {
    const row = isUuid(id) ? await findService(tx, id) : undefined;
    if (!row || !servicePolicy.can(actor, 'edit', { organisationId: row.organisation_id, regionCode: row.region_code })) {
      throw notFound('There is no such service, or you may not edit it.');
    }
    return row;
  }

  function formOf(row: ServiceRow, locationIds: string[]): ServiceForm {
    return {
      owner: row.organisation_id,
      region: row.region_code ?? 'landelijk',
      name: row.name,
      summary: row.summary,
      description: row.description,
      audiences: row.audiences,
      themes: row.themes,
      eligibility: row.eligibility,
      costFree: row.cost_free ? 'ja' : 'nee',
      costDescription: row.cost_description ?? '',
      costAmount: formatEuros(row.cost_amount_cents),
      languages: row.languages,
      deliveryModes: row.delivery_modes,
      areaKind: row.area_kind,
      areaRegions: row.area_kind === 'regions' ? row.area_codes : [],
      areaMunicipalities: row.area_kind === 'municipalities' ? row.area_codes : [],
      access: row.access,
      applicationProcess: row.application_process,
      waitTime: row.wait_time ?? '',
      capacity: row.capacity ?? '',
      contactEmail: row.contact_email ?? '',
      contactPhone: row.contact_phone ?? '',
      contactUrl: row.contact_url ?? '',
      keywords: row.keywords.join(', '),
      reviewInterval: String(row.review_interval_days),
      responseDays: String(row.referral_response_days),
      reminders: String(row.referral_reminders),
      expiryDays: String(row.referral_expiry_days),
      locations: locationIds,
      version: String(row.version),
    };
  }

  async function detailOf(tx: Tx, row: ServiceRow, scope: EditorScope): Promise<ServiceDetail> {
    const locations = await serviceLocationIds(tx, row.id);
    const request = await findReviewRequest(tx, row.id);
    // A partner's change of a published service waits as a request: their editor goes on from the
    // change; the coordinator edits what the public sees and decides the change in the queue.
    const form =
      request?.was_published && scope.kind === 'partner' ? { ...(request.form as ServiceForm), version: String(row.version) } : formOf(row, locations);
    return {
      id: row.id,
      key: row.key,
      organisationId: row.organisation_id,
      organisationName: row.organisation_name,
      regionCode: row.region_code,
      status: row.status,
      version: row.version,
      lastReviewed: row.last_reviewed,
      reviewDue: row.review_due,
      quality: qualityOfRow(row, locations.length, todayIso()),
      form,
      review: request ? { status: request.status, wasPublished: request.was_published, requestedAt: request.requested_at, reason: request.reason } : null,
    };
  }

  async function getService(trace: Trace, actor: Actor, id: string) {
    return work(trace, actor, async (tx) => {
      const scope = await scopeOf(tx, actor);
      const service = await detailOf(tx, await editableService(tx, actor, id), scope);
      return { scope, service, choices: await serviceChoices(tx, scope, service.organisationId, service.regionCode) };
    });
  }

  /** The location ids a service form asks for (anything that is not an id is left out). */
  const postedLocations = (form: ServiceForm) => [...new Set(form.locations.filter((id) => isUuid(id)))];

  /**
   * A field error when the form asks for a location the service may not be offered at: another
   * organisation's that is not shared with the service's organisation (or one the actor cannot see).
   * Links the service already has are kept as they are.
   */
  async function locationErrors(tx: Tx, organisationId: string, form: ServiceForm, linked: readonly string[]): Promise<FieldError[]> {
    const asked = postedLocations(form).filter((id) => !linked.includes(id));
    if (asked.length === 0) return [];
    const found = await filterLinkableLocations(tx, organisationId, asked);
    return found.length === asked.length ? [] : [{ field: 'locations', key: 'editor.error.locationNotShared' }];
  }

  /** The organisations the actor may pick as owner: their own, those active in their region, or all. */
  const ownerChoices = (tx: Tx, scope: EditorScope) =>
    listOwnerOrganisations(
      tx,
      scope.kind === 'partner' ? { organisationId: scope.organisationId } : scope.kind === 'region' ? { regionCode: scope.regionCode } : {},
    );

  /** Owners the actor may pick for a new service, the regions, municipalities and locations. */
  async function serviceChoices(tx: Tx, scope: EditorScope, organisationId: string | null, regionCode: string | null): Promise<ServiceChoices> {
    const regions = await allRegions(tx);
    const owners = byName(await ownerChoices(tx, scope));
    const municipalities = byName(await listMunicipalities(tx, regionCode ?? (scope.kind === 'all' ? null : scope.regionCode)));
    // In the service's region (anywhere, for a national service); archived ones are not offered.
    const locations: LocationChoice[] = organisationId ? byName(await listLinkableLocations(tx, organisationId, regionCode)) : [];
    return { owners, regions, municipalities, locations };
  }

  async function newServiceContext(trace: Trace, actor: Actor, owner: string | null, region: string | null) {
    return work(trace, actor, async (tx) => {
      const scope = await scopeOf(tx, actor);
      const organisationId = scope.kind === 'partner' ? scope.organisationId : owner && isUuid(owner) ? owner : null;
      const regionCode = scope.kind === 'all' ? (region && region !== 'landelijk' ? region : null) : region === 'landelijk' ? null : scope.regionCode;
      return { scope, choices: await serviceChoices(tx, scope, organisationId, regionCode) };
    });
  }

  /**
   * The form as a store input, or the field errors, with those `found` already (owner, locations).
   * Taxonomy codes are left to the database trigger.
   */
  function parseService(
    form: ServiceForm,
    base: { organisationId: string; regionCode: string | null },
    existing: ServiceRow | null,
    found: readonly FieldError[],
  ) {
    const errors: FieldError[] = [...found];
    const name = trimmed(form.name);
    const summary = trimmed(form.summary);
    const description = trimmed(form.description);
    const eligibility = trimmed(form.eligibility);
    const applicationProcess = trimmed(form.applicationProcess);
    checkText(errors, 'name', name, 2, 150);
    checkText(errors, 'summary', summary, 10, 280);
    checkText(errors, 'description', description, 10, 3000);
    if (form.audiences.length === 0) errors.push({ field: 'audiences', key: 'editor.error.chooseOne' });
    if (form.themes.length === 0) errors.push({ field: 'themes', key: 'editor.error.chooseOne' });
    checkText(errors, 'eligibility', eligibility, 10, 1000);
    if (form.costFree !== 'ja' && form.costFree !== 'nee') errors.push({ field: 'costFree', key: 'form.error.choose' });
    const costDescription = nullable(form.costDescription);
    checkText(errors, 'costDescription', costDescription ?? '', 1, 300, form.costFree === 'nee');
    const costAmount = parseEuros(form.costAmount);
    if (costAmount !== null && Number.isNaN(costAmount)) errors.push({ field: 'costAmount', key: 'editor.error.amount' });
    const languages = form.languages.filter((code) => /^[a-z]{2}$/.test(code));
    if (languages.length === 0) errors.push({ field: 'languages', key: 'editor.error.chooseOne' });
    if (form.deliveryModes.length === 0) errors.push({ field: 'deliveryModes', key: 'editor.error.chooseOne' });
    if (form.access.length === 0) errors.push({ field: 'access', key: 'editor.error.chooseOne' });
    let areaCodes: string[] = [];
    if (form.areaKind === 'regions') {
      areaCodes = [...new Set(form.areaRegions)];
      if (areaCodes.length === 0) errors.push({ field: 'areaRegions', key: 'editor.error.chooseOne' });
    } else if (form.areaKind === 'municipalities') {
      areaCodes = [...new Set(form.areaMunicipalities)];
      if (areaCodes.length === 0) errors.push({ field: 'areaMunicipalities', key: 'editor.error.chooseOne' });
    } else if (form.areaKind !== 'national') errors.push({ field: 'areaKind', key: 'form.error.choose' });
    checkText(errors, 'applicationProcess', applicationProcess, 10, 1000);
    const waitTime = nullable(form.waitTime);
    checkText(errors, 'waitTime', waitTime ?? '', 1, 200, false);
    if (form.capacity !== '' && !(CAPACITIES as readonly string[]).includes(form.capacity)) errors.push({ field: 'capacity', key: 'form.error.invalidChoice' });
    const contactEmail = nullable(form.contactEmail);
    const contactPhone = nullable(form.contactPhone);
    const contactUrl = nullable(form.contactUrl);
    if (contactEmail && !isValidEmail(contactEmail)) errors.push({ field: 'contactEmail', key: 'form.error.email' });
    if (contactPhone && !isValidPhone(contactPhone)) errors.push({ field: 'contactPhone', key: 'editor.error.phone' });
    if (contactUrl && !isValidUrl(contactUrl)) errors.push({ field: 'contactUrl', key: 'editor.error.url' });
    if (!contactEmail && !contactPhone && !contactUrl) errors.push({ field: 'contactEmail', key: 'editor.error.contactRequired' });
    const keywords = parseKeywords(form.keywords);
    if (keywords.some((word) => word.length > 60)) errors.push({ field: 'keywords', key: 'form.error.tooLong', params: { max: 60 } });
    const reviewInterval = Number(form.reviewInterval);
    if (!Number.isInteger(reviewInterval) || reviewInterval < 30 || reviewInterval > 730) errors.push({ field: 'reviewInterval', key: 'form.error.choose' });
    const referralTimers = {
      // Left empty (or not sent): what the service had, or the defaults.
      responseDays: wholeNumberIn(errors, 'responseDays', form.responseDays, REFERRAL_TIMER_LIMITS.responseDays, existing?.referral_response_days ?? DEFAULT_REFERRAL_TIMERS.responseDays),
      reminders: wholeNumberIn(errors, 'reminders', form.reminders, REFERRAL_TIMER_LIMITS.reminders, existing?.referral_reminders ?? DEFAULT_REFERRAL_TIMERS.reminders),
      expiryDays: wholeNumberIn(errors, 'expiryDays', form.expiryDays, REFERRAL_TIMER_LIMITS.expiryDays, existing?.referral_expiry_days ?? DEFAULT_REFERRAL_TIMERS.expiryDays),
    };
    const locationIds = postedLocations(form);
    if (errors.length > 0) throw invalid(errors);
    const input: Omit<ServiceInput, 'key' | 'status' | 'lastReviewed'> = {
      organisationId: base.organisationId,
      regionCode: base.regionCode,
      name,
      summary,
      description,
      audiences: sameSet(form.audiences, existing?.audiences),
      themes: sameSet(form.themes, existing?.themes),
      eligibility,
      costFree: form.costFree === 'ja',
      costDescription,
      costAmountCents: costAmount,
      languages: sameSet(languages, existing?.languages),
      deliveryModes: sameSet(form.deliveryModes, existing?.delivery_modes),
      areaKind: form.areaKind as ServiceInput['areaKind'],
      areaCodes: sameSet(areaCodes, existing?.area_codes),
      access: sameSet(form.access, existing?.access),
      applicationProcess,
      waitTime,
      capacity: (form.capacity || null) as ServiceInput['capacity'],
      contactEmail,
      contactPhone,
      contactUrl,
      keywords: sameSet(keywords, existing?.keywords),
      reviewIntervalDays: reviewInterval,
      locationIds,
      referralTimers,
    };
    return input;
  }

  /** Runs a save; database refusals become field errors (400) or 403, never a 500. */
  async function change<T>(trace: Trace, actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await work(trace, actor, fn);
    } catch (error) {
      throw databaseRefusal(error, refusalFields) ?? error;
    }
  }

  /**
   * Whether the actor's publication waits for the coordinator: a partner's, in a region that chose
   * approval first (T0028). National services have no region to approve them.
   */
  async function needsReview(tx: Tx, scope: EditorScope, regionCode: string | null): Promise<boolean> {
    return scope.kind === 'partner' && regionCode !== null && (await publicationReviewed(tx, regionCode));
  }

  /** Puts the partner's form in the region's queue, made on the service's current version. */
  async function requestReview(tx: Tx, actor: Actor, id: string, form: ServiceForm, wasPublished: boolean) {
    const row = await findService(tx, id);
    if (!row?.region_code || actor.kind !== 'user') throw forbidden();
    await putReviewRequest(tx, {
      serviceId: id,
      organisationId: row.organisation_id,
      regionCode: row.region_code,
      form: { ...form, version: String(row.version) },
      baseVersion: row.version,
      wasPublished,
      requestedBy: actor.userId,
    });
  }

  function nextStatus(current: CatalogueStatus | null, action: ServiceAction): CatalogueStatus {
    if (action === 'publiceren') return 'gepubliceerd';
    if (action === 'archiveren') return 'gearchiveerd';
    if (action === 'naar-concept') return 'concept';
    return current ?? 'concept';
  }

  async function createService(
    trace: Trace,
    actor: Actor,
    form: ServiceForm,
    action: ServiceAction,
    submissionKey: string,
  ): Promise<{ id: string; reviewRequested: boolean }> {
    return change(trace, actor, async (tx) => {
      // Sent twice (a double click, a reload), the form creates one service: the second answer is the first's.
      const { result } = await submitOnce(tx, 'service-create', submissionKey, async () => {
        const scope = await scopeOf(tx, actor);
        const errors: FieldError[] = [];
        let organisationId: string;
        let regionCode: string | null;
        if (scope.kind === 'partner') {
          organisationId = scope.organisationId;
          regionCode = form.region === 'landelijk' ? null : scope.regionCode;
        } else {
          organisationId = form.owner;
          if (!isUuid(organisationId)) errors.push({ field: 'owner', key: 'form.error.choose' });
          if (scope.kind === 'region') regionCode = scope.regionCode;
          else if (form.region === 'landelijk') regionCode = null;
          else {
            regionCode = form.region;
            if (!/^AM[0-9]{2}$/.test(regionCode)) errors.push({ field: 'region', key: 'form.error.choose' });
          }
        }
        if (isUuid(organisationId)) errors.push(...(await locationErrors(tx, organisationId, form, [])));
        const input = parseService(form, { organisationId, regionCode }, null, errors);
        if (scope.kind === 'region' && !(await organisationActiveIn(tx, organisationId, scope.regionCode))) {
          throw invalid([{ field: 'owner', key: 'form.error.orgNotInRegion' }]);
        }
        servicePolicy.authorize(actor, 'create', { organisationId, regionCode });
        // With approval first, a partner's new service is stored as a concept and offered for publication.
        const reviewRequested = action === 'publiceren' && (await needsReview(tx, scope, regionCode));
        const result = await saveService(tx, {
          ...input,
          key: newKey(input.name),
          status: reviewRequested ? 'concept' : nextStatus(null, action),
          lastReviewed: todayIso(),
        });
        if (reviewRequested) await requestReview(tx, actor, result.id, form, false);
        return result.id;
      });
      // A replayed submission answers as the first did.
      return { id: result, reviewRequested: action === 'publiceren' && (await findReviewRequest(tx, result))?.status === 'ter-controle' };
    });
  }

  /**
   * Saves a service over the version the editor loaded. A newer version in the database is a
   * conflict (409): the editor's input is kept and shown again with a message.
   */
  async function updateService(trace: Trace, actor: Actor, id: string, form: ServiceForm, action: ServiceAction): Promise<SaveOutcome> {
    return change(trace, actor, async (tx) => {
      const scope = await scopeOf(tx, actor);
      const row = await editableService(tx, actor, id);
      const reviewed = await needsReview(tx, scope, row.region_code);
      const version = await lockServiceVersion(tx, id);
      if (String(version) !== form.version.trim()) {
        throw conflict('The service was changed by someone else after you opened it.', [{ field: 'version', key: 'editor.error.conflict' }]);
      }
      const linked = await serviceLocationIds(tx, id);
      const found = await locationErrors(tx, row.organisation_id, form, linked);
      const input = parseService(form, { organisationId: row.organisation_id, regionCode: row.region_code }, row, found);
      const save = (status: CatalogueStatus) =>
        saveService(tx, {
          ...input,
          locationIds: sameSet(input.locationIds, linked),
          key: row.key,
          status,
          lastReviewed: action === 'gecontroleerd' ? todayIso() : row.last_reviewed,
        });
      if (!reviewed || action === 'archiveren' || action === 'naar-concept') {
        // Taken offline, a service has nothing left to approve.
        if (reviewed) await deleteReviewRequest(tx, id);
        return (await save(nextStatus(row.status, action))).outcome;
      }
      if (row.status === 'gepubliceerd') {
        // The database refuses a partner's change of a published service here (T0028); what it lets
        // through (nothing changed, or only the review date) is saved, the rest waits for approval.
        const saved = await unlessPublicationRefused(tx, () => save('gepubliceerd'));
        if (!saved.refused) return saved.value.outcome;
        await requestReview(tx, actor, id, form, true);
        return 'change-requested';
      }
      // Not public: the partner's work is saved; publishing it waits, and a waiting request follows the latest version.
      const outcome = (await save(row.status)).outcome;
      const waiting = await findReviewRequest(tx, id);
      if (action === 'publiceren' || waiting?.status === 'ter-controle') {
        await requestReview(tx, actor, id, form, false);
        return 'publication-requested';
      }
      return outcome;
    });
  }

  /**
   * Adds a search keyword to a service, as a save of its form with one keyword more (its version and
   * history as any change): the one step from a question without a good result to a service that
   * answers it. A keyword the service has is not added twice.
   */
  async function addKeyword(trace: Trace, actor: Actor, id: string, keyword: string): Promise<SaveOutcome> {
    return change(trace, actor, async (tx) => {
      await scopeOf(tx, actor);
      const row = await editableService(tx, actor, id);
      const word = keyword.trim().toLowerCase();
      if (word.length < 2 || word.length > 60) throw invalid([{ field: 'keyword', key: 'form.error.tooLong', params: { max: 60 } }]);
      if (row.keywords.includes(word)) return 'unchanged';
      const linked = await serviceLocationIds(tx, id);
      const form = { ...formOf(row, linked), keywords: [...row.keywords, word].join(', ') };
      const input = parseService(form, { organisationId: row.organisation_id, regionCode: row.region_code }, row, []);
      return (await saveService(tx, { ...input, locationIds: linked, key: row.key, status: row.status, lastReviewed: row.last_reviewed })).outcome;
    });
  }

  // Publication review (T0028) ------------------------------------------------------------------------

  /** The region the actor decides publications for: a coordinator's own; a platform administrator's choice. */
  function reviewRegion(scope: EditorScope, chosen: string | null): string | null {
    return scope.kind === 'region' ? scope.regionCode : scope.kind === 'all' && chosen && /^AM[0-9]{2}$/.test(chosen) ? chosen : null;
  }

  async function reviewQueue(trace: Trace, actor: Actor, chosenRegion: string | null) {
    return work(trace, actor, async (tx) => {
      const scope = await scopeOf(tx, actor);
      const regionCode = reviewRegion(scope, chosenRegion);
      if (scope.kind === 'partner') throw forbidden();
      if (!regionCode) return { scope, region: null, reviewed: false, items: [] as ReviewQueueItem[], regions: await allRegions(tx) };
      reviewPolicy.authorize(actor, 'decide', { regionCode });
      const rows = await listWaitingRequests(tx, regionCode);
      const names = await userNames(tx, [...new Set(rows.map((row) => row.requested_by).filter((value): value is string => value !== null))]);
      // Who asked is personal data of a professional: reading the names is logged.
      await logRead(tx, 'service_review_requests.read', [...names.keys()], 'professional');
      const items: ReviewQueueItem[] = [];
      for (const row of rows) {
        const current = await findService(tx, row.service_id);
        const asked = row.form as ServiceForm;
        const now = current ? formOf(current, await serviceLocationIds(tx, row.service_id)) : null;
        items.push({
          serviceId: row.service_id,
          name: asked.name || row.name,
          organisationName: row.organisation_name,
          wasPublished: row.was_published,
          requestedAt: row.requested_at,
          requestedByName: row.requested_by ? (names.get(row.requested_by) ?? null) : null,
          changedFields: now ? changedFormFields(now, asked) : [],
          stale: row.version !== row.base_version,
        });
      }
      return {
        scope,
        region: { code: regionCode, name: (await regionName(tx, regionCode)) ?? regionCode },
        reviewed: await publicationReviewed(tx, regionCode),
        items,
        regions: scope.kind === 'all' ? await allRegions(tx) : [],
      };
    });
  }

  async function setReviewBeforePublish(trace: Trace, actor: Actor, chosenRegion: string | null, reviewed: boolean) {
    return change(trace, actor, async (tx) => {
      const regionCode = reviewRegion(await scopeOf(tx, actor), chosenRegion);
      if (!regionCode) throw forbidden();
      reviewPolicy.authorize(actor, 'configure', { regionCode });
      await setPublicationReviewed(tx, regionCode, reviewed);
    });
  }

  /** The waiting request of a service in a region the actor decides for; 404 otherwise. */
  async function decidableRequest(tx: Tx, actor: Actor, serviceId: string): Promise<ReviewRequestRow> {
    const request = isUuid(serviceId) ? await findReviewRequest(tx, serviceId) : undefined;
    if (!request || request.status !== 'ter-controle' || !reviewPolicy.can(actor, 'decide', { regionCode: request.region_code })) {
      throw notFound('There is no such request waiting, or you may not decide it.');
    }
    return request;
  }

  /**
   * Publishes what the partner asked, validated again as a save: a request made on an older version
   * (someone changed the service since) is a conflict, as a stale save is.
   */
  async function approveRequest(trace: Trace, actor: Actor, serviceId: string): Promise<void> {
    return change(trace, actor, async (tx) => {
      await scopeOf(tx, actor);
      const request = await decidableRequest(tx, actor, serviceId);
      const row = await editableService(tx, actor, serviceId);
      const version = await lockServiceVersion(tx, serviceId);
      if (version !== request.base_version) {
        throw conflict('The service was changed after the request was made.', [{ field: 'version', key: 'review.error.stale' }]);
      }
      const form = request.form as ServiceForm;
      const linked = await serviceLocationIds(tx, serviceId);
      const input = parseService(form, { organisationId: row.organisation_id, regionCode: row.region_code }, row, await locationErrors(tx, row.organisation_id, form, linked));
      await saveService(tx, { ...input, locationIds: sameSet(input.locationIds, linked), key: row.key, status: 'gepubliceerd', lastReviewed: row.last_reviewed });
      await deleteReviewRequest(tx, serviceId);
    });
  }

  async function rejectRequest(trace: Trace, actor: Actor, serviceId: string, reason: string): Promise<void> {
    return change(trace, actor, async (tx) => {
      await scopeOf(tx, actor);
      await decidableRequest(tx, actor, serviceId);
      const text = reason.trim();
      if (text.length < 5 || text.length > 1000) throw invalid([{ field: 'reason', key: 'review.error.reason' }]);
      if (actor.kind !== 'user') throw forbidden();
      // Decided by someone else in the meantime (approved, or rejected): nothing is left to reject.
      if (!(await rejectReviewRequest(tx, serviceId, actor.userId, text))) throw notFound('There is no such request waiting, or you may not decide it.');
    });
  }


  async function history(trace: Trace, actor: Actor, id: string) {
    return work(trace, actor, async (tx) => {
      const scope = await scopeOf(tx, actor);
      const row = await editableService(tx, actor, id);
      const entries = await listServiceHistory(tx, id);
      const userIds = [...new Set(entries.map((entry) => entry.changed_by).filter((value): value is string => value !== null))];
      const names = await userNames(tx, userIds);
      // Who made a change is personal data of a professional: reading the names is logged.
      await logRead(tx, 'service_history.read', [...names.keys()], 'professional');
      const result: HistoryEntry[] = entries.map((entry) => ({
        id: Number(entry.id),
        version: entry.version,
        action: entry.action,
        changedAt: entry.changed_at,
        changedBy: entry.changed_by,
        changedByName: entry.changed_by ? (names.get(entry.changed_by) ?? null) : null,
        changedAs: entry.changed_as,
        changes: Object.entries((entry.changes ?? {}) as Record<string, [unknown, unknown]>)
          .map(([field, [before, after]]) => ({ field, before, after }))
          .sort((a, b) => a.field.localeCompare(b.field)),
      }));
      return { scope, service: { id: row.id, name: row.name, status: row.status, version: row.version }, entries: result };
    });
  }

  /**
   * Writes the content of an earlier version (a history entry's snapshot) back as a new version,
   * over the version the history page showed (409 when someone saved in between, as a save does).
   * The content comes back: texts, choices, area, contact, keywords, review interval, referral
   * timers and the locations that may still be linked. The status and the review date stay as
   * they are now: restoring is an edit, not a publication, so a concept stays a concept and an
   * archived service stays archived, while a published service shows the restored text at once,
   * as any saved edit of it does. The save goes through the same path as the form (validation,
   * catalogue store, history trigger with its processing-log record), so the history gains an
   * entry and nothing is overwritten.
   */
  async function restoreVersion(trace: Trace, actor: Actor, id: string, entryId: string, formVersion: string): Promise<RestoreResult> {
    return change(trace, actor, async (tx) => {
      const scope = await scopeOf(tx, actor);
      const row = await editableService(tx, actor, id);
      const version = await lockServiceVersion(tx, id);
      if (String(version) !== formVersion.trim()) {
        throw conflict('The service was changed by someone else after you opened its history.', [{ field: 'version', key: 'editor.error.restoreConflict' }]);
      }
      const entry = /^[1-9][0-9]{0,14}$/.test(entryId) ? await findHistoryEntry(tx, id, Number(entryId)) : undefined;
      const snapshot = entry && isRecord(entry.snapshot) && typeof entry.snapshot.name === 'string' ? entry.snapshot : undefined;
      if (!entry || !snapshot) throw notFound('This service has no such version to restore.');
      const linked = await serviceLocationIds(tx, id);
      // Locations are in the snapshot by key; those gone, or no longer shared with the organisation, are left out.
      const keys = stringList(snapshot.locations) ?? [];
      const found = await locationIdsByKeys(tx, keys);
      const linkable = [...found.filter((location) => linked.includes(location)), ...(await filterLinkableLocations(tx, row.organisation_id, found.filter((location) => !linked.includes(location))))];
      const form = formOfSnapshot(snapshot, formOf(row, linked), linkable);
      const input = parseService(form, { organisationId: row.organisation_id, regionCode: row.region_code }, row, []);
      const save = () => saveService(tx, { ...input, locationIds: sameSet(input.locationIds, linked), key: row.key, status: row.status, lastReviewed: row.last_reviewed });
      const locationsLeftOut = linkable.length < keys.length;
      // Restoring a published service is a change of it: with approval first, a partner's restore waits as one.
      if (row.status === 'gepubliceerd' && (await needsReview(tx, scope, row.region_code))) {
        const saved = await unlessPublicationRefused(tx, save);
        if (!saved.refused) return { outcome: saved.value.outcome, version: entry.version, locationsLeftOut };
        await requestReview(tx, actor, id, form, true);
        return { outcome: 'change-requested', version: entry.version, locationsLeftOut };
      }
      return { outcome: (await save()).outcome, version: entry.version, locationsLeftOut };
    });
  }

  // Locations ------------------------------------------------------------------------------------

  const editableLocation = (actor: Actor, organisationId: string, regionCode: string) => locationPolicy.can(actor, 'edit', { organisationId, regionCode });

  async function listLocations(trace: Trace, actor: Actor, region: string | null) {
    return work(trace, actor, async (tx) => {
      const scope = await scopeOf(tx, actor);
      const rows = await listLocationRows(
        tx,
        scope.kind === 'partner'
          ? { organisationId: scope.organisationId, regionCode: scope.regionCode }
          : scope.kind === 'region'
            ? { regionCode: scope.regionCode }
            : region
              ? { regionCode: region }
              : {},
      );
      const locations: LocationListItem[] = rows
        .map((row) => ({
          id: row.id,
          name: row.name,
          organisationName: row.organisation_name,
          role: row.role,
          city: row.city,
          regionCode: row.region_code,
          status: row.status,
        }))
        .sort((a, b) => compareNames()(a.name, b.name));
      return { scope, regions: scope.kind === 'all' ? await allRegions(tx) : [], locations };
    });
  }

  /**
   * Organisations a location in this region (null: any region) may be shared with: those active in
   * the region, and those it is already shared with (`current`), so a save never drops a share
   * silently.
   */
  const shareCandidates = async (tx: Tx, regionCode: string | null, current: readonly string[]): Promise<NamedId[]> =>
    byName(await listShareCandidates(tx, regionCode, current));

  /** The form's choices; for an existing location, sharing is offered within its region, never with its owner. */
  async function locationChoices(tx: Tx, scope: EditorScope, location: { organisationId: string; regionCode: string; sharedWith: string[] } | null): Promise<LocationChoices> {
    const owner = location?.organisationId ?? (scope.kind === 'partner' ? scope.organisationId : null);
    const region = location?.regionCode ?? (scope.kind === 'all' ? null : scope.regionCode);
    return {
      owners: byName(await ownerChoices(tx, scope)),
      municipalities: byName(await listMunicipalities(tx, scope.kind === 'all' ? null : scope.regionCode)),
      shareWith: (await shareCandidates(tx, region, location?.sharedWith ?? [])).filter((o) => o.id !== owner),
    };
  }

  async function newLocationContext(trace: Trace, actor: Actor) {
    return work(trace, actor, async (tx) => {
      const scope = await scopeOf(tx, actor);
      return { scope, choices: await locationChoices(tx, scope, null) };
    });
  }

  const hoursForm = (rows: OpeningHoursInput[]): HoursForm[] =>
    rows.map((row) => ({ days: row.days.map(String), opens: row.opens, closes: row.closes, note: row.note ?? '' }));

  async function getLocation(trace: Trace, actor: Actor, id: string) {
    return work(trace, actor, async (tx) => {
      const scope = await scopeOf(tx, actor);
      const row = isUuid(id) ? await findLocation(tx, id) : undefined;
      if (!row || !editableLocation(actor, row.organisation_id, row.region_code)) throw notFound('There is no such location, or you may not edit it.');
      const hours = (await readOpeningHours(tx, [id])).get(id) ?? [];
      const sharedWith = await readShares(tx, id);
      const location: LocationDetail = {
        id: row.id,
        key: row.key,
        organisationName: row.organisation_name,
        form: {
          owner: row.organisation_id,
          role: row.role,
          name: row.name,
          description: row.description ?? '',
          street: row.street,
          postalCode: row.postal_code,
          city: row.city,
          municipality: row.municipality_code,
          lat: String(row.lat),
          lon: String(row.lon),
          accessibility: row.accessibility ?? '',
          status: row.status,
          hours: hoursForm(hours),
          sharedWith,
          version: String(row.version),
        },
      };
      return { scope, location, choices: await locationChoices(tx, scope, { organisationId: row.organisation_id, regionCode: row.region_code, sharedWith }) };
    });
  }

  function parseHours(rows: HoursForm[], errors: FieldError[]): OpeningHoursInput[] {
    const result: OpeningHoursInput[] = [];
    for (const row of rows) {
      const empty = row.days.length === 0 && !row.opens.trim() && !row.closes.trim() && !row.note.trim();
      if (empty) continue;
      const opens = TIME.exec(row.opens.trim());
      const closes = TIME.exec(row.closes.trim());
      const days = [...new Set(row.days.filter((day) => WEEKDAY_NUMBERS.includes(day)).map(Number))].sort();
      if (days.length === 0 || !opens || !closes) {
        errors.push({ field: 'hours', key: 'editor.error.hours' });
        continue;
      }
      const time = (match: RegExpExecArray) => `${match[1]!.padStart(2, '0')}:${match[2]}`;
      if (time(closes) <= time(opens)) {
        errors.push({ field: 'hours', key: 'editor.error.hoursOrder' });
        continue;
      }
      const note = nullable(row.note);
      if (note && note.length > 200) errors.push({ field: 'hours', key: 'form.error.tooLong', params: { max: 200 } });
      result.push({ days, opens: time(opens), closes: time(closes), note });
    }
    return result;
  }

  async function saveLocationForm(trace: Trace, actor: Actor, id: string | null, form: LocationForm, submissionKey?: string): Promise<string> {
    return change(trace, actor, async (tx) => {
      const write = async () => {
        const scope = await scopeOf(tx, actor);
        let key: string;
        let organisationId: string;
        let current: string[] = [];
        if (id) {
          const row = isUuid(id) ? await lockLocation(tx, id) : undefined;
          if (!row || !editableLocation(actor, row.organisation_id, row.region_code)) throw notFound('There is no such location, or you may not edit it.');
          // Saved over the version the editor loaded, as a service is.
          if (String(row.version) !== form.version.trim()) {
            throw conflict('The location was changed by someone else after you opened it.', [{ field: 'version', key: 'editor.error.locationConflict' }]);
          }
          key = row.key;
          organisationId = row.organisation_id;
          current = await readShares(tx, id);
        } else {
          organisationId = scope.kind === 'partner' ? scope.organisationId : form.owner;
          key = newKey(form.name);
        }
        const errors: FieldError[] = [];
        const choices = await locationChoices(tx, scope, null);
        if (!choices.owners.some((owner) => owner.id === organisationId)) errors.push({ field: 'owner', key: 'form.error.choose' });
        if (!LOCATION_ROLES.includes(form.role as LocationRole) || (scope.kind === 'partner' && form.role === 'werkcentrum')) {
          errors.push({ field: 'role', key: 'form.error.choose' });
        }
        const name = trimmed(form.name);
        checkText(errors, 'name', name, 2, 200);
        const description = nullable(form.description);
        checkText(errors, 'description', description ?? '', 1, 1000, false);
        const street = trimmed(form.street);
        checkText(errors, 'street', street, 1, 200);
        const postalCode = normalisePostalCode(form.postalCode);
        if (!/^[1-9][0-9]{3} [A-Z]{2}$/.test(postalCode)) errors.push({ field: 'postalCode', key: 'editor.error.postalCode' });
        const city = trimmed(form.city);
        checkText(errors, 'city', city, 1, 100);
        const municipality = choices.municipalities.some((m) => m.code === form.municipality)
          ? await findMunicipalityPlace(tx, form.municipality)
          : undefined;
        if (!municipality) errors.push({ field: 'municipality', key: 'form.error.choose' });
        // Sharing with the owner itself means nothing; sharing is within the location's region.
        const sharedWith = [...new Set(form.sharedWith)].filter((organisation) => organisation !== organisationId);
        if (municipality && sharedWith.length > 0) {
          const allowed = new Set((await shareCandidates(tx, municipality.region_code, current)).map((o) => o.id));
          if (sharedWith.some((organisation) => !allowed.has(organisation))) errors.push({ field: 'sharedWith', key: 'editor.error.shareNotAllowed' });
        }
        const accessibility = nullable(form.accessibility);
        checkText(errors, 'accessibility', accessibility ?? '', 1, 500, false);
        if (!STATUSES.includes(form.status as CatalogueStatus)) errors.push({ field: 'status', key: 'form.error.choose' });
        const coordinate = (value: string) => (value.trim() === '' ? null : Number(value.trim().replace(',', '.')));
        let lat = coordinate(form.lat);
        let lon = coordinate(form.lon);
        if (lat !== null && !(lat >= 50.7 && lat <= 53.6)) errors.push({ field: 'lat', key: 'editor.error.lat' });
        if (lon !== null && !(lon >= 3.3 && lon <= 7.3)) errors.push({ field: 'lon', key: 'editor.error.lon' });
        const hours = parseHours(form.hours, errors);
        if (errors.length > 0 || !municipality) throw invalid(errors);
        // What the lists offered already keeps to the actor's part; asked once more of the record as saved.
        locationPolicy.authorize(actor, id ? 'edit' : 'create', { organisationId, regionCode: municipality.region_code });
        // Without coordinates the location is put on the municipality's label point.
        lat ??= municipality.label_lat;
        lon ??= municipality.label_lon;
        const result = await saveLocation(tx, {
          key,
          organisationId,
          role: form.role as LocationRole,
          name,
          description,
          street,
          postalCode,
          city,
          municipalityCode: form.municipality,
          lat,
          lon,
          accessibility,
          status: form.status as CatalogueStatus,
          openingHours: hours,
          sharedWith,
        });
        return result.id;
      };
      // A new location is created once per form, however often it is sent.
      return submissionKey ? (await submitOnce(tx, 'location-create', submissionKey, write)).result : write();
    });
  }

  // Near-duplicates ----------------------------------------------------------------------------------

  /** The region whose duplicates the actor looks after: a coordinator's own; 403 for anyone else. */
  async function duplicateRegion(tx: Tx, actor: Actor): Promise<{ code: string; name: string }> {
    const scope = await scopeOf(tx, actor);
    if (scope.kind === 'partner') throw forbidden('Only the region’s coordinator marks services as the same.');
    const code = actor.kind === 'user' && actor.membership ? actor.membership.regionCode : '';
    return { code, name: (await regionName(tx, code)) ?? code };
  }

  /** Pairs of services in the actor's region that are probably the same, for the coordinator to mark. */
  async function duplicates(trace: Trace, actor: Actor): Promise<{ region: { code: string; name: string }; pairs: DuplicatePair[] }> {
    return work(trace, actor, async (tx) => {
      const region = await duplicateRegion(tx, actor);
      return { region, pairs: await nearDuplicates(tx, region.code) };
    });
  }

  /** Marks `id` as the same as `target` (both in the pairs the actor sees): `id` is no longer listed, `target` is. */
  async function markDuplicate(trace: Trace, actor: Actor, id: string, target: string): Promise<void> {
    await work(trace, actor, async (tx) => {
      const region = await duplicateRegion(tx, actor);
      const pair = (await nearDuplicates(tx, region.code, 500)).find((p) => (p.a.id === id && p.b.id === target) || (p.b.id === id && p.a.id === target));
      if (!pair) throw notFound('These services are not a pair to mark.');
      const hidden = pair.a.id === id ? pair.a : pair.b;
      const row = await findService(tx, hidden.id);
      if (!row || !servicePolicy.can(actor, 'edit', { organisationId: row.organisation_id, regionCode: row.region_code })) {
        throw forbidden('You may not change this service: ask the platform team (national services) or its region’s coordinator.');
      }
      await markSameAs(tx, id, target);
    });
  }

  return {
    addKeyword,
    reviewQueue,
    setReviewBeforePublish,
    approveRequest,
    rejectRequest,
    duplicates,
    markDuplicate,
    listServices,
    getService,
    newServiceContext,
    createService,
    updateService,
    history,
    restoreVersion,
    listLocations,
    newLocationContext,
    getLocation,
    saveLocationForm,
  };
}

export type EditorService = ReturnType<typeof createEditorService>;
