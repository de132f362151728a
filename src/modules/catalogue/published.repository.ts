import { sql, type Selectable } from 'kysely';
import type { Tx } from '../../platform/db/tenancy.ts';
import { compareNames } from '../../platform/i18n/index.ts';
import type { AreaKind, LocationsTable, PathwayStep } from '../../platform/db/schema.ts';
import { readOpeningHours, type LocationInput, type OpeningHoursInput } from './catalogue.repository.ts';

// The published catalogue as the public reads it: the one place with the SQL behind the region
// portal's pages and the API's service detail. Other modules read services, locations and pathways
// only through these functions. Run them as the anonymous actor (`readPublic` or `withActor`), so
// row-level security shows only what is published whoever is signed in; the status conditions here
// are for the planner and for clarity, not the only wall.

/** A published location as the public sees it, with its weekly opening hours. */
export type PublishedLocation = Pick<LocationInput, 'name' | 'role' | 'street' | 'postalCode' | 'city' | 'municipalityCode' | 'lat' | 'lon' | 'accessibility'> & {
  id: string;
  openingHours: OpeningHoursInput[];
  /** The point is only the centre of its postcode area or municipality (an import without coordinates). */
  approximate: boolean;
  /** What the location's import source said that no column holds (HSDS JSON). */
  sourceFields: Record<string, unknown>;
};

/** What a list of locations shows: name, address and today's hours. */
export type LocationSummary = Pick<PublishedLocation, 'id' | 'name' | 'role' | 'street' | 'postalCode' | 'city' | 'openingHours'>;

/** One published service: the API's `ServiceDetail` (its schema is an allow-list) and the portal's service page. */
export interface PublishedService {
  id: string;
  name: string;
  summary: string;
  organisation: { id: string; name: string };
  /** The region whose coordinator moderates it; null for a national service. */
  regionCode: string | null;
  /** Every region the service is offered in. */
  areaRegions: string[];
  audiences: string[];
  themes: string[];
  themeGroups: string[];
  cost: { free: boolean; description: string | null; amountCents: number | null };
  languages: string[];
  deliveryModes: string[];
  areaKind: AreaKind;
  areaCodes: string[];
  description: string;
  eligibility: string;
  access: string[];
  applicationProcess: string;
  waitTime: string | null;
  capacity: 'ruim' | 'beperkt' | 'vol' | null;
  contact: { email: string | null; phone: string | null; url: string | null };
  /** `YYYY-MM-DD` */
  lastReviewed: string;
  locations: PublishedLocation[];
  /** What the service's import source said that no column holds (HSDS JSON). */
  sourceFields: Record<string, unknown>;
}

export interface ServiceLink {
  id: string;
  name: string;
  summary: string;
  organisationName: string;
}

export interface PathwaySummary {
  key: string;
  name: string;
  sector: string;
  summary: string;
  national: boolean;
}

export interface PathwayDetail extends PathwaySummary {
  steps: (PathwayStep & { link: { id: string; name: string } | null })[];
}

export interface LocationDetail extends PublishedLocation {
  regionCode: string;
  description: string | null;
  municipalityName: string;
  organisation: { id: string; name: string };
  services: ServiceLink[];
}

export interface OrganisationDetail {
  id: string;
  name: string;
  kind: string;
  description: string | null;
  website: string | null;
  email: string | null;
  phone: string | null;
  services: ServiceLink[];
  locations: LocationSummary[];
}

const byName = <T extends { name: string }>(items: T[]): T[] => items.sort((a, b) => compareNames()(a.name, b.name));

const dateString = (value: unknown): string =>
  value instanceof Date
    ? `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`
    : String(value).slice(0, 10);

const locationColumns = ['l.id', 'l.name', 'l.role', 'l.street', 'l.postal_code', 'l.city', 'l.municipality_code', 'l.lat', 'l.lon', 'l.accessibility', 'l.approximate', 'l.source_fields'] as const;

type LocationRow = Pick<
  Selectable<LocationsTable>,
  'id' | 'name' | 'role' | 'street' | 'postal_code' | 'city' | 'municipality_code' | 'lat' | 'lon' | 'accessibility' | 'approximate' | 'source_fields'
>;

async function withHours(tx: Tx, rows: readonly LocationRow[]): Promise<PublishedLocation[]> {
  const hours = await readOpeningHours(
    tx,
    rows.map((row) => row.id),
  );
  return byName(
    rows.map((row) => ({
      id: row.id,
      name: row.name,
      role: row.role,
      street: row.street,
      postalCode: row.postal_code,
      city: row.city,
      municipalityCode: row.municipality_code,
      lat: row.lat,
      lon: row.lon,
      accessibility: row.accessibility,
      openingHours: hours.get(row.id) ?? [],
      approximate: row.approximate,
      sourceFields: row.source_fields,
    })),
  );
}

const publishedLocations = (tx: Tx) => tx.selectFrom('locations as l').select(locationColumns).where('l.status', '=', 'gepubliceerd');

/** Published services offered in the region (regional, for some of its municipalities, or national). */
const offeredIn = (tx: Tx, regionCode: string) =>
  tx
    .selectFrom('services as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .where('s.status', '=', 'gepubliceerd')
    .where(sql<boolean>`s.area_regions @> array[${regionCode}]::text[]`);

const serviceLinks = (rows: { id: string; name: string; summary: string; organisation_name: string }[]): ServiceLink[] =>
  byName(rows.map((s) => ({ id: s.id, name: s.name, summary: s.summary, organisationName: s.organisation_name })));

/** The region's published Werkcentrum and partner-in-Werkcentrum locations. */
export async function regionCounters(tx: Tx, regionCode: string): Promise<PublishedLocation[]> {
  const rows = await publishedLocations(tx)
    .where('l.region_code', '=', regionCode)
    .where('l.role', 'in', ['werkcentrum', 'partner-in-werkcentrum'])
    .execute();
  return withHours(tx, rows);
}

/** How many published services in the region are for each of these audiences. */
export async function audienceCounts(tx: Tx, regionCode: string, audiences: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await sql<{ audience: string; n: number }>`
    select a as audience, count(*)::int as n from services s, unnest(s.audiences) a
    where s.status = 'gepubliceerd' and s.area_regions @> array[${regionCode}]::text[] and a = any(${[...audiences]}::text[])
    group by a`.execute(tx);
  return new Map(rows.map((row) => [row.audience, Number(row.n)]));
}

/** Per sub-theme, how many published services in the region are for this audience. */
export async function themeCounts(tx: Tx, regionCode: string, audience: string): Promise<Map<string, number>> {
  const { rows } = await sql<{ theme: string; n: number }>`
    select t as theme, count(*)::int as n from services s, unnest(s.themes) t
    where s.status = 'gepubliceerd' and s.area_regions @> array[${regionCode}]::text[] and s.audiences @> array[${audience}]::text[]
    group by t`.execute(tx);
  return new Map(rows.map((row) => [row.theme, Number(row.n)]));
}

/** The published pathways of the region and the national ones. */
export async function pathwaysOf(tx: Tx, regionCode: string): Promise<PathwaySummary[]> {
  const rows = await tx
    .selectFrom('pathways')
    .select(['key', 'name', 'sector', 'summary', 'region_code'])
    .where('status', '=', 'gepubliceerd')
    .where((eb) => eb.or([eb('region_code', '=', regionCode), eb('region_code', 'is', null)]))
    .execute();
  return byName(rows.map((row) => ({ key: row.key, name: row.name, sector: row.sector, summary: row.summary, national: row.region_code === null })));
}

/** One published service with its organisation, published locations and their opening hours; null when there is none. */
export async function publishedService(tx: Tx, id: string): Promise<PublishedService | null> {
  const s = await tx
    .selectFrom('services as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .selectAll('s')
    .select('o.name as organisation_name')
    .where('s.id', '=', id)
    .where('s.status', '=', 'gepubliceerd')
    .executeTakeFirst();
  if (!s) return null;
  const locations = await publishedLocations(tx).innerJoin('service_locations as sl', 'sl.location_id', 'l.id').where('sl.service_id', '=', id).execute();
  return {
    id: s.id,
    name: s.name,
    summary: s.summary,
    organisation: { id: s.organisation_id, name: s.organisation_name },
    regionCode: s.region_code,
    areaRegions: s.area_regions,
    audiences: s.audiences,
    themes: s.themes,
    themeGroups: s.theme_groups,
    cost: { free: s.cost_free, description: s.cost_description, amountCents: s.cost_amount_cents },
    languages: s.languages,
    deliveryModes: s.delivery_modes,
    areaKind: s.area_kind,
    areaCodes: s.area_codes,
    description: s.description,
    eligibility: s.eligibility,
    access: s.access,
    applicationProcess: s.application_process,
    waitTime: s.wait_time,
    capacity: s.capacity,
    contact: { email: s.contact_email, phone: s.contact_phone, url: s.contact_url },
    lastReviewed: dateString(s.last_reviewed),
    locations: await withHours(tx, locations),
    sourceFields: s.source_fields,
  };
}

/** The name of a published service offered in the region; null when it is not offered there. */
export async function serviceOfferedIn(tx: Tx, regionCode: string, id: string): Promise<{ id: string; name: string } | null> {
  return (await offeredIn(tx, regionCode).select(['s.id', 's.name']).where('s.id', '=', id).executeTakeFirst()) ?? null;
}

/** An organisation active in the region (or offering services there), with what it offers there; null otherwise. */
export async function organisationInRegion(tx: Tx, regionCode: string, id: string): Promise<OrganisationDetail | null> {
  const org = await tx
    .selectFrom('organisations')
    .select(['id', 'name', 'kind', 'description', 'website', 'email', 'phone'])
    .where('id', '=', id)
    .where('kind', '<>', 'platform')
    .executeTakeFirst();
  if (!org) return null;
  const [active, services, locations] = await Promise.all([
    tx.selectFrom('organisation_regions').select('region_code').where('organisation_id', '=', id).where('region_code', '=', regionCode).executeTakeFirst(),
    offeredIn(tx, regionCode).select(['s.id', 's.name', 's.summary', 'o.name as organisation_name']).where('s.organisation_id', '=', id).execute(),
    publishedLocations(tx).where('l.organisation_id', '=', id).where('l.region_code', '=', regionCode).execute(),
  ]);
  if (!active && services.length === 0) return null;
  return { ...org, services: serviceLinks(services), locations: await withHours(tx, locations) };
}

/** A published location (in any region) with the services offered there. */
export async function publishedLocation(tx: Tx, id: string): Promise<LocationDetail | null> {
  const row = await publishedLocations(tx)
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .innerJoin('municipalities as m', 'm.code', 'l.municipality_code')
    .select(['l.region_code', 'l.description', 'l.organisation_id', 'o.name as organisation_name', 'm.name as municipality_name'])
    .where('l.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const [services, [location]] = await Promise.all([
    offeredIn(tx, row.region_code)
      .innerJoin('service_locations as sl', 'sl.service_id', 's.id')
      .select(['s.id', 's.name', 's.summary', 'o.name as organisation_name'])
      .where('sl.location_id', '=', id)
      .execute(),
    withHours(tx, [row]),
  ]);
  return {
    ...location!,
    regionCode: row.region_code,
    description: row.description,
    municipalityName: row.municipality_name,
    organisation: { id: row.organisation_id, name: row.organisation_name },
    services: serviceLinks(services),
  };
}

/** A published pathway of the region or a national one; each step links its service where the region offers it. */
export async function publishedPathway(tx: Tx, regionCode: string, key: string): Promise<PathwayDetail | null> {
  const row = await tx
    .selectFrom('pathways')
    .select(['key', 'name', 'sector', 'summary', 'steps', 'region_code'])
    .where('key', '=', key)
    .where('status', '=', 'gepubliceerd')
    .where((eb) => eb.or([eb('region_code', '=', regionCode), eb('region_code', 'is', null)]))
    .executeTakeFirst();
  if (!row) return null;
  const keys = row.steps.map((step) => step.service).filter((k): k is string => Boolean(k));
  const services = keys.length === 0 ? [] : await offeredIn(tx, regionCode).select(['s.id', 's.key', 's.name']).where('s.key', 'in', keys).execute();
  const byKey = new Map(services.map((s) => [s.key, { id: s.id, name: s.name }]));
  return {
    key: row.key,
    name: row.name,
    sector: row.sector,
    summary: row.summary,
    national: row.region_code === null,
    steps: row.steps.map((step) => ({ ...step, link: step.service ? (byKey.get(step.service) ?? null) : null })),
  };
}

/** The phone number of the organisation that runs the region's Werkcentrum (its published location), if known. */
export async function werkcentrumPhone(tx: Tx, regionCode: string): Promise<string | null> {
  const row = await tx
    .selectFrom('locations as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .select('o.phone')
    .where('l.region_code', '=', regionCode)
    .where('l.role', '=', 'werkcentrum')
    .where('l.status', '=', 'gepubliceerd')
    .where('o.phone', 'is not', null)
    .orderBy('l.name')
    .executeTakeFirst();
  return row?.phone ?? null;
}
