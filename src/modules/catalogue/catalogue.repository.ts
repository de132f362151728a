import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { AreaKind, CatalogueStatus, LocationRole, OrganisationKind } from '../../platform/db/schema.ts';
import type { CatalogueContent } from './catalogue.content.ts';
import { searchParts } from './compounds.ts';

// The one write path of the catalogue: the demo seed, the import CLI and the partner editor all save
// organisations, locations and services through these functions, by stable key, so saving the same
// entry twice changes nothing (no new version, no history entry). Runs in the caller's transaction;
// under `withActor` row-level security decides what the actor may write.

export interface OpeningHoursInput {
  /** ISO weekdays, 1 = Monday. */
  days: number[];
  /** `HH:MM` */
  opens: string;
  closes: string;
  note: string | null;
}

export interface LocationInput {
  /** Used only when the location is created (an import keeps the ids of its source). */
  id?: string;
  key: string;
  organisationId: string;
  role: LocationRole;
  name: string;
  description: string | null;
  street: string;
  postalCode: string;
  city: string;
  municipalityCode: string;
  lat: number;
  lon: number;
  accessibility: string | null;
  status: CatalogueStatus;
  openingHours: OpeningHoursInput[];
  /**
   * The other organisations that may offer services at this location. Given, it replaces the stored
   * set (withdrawing a share takes the location off that organisation's services, migration T0012);
   * left out, the shares stay as they are.
   */
  sharedWith?: readonly string[];
  /** The point is the municipality's centroid (an import without coordinates); left out, false. */
  approximate?: boolean;
  /** HSDS fields of an import source without a column; left out, the stored ones stay. */
  sourceFields?: Record<string, unknown>;
}

export interface ServiceInput {
  /** Used only when the service is created (an import keeps the ids of its source). */
  id?: string;
  key: string;
  organisationId: string;
  /** The region whose coordinator moderates it; null for a national service. */
  regionCode: string | null;
  status: CatalogueStatus;
  name: string;
  summary: string;
  description: string;
  audiences: string[];
  themes: string[];
  eligibility: string;
  costFree: boolean;
  costDescription: string | null;
  costAmountCents: number | null;
  languages: string[];
  deliveryModes: string[];
  areaKind: AreaKind;
  areaCodes: string[];
  access: string[];
  applicationProcess: string;
  waitTime: string | null;
  capacity: 'ruim' | 'beperkt' | 'vol' | null;
  contactEmail: string | null;
  contactPhone: string | null;
  contactUrl: string | null;
  keywords: string[];
  reviewIntervalDays: number;
  /** `YYYY-MM-DD` */
  lastReviewed: string;
  locationIds: string[];
  /** The timers of a referral to this service; left out, the service keeps its own (or the defaults). */
  referralTimers?: ReferralTimers;
  /** HSDS fields of an import source without a column; left out, the stored ones stay. */
  sourceFields?: Record<string, unknown>;
}

/** Within how many working days the organisation answers a referral, how many reminders go out (at most 2), after how many days an unaccepted one expires. */
export interface ReferralTimers {
  responseDays: number;
  reminders: number;
  expiryDays: number;
}

export const DEFAULT_REFERRAL_TIMERS: ReferralTimers = { responseDays: 2, reminders: 2, expiryDays: 30 };
export const REFERRAL_TIMER_LIMITS = { responseDays: [1, 10], reminders: [0, 2], expiryDays: [7, 90] } as const;

export interface SaveResult {
  id: string;
  outcome: 'created' | 'updated' | 'unchanged';
}

export const WEEKDAYS = ['ma', 'di', 'wo', 'do', 'vr', 'za', 'zo'] as const;

/** "7514DJ" and "7514 dj" are stored as "7514 DJ". */
export function normalisePostalCode(value: string): string {
  const compact = value.replace(/\s+/g, '').toUpperCase();
  return /^[1-9][0-9]{3}[A-Z]{2}$/.test(compact) ? `${compact.slice(0, 4)} ${compact.slice(4)}` : value.trim();
}

export async function saveLocation(tx: Tx, input: LocationInput): Promise<SaveResult> {
  const values = {
    key: input.key,
    organisation_id: input.organisationId,
    role: input.role,
    name: input.name,
    description: input.description,
    street: input.street,
    postal_code: normalisePostalCode(input.postalCode),
    city: input.city,
    municipality_code: input.municipalityCode,
    lat: input.lat,
    lon: input.lon,
    accessibility: input.accessibility,
    status: input.status,
    ...(input.approximate === undefined ? {} : { approximate: input.approximate }),
  };
  const existing = await tx.selectFrom('locations').selectAll().where('key', '=', input.key).executeTakeFirst();
  const source = input.sourceFields === undefined ? {} : { source_fields: input.sourceFields };
  let id: string;
  let outcome: SaveResult['outcome'];
  if (!existing) {
    ({ id } = await tx
      .insertInto('locations')
      .values({ ...values, ...source, ...(input.id ? { id: input.id } : {}) })
      .returning('id')
      .executeTakeFirstOrThrow());
    outcome = 'created';
  } else {
    id = existing.id;
    const changed =
      (Object.keys(values) as (keyof typeof values)[]).some((field) => existing[field] !== values[field]) ||
      (input.sourceFields !== undefined && !sameJson(existing.source_fields, input.sourceFields));
    if (changed) await tx.updateTable('locations').set({ ...values, ...source, updated_at: new Date() }).where('id', '=', id).execute();
    outcome = changed ? 'updated' : 'unchanged';
  }
  const hoursChanged = await replaceOpeningHours(tx, id, input.openingHours);
  const sharesChanged = input.sharedWith !== undefined && (await replaceShares(tx, id, input.sharedWith));
  // Opening hours and shares are part of the location: a change to them is a new version too.
  if ((hoursChanged || sharesChanged) && outcome === 'unchanged') {
    await tx.updateTable('locations').set({ updated_at: new Date() }).where('id', '=', id).execute();
    outcome = 'updated';
  }
  return { id, outcome };
}

/** Two JSON values are equal whatever the order of their keys (jsonb keeps its own order). */
export function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]))
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** A time column (`HH:MM:SS`) as `HH:MM`. */
export const hhmm = (value: string): string => value.slice(0, 5);

/** The weekly opening hours of these locations, in their order, times as `HH:MM`; every id has an entry. */
export async function readOpeningHours(tx: Tx, locationIds: readonly string[]): Promise<Map<string, OpeningHoursInput[]>> {
  const result = new Map<string, OpeningHoursInput[]>(locationIds.map((id) => [id, []]));
  if (locationIds.length === 0) return result;
  const rows = await tx
    .selectFrom('schedules')
    .select(['location_id', 'days', 'opens', 'closes', 'note'])
    .where('location_id', 'in', [...locationIds])
    .orderBy('location_id')
    .orderBy('position')
    .execute();
  for (const row of rows) result.get(row.location_id)?.push({ days: [...row.days], opens: hhmm(row.opens), closes: hhmm(row.closes), note: row.note });
  return result;
}

async function replaceOpeningHours(tx: Tx, locationId: string, hours: OpeningHoursInput[]): Promise<boolean> {
  const current = await tx.selectFrom('schedules').selectAll().where('location_id', '=', locationId).orderBy('position').execute();
  const same =
    current.length === hours.length &&
    current.every(
      (row, i) =>
        row.days.join() === hours[i]!.days.join() &&
        hhmm(row.opens) === hhmm(hours[i]!.opens) &&
        hhmm(row.closes) === hhmm(hours[i]!.closes) &&
        row.note === hours[i]!.note,
    );
  if (same) return false;
  await tx.deleteFrom('schedules').where('location_id', '=', locationId).execute();
  if (hours.length > 0) {
    await tx
      .insertInto('schedules')
      .values(hours.map((h, position) => ({ location_id: locationId, position, days: h.days, opens: h.opens, closes: h.closes, note: h.note })))
      .execute();
  }
  return true;
}

/** The organisations a location is shared with. */
export async function readShares(tx: Tx, locationId: string): Promise<string[]> {
  const rows = await tx.selectFrom('location_shares').select('organisation_id').where('location_id', '=', locationId).execute();
  return rows.map((row) => row.organisation_id);
}

/** Shares a location with an organisation, if it is not shared with it yet. */
export async function shareLocation(tx: Tx, locationId: string, organisationId: string): Promise<void> {
  await tx
    .insertInto('location_shares')
    .values({ location_id: locationId, organisation_id: organisationId })
    .onConflict((oc) => oc.columns(['location_id', 'organisation_id']).doNothing())
    .execute();
}

async function replaceShares(tx: Tx, locationId: string, organisationIds: readonly string[]): Promise<boolean> {
  const current = new Set(await readShares(tx, locationId));
  const wanted = new Set(organisationIds);
  const remove = [...current].filter((id) => !wanted.has(id));
  const add = [...wanted].filter((id) => !current.has(id));
  if (remove.length > 0) await tx.deleteFrom('location_shares').where('location_id', '=', locationId).where('organisation_id', 'in', remove).execute();
  if (add.length > 0) await tx.insertInto('location_shares').values(add.map((organisation_id) => ({ location_id: locationId, organisation_id }))).execute();
  return remove.length > 0 || add.length > 0;
}

function serviceRow(input: ServiceInput) {
  return {
    key: input.key,
    organisation_id: input.organisationId,
    region_code: input.regionCode,
    status: input.status,
    name: input.name,
    summary: input.summary,
    description: input.description,
    audiences: input.audiences,
    themes: input.themes,
    eligibility: input.eligibility,
    cost_free: input.costFree,
    cost_description: input.costDescription,
    cost_amount_cents: input.costAmountCents,
    languages: input.languages,
    delivery_modes: input.deliveryModes,
    area_kind: input.areaKind,
    area_codes: input.areaCodes,
    access: input.access,
    application_process: input.applicationProcess,
    wait_time: input.waitTime,
    capacity: input.capacity,
    contact_email: input.contactEmail,
    contact_phone: input.contactPhone,
    contact_url: input.contactUrl,
    keywords: input.keywords,
    review_interval_days: input.reviewIntervalDays,
    last_reviewed: input.lastReviewed,
    ...(input.sourceFields === undefined ? {} : { source_fields: input.sourceFields }),
    search_parts: searchParts(input),
    ...(input.referralTimers
      ? { referral_response_days: input.referralTimers.responseDays, referral_reminders: input.referralTimers.reminders, referral_expiry_days: input.referralTimers.expiryDays }
      : {}),
  };
}

/**
 * Creates or updates a service by key, with its locations. The database bumps the version and
 * records the history only when something really changed.
 */
export async function saveService(tx: Tx, input: ServiceInput): Promise<SaveResult> {
  const row = serviceRow(input);
  const existing = await tx.selectFrom('services').select(['id', 'version']).where('key', '=', input.key).executeTakeFirst();
  let id: string;
  let outcome: SaveResult['outcome'];
  if (!existing) {
    ({ id } = await tx
      .insertInto('services')
      .values({ ...row, ...(input.id ? { id: input.id } : {}) })
      .returning('id')
      .executeTakeFirstOrThrow());
    outcome = 'created';
  } else {
    id = existing.id;
    const { version } = await tx.updateTable('services').set(row).where('id', '=', id).returning('version').executeTakeFirstOrThrow();
    outcome = version === existing.version ? 'unchanged' : 'updated';
  }
  const linked = await tx.selectFrom('service_locations').select('location_id').where('service_id', '=', id).execute();
  const wanted = new Set(input.locationIds);
  const have = new Set(linked.map((l) => l.location_id));
  const remove = [...have].filter((l) => !wanted.has(l));
  const add = [...wanted].filter((l) => !have.has(l));
  if (remove.length > 0) await tx.deleteFrom('service_locations').where('service_id', '=', id).where('location_id', 'in', remove).execute();
  if (add.length > 0) await tx.insertInto('service_locations').values(add.map((location_id) => ({ service_id: id, location_id }))).execute();
  if (outcome === 'unchanged' && (remove.length > 0 || add.length > 0)) outcome = 'updated';
  return { id, outcome };
}

export interface OrganisationProfile {
  /** Used only when the organisation is created. */
  id?: string;
  name: string;
  kind: OrganisationKind;
  suwiParty: boolean;
  description: string | null;
  website: string | null;
  email: string | null;
  phone: string | null;
  /** HSDS fields of an import source without a column; kept when the organisation has none yet. */
  sourceFields?: Record<string, unknown>;
}

/**
 * Finds an organisation by name (names are unique) or creates it, makes it active in the given
 * regions, and fills profile fields it does not have yet: what administrators entered stays.
 */
export async function ensureOrganisation(tx: Tx, profile: OrganisationProfile, regionCodes: readonly string[]): Promise<string> {
  const existing = await tx
    .selectFrom('organisations')
    .select(['id', 'description', 'website', 'email', 'phone', 'source_fields'])
    .where(sql<string>`lower(name)`, '=', profile.name.toLowerCase())
    .executeTakeFirst();
  let id: string;
  if (existing) {
    id = existing.id;
    const missing = {
      ...(existing.description ? {} : { description: profile.description }),
      ...(existing.website ? {} : { website: profile.website }),
      ...(existing.email ? {} : { email: profile.email }),
      ...(existing.phone ? {} : { phone: profile.phone }),
      ...(Object.keys(existing.source_fields).length > 0 || !profile.sourceFields ? {} : { source_fields: profile.sourceFields }),
    };
    if (Object.values(missing).some((value) => value)) await tx.updateTable('organisations').set(missing).where('id', '=', id).execute();
  } else {
    ({ id } = await tx
      .insertInto('organisations')
      .values({
        ...(profile.id ? { id: profile.id } : {}),
        name: profile.name,
        kind: profile.kind,
        suwi_party: profile.suwiParty,
        description: profile.description,
        website: profile.website,
        email: profile.email,
        phone: profile.phone,
        ...(profile.sourceFields ? { source_fields: profile.sourceFields } : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow());
  }
  if (regionCodes.length > 0) {
    await tx
      .insertInto('organisation_regions')
      .values(regionCodes.map((region_code) => ({ organisation_id: id, region_code })))
      .onConflict((oc) => oc.columns(['organisation_id', 'region_code']).doNothing())
      .execute();
  }
  return id;
}

export interface ContentLoadResult {
  organisations: number;
  locations: SaveResult[];
  services: SaveResult[];
  pathways: number;
}

/**
 * Loads a catalogue content file (already validated). Regional organisations become active in the
 * file's region; national ones in `nationalRegions`.
 */
export async function loadCatalogueContent(tx: Tx, content: CatalogueContent, nationalRegions: readonly string[]): Promise<ContentLoadResult> {
  const regions = content.region ? [content.region] : nationalRegions;
  const organisationIds = new Map<string, string>();
  for (const org of content.organisations) {
    organisationIds.set(
      org.key,
      await ensureOrganisation(
        tx,
        {
          name: org.name,
          kind: org.kind as OrganisationKind,
          suwiParty: org.suwiParty,
          description: org.description,
          website: org.website ?? null,
          email: org.email ?? null,
          phone: org.phone ?? null,
        },
        regions,
      ),
    );
  }
  const locationIds = new Map<string, string>();
  const locations: SaveResult[] = [];
  for (const location of content.locations) {
    const result = await saveLocation(tx, {
      key: location.key,
      organisationId: organisationIds.get(location.organisation)!,
      role: location.role,
      name: location.name,
      description: location.description ?? null,
      street: location.address.street,
      postalCode: location.address.postalCode,
      city: location.address.city,
      municipalityCode: location.address.municipalityCode,
      lat: location.lat,
      lon: location.lon,
      accessibility: location.accessibility ?? null,
      status: 'gepubliceerd',
      sharedWith: (location.sharedWith ?? []).map((key) => organisationIds.get(key)!),
      openingHours: location.openingHours.map((h) => ({
        days: h.days.map((day) => WEEKDAYS.indexOf(day as (typeof WEEKDAYS)[number]) + 1),
        opens: h.opens,
        closes: h.closes,
        note: h.note ?? null,
      })),
    });
    locationIds.set(location.key, result.id);
    locations.push(result);
  }
  const services: SaveResult[] = [];
  for (const service of content.services) {
    services.push(
      await saveService(tx, {
        key: service.key,
        organisationId: organisationIds.get(service.organisation)!,
        regionCode: content.region,
        status: service.status,
        name: service.name,
        summary: service.summary,
        description: service.description,
        audiences: [...service.audiences] as string[],
        themes: [...service.themes] as string[],
        eligibility: service.eligibility,
        costFree: service.cost.free,
        costDescription: service.cost.description ?? null,
        costAmountCents: service.cost.amountCents ?? null,
        languages: service.languages,
        deliveryModes: [...service.deliveryModes] as string[],
        areaKind: service.serviceArea.kind,
        areaCodes: service.serviceArea.kind === 'national' ? [] : service.serviceArea.codes,
        access: [...service.access] as string[],
        applicationProcess: service.applicationProcess,
        waitTime: service.waitTime ?? null,
        capacity: service.capacity ?? null,
        contactEmail: service.contact.email ?? null,
        contactPhone: service.contact.phone ?? null,
        contactUrl: service.contact.url ?? null,
        keywords: service.keywords ?? [],
        reviewIntervalDays: service.reviewIntervalDays,
        lastReviewed: service.lastReviewed,
        locationIds: service.locations.map((key) => locationIds.get(key)!),
      }),
    );
  }
  for (const pathway of content.pathways) {
    await tx
      .insertInto('pathways')
      .values({
        key: pathway.key,
        region_code: content.region,
        name: pathway.name,
        sector: pathway.sector,
        summary: pathway.summary,
        steps: JSON.stringify(pathway.steps.map((step) => ({ title: step.title, description: step.description, service: step.service ?? null }))),
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }
  return { organisations: organisationIds.size, locations, services, pathways: content.pathways.length };
}

/** The names of these services (those the actor may see), by id: for other modules that refer to a service. */
export async function serviceNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.selectFrom('services').select(['id', 'name']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Removes who made a change, and in which role, from service history entries older than the date. */
export async function forgetHistoryAuthors(tx: Tx, changedBefore: Date): Promise<number> {
  const result = await tx
    .updateTable('service_history')
    .set({ changed_by: null, changed_as: null })
    .where('changed_by', 'is not', null)
    .where('changed_at', '<', changedBefore)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Published services as a referral needs them: the organisation that receives it (and whether it is
 * a SUWI party: UWV or a municipality), how much room there is and how people get in.
 */
export async function referralTargets(tx: Tx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return tx
    .selectFrom('services as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select([
      's.id',
      's.name',
      's.themes',
      's.capacity',
      's.access',
      's.region_code',
      's.area_regions',
      's.referral_response_days',
      's.referral_reminders',
      's.referral_expiry_days',
      'o.id as organisation_id',
      'o.name as organisation_name',
      'o.kind as organisation_kind',
      'o.suwi_party',
    ])
    .where('s.id', 'in', [...ids])
    .where('s.status', '=', 'gepubliceerd')
    .execute();
}

export type ReferralTarget = Awaited<ReturnType<typeof referralTargets>>[number];

/** Published services of an organisation (by name) offered in a region, by name. */
export async function publishedServicesOf(tx: Tx, regionCode: string, organisationName: string) {
  return tx
    .selectFrom('services as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select(['s.id', 's.name', 'o.id as organisation_id', 'o.name as organisation_name'])
    .where('o.name', '=', organisationName)
    .where('s.status', '=', 'gepubliceerd')
    .where((eb) => eb.or([eb('s.region_code', '=', regionCode), eb(sql<string>`${regionCode}`, '=', eb.fn.any('s.area_regions'))]))
    .orderBy('s.name')
    .execute();
}

// Near-duplicates ----------------------------------------------------------------------------------

/** Names alike (trigrams), or names somewhat alike with texts alike: what a coordinator should look at. */
const alike = (a: string, b: string) =>
  sql<boolean>`(similarity(${sql.ref(`${a}.name`)}, ${sql.ref(`${b}.name`)}) >= 0.5
    or (similarity(${sql.ref(`${a}.name`)}, ${sql.ref(`${b}.name`)}) >= 0.3
      and similarity(${sql.ref(`${a}.summary`)} || ' ' || ${sql.ref(`${a}.description`)}, ${sql.ref(`${b}.summary`)} || ' ' || ${sql.ref(`${b}.description`)}) >= 0.5))`;

export interface DuplicatePair {
  a: { id: string; name: string; organisationName: string; regionCode: string | null; status: CatalogueStatus };
  b: { id: string; name: string; organisationName: string; regionCode: string | null; status: CatalogueStatus };
  similarity: number;
}

/** Pairs of services offered in the region that are probably the same (same or another organisation), most alike first. */
export async function nearDuplicates(tx: Tx, regionCode: string, limit = 50): Promise<DuplicatePair[]> {
  const rows = await tx
    .selectFrom('services as a')
    .innerJoin('services as b', (join) => join.on(sql<boolean>`a.id < b.id`))
    .innerJoin('organisations as oa', 'oa.id', 'a.organisation_id')
    .innerJoin('organisations as ob', 'ob.id', 'b.organisation_id')
    .select([
      'a.id as a_id', 'a.name as a_name', 'oa.name as a_org', 'a.region_code as a_region', 'a.status as a_status',
      'b.id as b_id', 'b.name as b_name', 'ob.name as b_org', 'b.region_code as b_region', 'b.status as b_status',
      sql<number>`similarity(a.name, b.name)`.as('similarity'),
    ])
    .where('a.status', '<>', 'gearchiveerd')
    .where('b.status', '<>', 'gearchiveerd')
    .where('a.same_as', 'is', null)
    .where('b.same_as', 'is', null)
    .where(sql<boolean>`${regionCode} = any (a.area_regions) and ${regionCode} = any (b.area_regions)`)
    .where(alike('a', 'b'))
    .orderBy('similarity', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    a: { id: r.a_id, name: r.a_name, organisationName: r.a_org, regionCode: r.a_region, status: r.a_status },
    b: { id: r.b_id, name: r.b_name, organisationName: r.b_org, regionCode: r.b_region, status: r.b_status },
    similarity: r.similarity,
  }));
}

/** Services offered where this one is that are probably the same as it (for an import's warning). */
export async function servicesAlike(tx: Tx, id: string): Promise<{ id: string; name: string; key: string }[]> {
  return tx
    .selectFrom('services as n')
    .innerJoin('services as o', (join) => join.on(sql<boolean>`o.id <> n.id and o.area_regions && n.area_regions`))
    .select(['o.id', 'o.name', 'o.key'])
    .where('n.id', '=', id)
    .where('o.status', '<>', 'gearchiveerd')
    .where('o.same_as', 'is', null)
    .where(alike('n', 'o'))
    .orderBy(sql`similarity(n.name, o.name)`, 'desc')
    .limit(3)
    .execute();
}

/** Marks a service as the same as another (null: its own again); false when nothing was changed. */
export async function markSameAs(tx: Tx, id: string, sameAs: string | null): Promise<boolean> {
  const row = await tx.updateTable('services').set({ same_as: sameAs }).where('id', '=', id).returning('id').executeTakeFirst();
  return row !== undefined;
}
