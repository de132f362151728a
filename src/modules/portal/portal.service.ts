import { sql } from 'kysely';
import type { Database } from '../../platform/db/pool.ts';
import { anonymous, withActor, type Tx } from '../../platform/db/tenancy.ts';
import type { Trace } from '../../platform/http/trace.ts';
import { compareNames } from '../../platform/i18n/index.ts';
import type { LocationRole, PathwayStep } from '../../platform/db/schema.ts';
import type { OpeningSlot } from './opening-hours.ts';
import { readOpeningHours, type ServiceInput } from '../catalogue/catalogue.store.ts';

// What the public portal of a region shows: its Werkcentrum and partner locations, the themes
// per audience, and the service, organisation, location and pathway pages. Everything is read as
// the anonymous public, so row-level security shows only what is published, whoever is signed in.

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The three entry points of the portal: path segment → audience code. */
export const PORTAL_AUDIENCES = [
  { segment: 'werkzoekenden', audience: 'werkzoekende' },
  { segment: 'werkenden', audience: 'werkende' },
  { segment: 'werkgevers', audience: 'werkgever' },
] as const;
export type PortalAudience = (typeof PORTAL_AUDIENCES)[number];

export interface LocationSummary {
  id: string;
  name: string;
  role: LocationRole;
  street: string;
  postalCode: string;
  city: string;
  hours: OpeningSlot[];
}

export interface LocationDetail extends LocationSummary {
  regionCode: string;
  description: string | null;
  municipalityName: string;
  lat: number;
  lon: number;
  accessibility: string | null;
  organisation: { id: string; name: string };
  services: ServiceLink[];
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

/** The public fields of a service as the store writes them, with its organisation, regions and locations. */
export interface ServiceDetail
  extends Omit<ServiceInput, 'id' | 'key' | 'organisationId' | 'status' | 'areaKind' | 'areaCodes' | 'keywords' | 'reviewIntervalDays' | 'locationIds'> {
  id: string;
  organisation: { id: string; name: string };
  areaRegions: string[];
  locations: LocationSummary[];
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

export interface PathwayDetail extends PathwaySummary {
  steps: (PathwayStep & { link: { id: string; name: string } | null })[];
}

const dateString = (value: unknown): string =>
  value instanceof Date
    ? `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`
    : String(value).slice(0, 10);

type LocationRow = { id: string; name: string; role: LocationRole; street: string; postal_code: string; city: string };

async function withHours(tx: Tx, rows: readonly LocationRow[]): Promise<LocationSummary[]> {
  const hours = await readOpeningHours(
    tx,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: row.role,
    street: row.street,
    postalCode: row.postal_code,
    city: row.city,
    hours: hours.get(row.id) ?? [],
  }));
}

const byName = <T extends { name: string }>(items: T[]): T[] => items.sort((a, b) => compareNames()(a.name, b.name));

export function createPortalService(db: Database) {
  const read = <T>(trace: Trace, work: (tx: Tx) => Promise<T>) => withActor(db, { actor: anonymous, trace }, work);

  /** Published services offered in the region (regional, for some of its municipalities, or national). */
  const offeredIn = (tx: Tx, regionCode: string) =>
    tx
      .selectFrom('services as s')
      .innerJoin('organisations as o', 'o.id', 's.organisation_id')
      .where('s.status', '=', 'gepubliceerd')
      .where(sql<boolean>`s.area_regions @> array[${regionCode}]::text[]`);

  async function pathwaysOf(tx: Tx, regionCode: string): Promise<PathwaySummary[]> {
    const rows = await tx
      .selectFrom('pathways')
      .select(['key', 'name', 'sector', 'summary', 'region_code'])
      .where('status', '=', 'gepubliceerd')
      .where((eb) => eb.or([eb('region_code', '=', regionCode), eb('region_code', 'is', null)]))
      .execute();
    return byName(rows.map((row) => ({ key: row.key, name: row.name, sector: row.sector, summary: row.summary, national: row.region_code === null })));
  }

  return {
    /** The region home: its Werkcentrum and partner locations, services per audience, pathways. */
    async home(trace: Trace, regionCode: string) {
      return read(trace, async (tx) => {
        const [locationRows, counts, pathways] = await Promise.all([
          tx
            .selectFrom('locations')
            .select(['id', 'name', 'role', 'street', 'postal_code', 'city'])
            .where('region_code', '=', regionCode)
            .where('status', '=', 'gepubliceerd')
            .where('role', 'in', ['werkcentrum', 'partner-in-werkcentrum'])
            .execute(),
          sql<{ audience: string; n: number }>`
            select a as audience, count(*)::int as n from services s, unnest(s.audiences) a
            where s.status = 'gepubliceerd' and s.area_regions @> array[${regionCode}]::text[]
              and a in ('werkzoekende', 'werkende', 'werkgever')
            group by a`.execute(tx),
          pathwaysOf(tx, regionCode),
        ]);
        const locations = byName(await withHours(tx, locationRows));
        return {
          werkcentra: locations.filter((l) => l.role === 'werkcentrum'),
          partners: locations.filter((l) => l.role === 'partner-in-werkcentrum'),
          audienceCounts: new Map(counts.rows.map((row) => [row.audience, Number(row.n)])),
          pathways,
        };
      });
    },

    /** Per sub-theme, how many published services in the region are for this audience. */
    async themeCounts(trace: Trace, regionCode: string, audience: string): Promise<{ counts: Map<string, number>; pathways: PathwaySummary[] }> {
      return read(trace, async (tx) => {
        const [rows, pathways] = await Promise.all([
          sql<{ theme: string; n: number }>`
            select t as theme, count(*)::int as n from services s, unnest(s.themes) t
            where s.status = 'gepubliceerd' and s.area_regions @> array[${regionCode}]::text[]
              and s.audiences @> array[${audience}]::text[]
            group by t`.execute(tx),
          audience === 'werkgever' ? Promise.resolve([]) : pathwaysOf(tx, regionCode),
        ]);
        return { counts: new Map(rows.rows.map((row) => [row.theme, Number(row.n)])), pathways };
      });
    },

    /** A published service, wherever it is offered; null when unknown or not published. */
    async service(trace: Trace, id: string): Promise<ServiceDetail | null> {
      if (!UUID.test(id)) return null;
      return read(trace, async (tx) => {
        const row = await tx
          .selectFrom('services as s')
          .innerJoin('organisations as o', 'o.id', 's.organisation_id')
          .selectAll('s')
          .select(['o.name as organisation_name'])
          .where('s.id', '=', id)
          .where('s.status', '=', 'gepubliceerd')
          .executeTakeFirst();
        if (!row) return null;
        const locationRows = await tx
          .selectFrom('service_locations as sl')
          .innerJoin('locations as l', 'l.id', 'sl.location_id')
          .select(['l.id', 'l.name', 'l.role', 'l.street', 'l.postal_code', 'l.city'])
          .where('sl.service_id', '=', id)
          .where('l.status', '=', 'gepubliceerd')
          .execute();
        return {
          id: row.id,
          name: row.name,
          summary: row.summary,
          description: row.description,
          organisation: { id: row.organisation_id, name: row.organisation_name },
          regionCode: row.region_code,
          areaRegions: row.area_regions,
          audiences: row.audiences,
          themes: row.themes,
          eligibility: row.eligibility,
          costFree: row.cost_free,
          costDescription: row.cost_description,
          costAmountCents: row.cost_amount_cents,
          languages: row.languages,
          deliveryModes: row.delivery_modes,
          access: row.access,
          applicationProcess: row.application_process,
          waitTime: row.wait_time,
          capacity: row.capacity,
          contactEmail: row.contact_email,
          contactPhone: row.contact_phone,
          contactUrl: row.contact_url,
          lastReviewed: dateString(row.last_reviewed),
          locations: byName(await withHours(tx, locationRows)),
        };
      });
    },

    /** The name of a published service offered in the region, for "your question is about …". */
    async serviceInRegion(trace: Trace, regionCode: string, id: string): Promise<{ id: string; name: string } | null> {
      if (!UUID.test(id)) return null;
      const row = await read(trace, (tx) => offeredIn(tx, regionCode).select(['s.id', 's.name']).where('s.id', '=', id).executeTakeFirst());
      return row ?? null;
    },

    /** The phone number of the organisation that runs the region's Werkcentrum (its published location), if known. */
    async werkcentrumPhone(trace: Trace, regionCode: string): Promise<string | null> {
      const row = await read(trace, (tx) =>
        tx
          .selectFrom('locations as l')
          .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
          .select('o.phone')
          .where('l.region_code', '=', regionCode)
          .where('l.role', '=', 'werkcentrum')
          .where('l.status', '=', 'gepubliceerd')
          .where('o.phone', 'is not', null)
          .orderBy('l.name')
          .executeTakeFirst(),
      );
      return row?.phone ?? null;
    },

    /** An organisation active in the region (or offering services there), with what it offers there. */
    async organisation(trace: Trace, regionCode: string, id: string): Promise<OrganisationDetail | null> {
      if (!UUID.test(id)) return null;
      return read(trace, async (tx) => {
        const org = await tx
          .selectFrom('organisations')
          .select(['id', 'name', 'kind', 'description', 'website', 'email', 'phone'])
          .where('id', '=', id)
          .where('kind', '<>', 'platform')
          .executeTakeFirst();
        if (!org) return null;
        const [active, services, locationRows] = await Promise.all([
          tx.selectFrom('organisation_regions').select('region_code').where('organisation_id', '=', id).where('region_code', '=', regionCode).executeTakeFirst(),
          offeredIn(tx, regionCode).select(['s.id', 's.name', 's.summary', 'o.name as organisation_name']).where('s.organisation_id', '=', id).execute(),
          tx
            .selectFrom('locations')
            .select(['id', 'name', 'role', 'street', 'postal_code', 'city'])
            .where('organisation_id', '=', id)
            .where('region_code', '=', regionCode)
            .where('status', '=', 'gepubliceerd')
            .execute(),
        ]);
        if (!active && services.length === 0) return null;
        return {
          ...org,
          services: byName(services.map((s) => ({ id: s.id, name: s.name, summary: s.summary, organisationName: s.organisation_name }))),
          locations: byName(await withHours(tx, locationRows)),
        };
      });
    },

    /** A published location (in any region: the caller sends people to the right region). */
    async location(trace: Trace, id: string): Promise<LocationDetail | null> {
      if (!UUID.test(id)) return null;
      return read(trace, async (tx) => {
        const row = await tx
          .selectFrom('locations as l')
          .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
          .innerJoin('municipalities as m', 'm.code', 'l.municipality_code')
          .selectAll('l')
          .select(['o.name as organisation_name', 'm.name as municipality_name'])
          .where('l.id', '=', id)
          .where('l.status', '=', 'gepubliceerd')
          .executeTakeFirst();
        if (!row) return null;
        const [services, hours] = await Promise.all([
          offeredIn(tx, row.region_code)
            .innerJoin('service_locations as sl', 'sl.service_id', 's.id')
            .select(['s.id', 's.name', 's.summary', 'o.name as organisation_name'])
            .where('sl.location_id', '=', id)
            .execute(),
          readOpeningHours(tx, [id]),
        ]);
        return {
          id: row.id,
          name: row.name,
          role: row.role,
          street: row.street,
          postalCode: row.postal_code,
          city: row.city,
          hours: hours.get(id) ?? [],
          regionCode: row.region_code,
          description: row.description,
          municipalityName: row.municipality_name,
          lat: row.lat,
          lon: row.lon,
          accessibility: row.accessibility,
          organisation: { id: row.organisation_id, name: row.organisation_name },
          services: byName(services.map((s) => ({ id: s.id, name: s.name, summary: s.summary, organisationName: s.organisation_name }))),
        };
      });
    },

    /** A published pathway of the region or a national one; each step links its service where the region offers it. */
    async pathway(trace: Trace, regionCode: string, key: string): Promise<PathwayDetail | null> {
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(key) || key.length > 80) return null;
      return read(trace, async (tx) => {
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
      });
    },
  };
}

export type PortalService = ReturnType<typeof createPortalService>;
