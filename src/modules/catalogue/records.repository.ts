import { sql, type Selectable } from 'kysely';
import type { ServicesTable } from '../../platform/db/schema.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import { readOpeningHours } from './catalogue.repository.ts';
import type { LocationRecord, OrganisationRecord, ServiceRecord } from './records.ts';

// The catalogue as records, for exchange with other systems (the open-data module's HSDS and CSV):
// reading services with their organisations and locations, and the lookups an import needs before
// the catalogue repository writes a row. Every function runs in the caller's transaction; under the
// anonymous actor row-level security leaves exactly what the public sees.

type ServiceRow = Selectable<ServicesTable>;

/** Published services offered in the region (its own, national ones, and others' that cover it), sorted by key. */
export async function loadRegionRecords(tx: Tx, region: string): Promise<ServiceRecord[]> {
  const services = await tx
    .selectFrom('services')
    .selectAll()
    .where('status', '=', 'gepubliceerd')
    .where(sql<boolean>`area_regions @> array[${region}]::text[]`)
    .orderBy('key')
    .execute();
  return recordsFor(tx, services);
}

async function recordsFor(tx: Tx, services: ServiceRow[]): Promise<ServiceRecord[]> {
  if (services.length === 0) return [];
  const links = await tx
    .selectFrom('service_locations as sl')
    .innerJoin('locations as l', 'l.id', 'sl.location_id')
    .selectAll('l')
    .select('sl.service_id')
    .where(
      'sl.service_id',
      'in',
      services.map((s) => s.id),
    )
    .orderBy('l.key')
    .execute();
  const locationIds = [...new Set(links.map((l) => l.id))];
  const hours = await readOpeningHours(tx, locationIds);
  const organisationIds = [...new Set([...services.map((s) => s.organisation_id), ...links.map((l) => l.organisation_id)])];
  const organisations = await tx
    .selectFrom('organisations')
    .select(['id', 'name', 'kind', 'suwi_party', 'description', 'website', 'email', 'phone', 'source_fields'])
    .where('id', 'in', organisationIds)
    .execute();
  const orgById = new Map<string, OrganisationRecord>(
    organisations.map((o) => [
      o.id,
      {
        id: o.id,
        name: o.name,
        kind: o.kind,
        suwiParty: o.suwi_party,
        description: o.description,
        website: o.website,
        email: o.email,
        phone: o.phone,
        sourceFields: o.source_fields,
      },
    ]),
  );
  const locationById = new Map<string, LocationRecord>();
  for (const l of links) {
    if (locationById.has(l.id)) continue;
    locationById.set(l.id, {
      id: l.id,
      key: l.key,
      organisationId: l.organisation_id,
      role: l.role,
      name: l.name,
      description: l.description,
      street: l.street,
      postalCode: l.postal_code,
      city: l.city,
      municipalityCode: l.municipality_code,
      lat: l.lat,
      lon: l.lon,
      accessibility: l.accessibility,
      approximate: l.approximate,
      sourceFields: l.source_fields,
      openingHours: hours.get(l.id) ?? [],
    });
  }
  return services.map((s) => ({
    id: s.id,
    key: s.key,
    regionCode: s.region_code,
    status: s.status,
    name: s.name,
    summary: s.summary,
    description: s.description,
    audiences: s.audiences,
    themes: s.themes,
    eligibility: s.eligibility,
    costFree: s.cost_free,
    costDescription: s.cost_description,
    costAmountCents: s.cost_amount_cents,
    languages: s.languages,
    deliveryModes: s.delivery_modes,
    areaKind: s.area_kind,
    areaCodes: s.area_codes,
    access: s.access,
    applicationProcess: s.application_process,
    waitTime: s.wait_time,
    capacity: s.capacity,
    contactEmail: s.contact_email,
    contactPhone: s.contact_phone,
    contactUrl: s.contact_url,
    keywords: s.keywords,
    reviewIntervalDays: s.review_interval_days,
    lastReviewed: s.last_reviewed,
    sourceFields: s.source_fields,
    organisation: orgById.get(s.organisation_id)!,
    locations: links.filter((l) => l.service_id === s.id).map((l) => locationById.get(l.id)!),
  }));
}

/** Location key → id, for the keys that exist. */
export async function locationIdsByKey(tx: Tx, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await tx.selectFrom('locations').select(['id', 'key']).where('key', 'in', [...keys]).execute();
  return new Map(rows.map((l) => [l.key, l.id] as const));
}

/** The key a service or location with this id has, when it exists: a source renames, the id stays. */
export async function keyOfId(tx: Tx, table: 'services' | 'locations', id: string): Promise<string | undefined> {
  return (await tx.selectFrom(table).select('key').where('id', '=', id).executeTakeFirst())?.key;
}

export async function serviceStatus(tx: Tx, key: string) {
  return (await tx.selectFrom('services').select('status').where('key', '=', key).executeTakeFirst())?.status;
}

export async function locationStatus(tx: Tx, key: string) {
  return (await tx.selectFrom('locations').select('status').where('key', '=', key).executeTakeFirst())?.status;
}

/** Of these locations, those of another organisation that are not shared with this one. */
export async function unsharedLocations(tx: Tx, organisationId: string, locationIds: readonly string[]): Promise<string[]> {
  if (locationIds.length === 0) return [];
  const rows = await tx
    .selectFrom('locations as l')
    .select('l.id')
    .where('l.id', 'in', [...locationIds])
    .where('l.organisation_id', '<>', organisationId)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('location_shares as sh').select('sh.location_id').whereRef('sh.location_id', '=', 'l.id').where('sh.organisation_id', '=', organisationId))),
    )
    .execute();
  return rows.map((row) => row.id);
}

/** The unpublished locations linked to the service with this key: an export leaves them out, an import keeps them. */
export async function unpublishedLocationIds(tx: Tx, serviceKey: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('service_locations as sl')
    .innerJoin('services as s', 's.id', 'sl.service_id')
    .innerJoin('locations as l', 'l.id', 'sl.location_id')
    .select('l.id')
    .where('s.key', '=', serviceKey)
    .where('l.status', '<>', 'gepubliceerd')
    .execute();
  return rows.map((row) => row.id);
}
