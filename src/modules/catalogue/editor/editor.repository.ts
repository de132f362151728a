import type { CatalogueStatus } from '../../../platform/db/schema.ts';
import type { Tx } from '../../../platform/db/tenancy.ts';

// The only SQL of the partner editor: the lists, choices and rows it reads. Saving goes through the
// catalogue repository (saveService, saveLocation). Every function runs in the caller's transaction,
// under row-level security: a filter here narrows what the actor sees, it never widens it.

export interface RegionName {
  code: string;
  name: string;
}

export async function regionName(tx: Tx, code: string): Promise<string | undefined> {
  return (await tx.selectFrom('regions').select('name').where('code', '=', code).executeTakeFirst())?.name;
}

export function listRegions(tx: Tx): Promise<RegionName[]> {
  return tx.selectFrom('regions').select(['code', 'name']).execute();
}

/** Municipalities, of one region or (null) of all. */
export function listMunicipalities(tx: Tx, regionCode: string | null): Promise<RegionName[]> {
  let query = tx.selectFrom('municipalities').select(['code', 'name']);
  if (regionCode) query = query.where('region_code', '=', regionCode);
  return query.execute();
}

/** Where a location in the municipality is, when it has no coordinates of its own: its label point. */
export function findMunicipalityPlace(tx: Tx, code: string) {
  return tx.selectFrom('municipalities').select(['region_code', 'label_lat', 'label_lon']).where('code', '=', code).executeTakeFirst();
}

/** Organisations offering services (not the platform's own): one, those active in a region, or all. */
export function listOwnerOrganisations(tx: Tx, only: { organisationId?: string; regionCode?: string }) {
  let query = tx.selectFrom('organisations as o').select(['o.id', 'o.name']).where('o.kind', '!=', 'platform');
  if (only.organisationId) query = query.where('o.id', '=', only.organisationId);
  const regionCode = only.regionCode;
  if (regionCode) {
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('organisation_regions as r').select('r.region_code').whereRef('r.organisation_id', '=', 'o.id').where('r.region_code', '=', regionCode)),
    );
  }
  return query.execute();
}

/**
 * Organisations a location in this region (null: any region) may be shared with: those active in the
 * region, and those in `current` whatever their regions. Never the platform's own.
 */
export function listShareCandidates(tx: Tx, regionCode: string | null, current: readonly string[]) {
  let query = tx.selectFrom('organisations as o').select(['o.id', 'o.name']).where('o.kind', '!=', 'platform');
  if (regionCode) {
    query = query.where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('organisation_regions as r').select('r.region_code').whereRef('r.organisation_id', '=', 'o.id').where('r.region_code', '=', regionCode)),
        ...(current.length > 0 ? [eb('o.id', 'in', [...current])] : []),
      ]),
    );
  }
  return query.execute();
}

export async function organisationActiveIn(tx: Tx, organisationId: string, regionCode: string): Promise<boolean> {
  const row = await tx
    .selectFrom('organisation_regions')
    .select('organisation_id')
    .where('organisation_id', '=', organisationId)
    .where('region_code', '=', regionCode)
    .executeTakeFirst();
  return row !== undefined;
}

// Services ---------------------------------------------------------------------------------------

export type ServiceRow = NonNullable<Awaited<ReturnType<typeof findService>>>;

/** A service with its organisation's name. */
export function findService(tx: Tx, id: string) {
  return tx
    .selectFrom('services as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .selectAll('s')
    .select('o.name as organisation_name')
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export interface ServiceRowFilter {
  /** A partner's view: one organisation's services in one region, and its national ones. */
  organisation?: { id: string; regionCode: string };
  /** A region code, or null for national services only. */
  regionCode?: string | null;
  status: CatalogueStatus | null;
  /** Not archived, and due for review before this date (ISO). */
  reviewDueBefore: string | null;
}

/** Services with their organisation's and region's names. */
export function listServiceRows(tx: Tx, filter: ServiceRowFilter) {
  let query = tx
    .selectFrom('services as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .leftJoin('regions as r', 'r.code', 's.region_code')
    .selectAll('s')
    .select(['o.name as organisation_name', 'r.name as region_name']);
  const organisation = filter.organisation;
  if (organisation) {
    query = query
      .where('s.organisation_id', '=', organisation.id)
      .where((eb) => eb.or([eb('s.region_code', '=', organisation.regionCode), eb('s.region_code', 'is', null)]));
  }
  if (filter.regionCode === null) query = query.where('s.region_code', 'is', null);
  else if (filter.regionCode !== undefined) query = query.where('s.region_code', '=', filter.regionCode);
  if (filter.status) query = query.where('s.status', '=', filter.status);
  if (filter.reviewDueBefore) query = query.where('s.status', '!=', 'gearchiveerd').where('s.review_due', '<', filter.reviewDueBefore);
  return query.execute();
}

/** Per service, how many locations it is offered at. */
export async function countLocationsByService(tx: Tx, serviceIds: readonly string[]): Promise<Map<string, number>> {
  if (serviceIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('service_locations')
    .select(['service_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('service_id', 'in', [...serviceIds])
    .groupBy('service_id')
    .execute();
  return new Map(rows.map((row) => [row.service_id, Number(row.n)]));
}

export async function serviceLocationIds(tx: Tx, serviceId: string): Promise<string[]> {
  const rows = await tx.selectFrom('service_locations').select('location_id').where('service_id', '=', serviceId).execute();
  return rows.map((row) => row.location_id);
}

/** Locks the service until the transaction ends; its version, or undefined when it is gone. */
export async function lockServiceVersion(tx: Tx, id: string): Promise<number | undefined> {
  return (await tx.selectFrom('services').select('version').where('id', '=', id).forUpdate().executeTakeFirst())?.version;
}

/** The locations a service of the organisation may be offered at: its own, and those shared with it. */
function linkableLocations(tx: Tx, organisationId: string) {
  return tx
    .selectFrom('locations as l')
    .where((eb) =>
      eb.or([
        eb('l.organisation_id', '=', organisationId),
        eb.exists(eb.selectFrom('location_shares as sh').select('sh.location_id').whereRef('sh.location_id', '=', 'l.id').where('sh.organisation_id', '=', organisationId)),
      ]),
    );
}

/** Of these location ids, those a service of the organisation may be offered at. */
export async function filterLinkableLocations(tx: Tx, organisationId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await linkableLocations(tx, organisationId).select('l.id').where('l.id', 'in', [...ids]).execute();
  return rows.map((row) => row.id);
}

/** The locations to choose from for a service of the organisation: not archived, in the region (any, for null). */
export function listLinkableLocations(tx: Tx, organisationId: string, regionCode: string | null) {
  let query = linkableLocations(tx, organisationId).select(['l.id', 'l.name', 'l.city', 'l.role']).where('l.status', '!=', 'gearchiveerd');
  if (regionCode) query = query.where('l.region_code', '=', regionCode);
  return query.execute();
}

/** The service's history, newest first. */
export function listServiceHistory(tx: Tx, serviceId: string) {
  return tx
    .selectFrom('service_history')
    .select(['id', 'version', 'action', 'changed_at', 'changed_by', 'changed_as', 'changes'])
    .where('service_id', '=', serviceId)
    .orderBy('id', 'desc')
    .execute();
}

/** One entry of the service's history with the full snapshot of the service after that change. */
export function findHistoryEntry(tx: Tx, serviceId: string, entryId: number) {
  return tx
    .selectFrom('service_history')
    .select(['id', 'version', 'snapshot'])
    .where('service_id', '=', serviceId)
    .where('id', '=', entryId)
    .executeTakeFirst();
}

/** The ids of the locations with these keys that the actor can see (a history snapshot names locations by key). */
export async function locationIdsByKeys(tx: Tx, keys: readonly string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await tx.selectFrom('locations').select('id').where('key', 'in', [...keys]).execute();
  return rows.map((row) => row.id);
}

/** The names of the accounts the actor may see, by id. */
export async function userNames(tx: Tx, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx.selectFrom('users').select(['id', 'name']).where('id', 'in', [...userIds]).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

// Locations --------------------------------------------------------------------------------------

/** Locations with their organisation's name: one organisation's in one region, a region's, or all. */
export function listLocationRows(tx: Tx, filter: { organisationId?: string; regionCode?: string }) {
  let query = tx
    .selectFrom('locations as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .select(['l.id', 'l.name', 'o.name as organisation_name', 'l.role', 'l.city', 'l.region_code', 'l.status']);
  if (filter.organisationId) query = query.where('l.organisation_id', '=', filter.organisationId);
  if (filter.regionCode) query = query.where('l.region_code', '=', filter.regionCode);
  return query.execute();
}

/** A location with its organisation's name. */
export function findLocation(tx: Tx, id: string) {
  return tx
    .selectFrom('locations as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .selectAll('l')
    .select('o.name as organisation_name')
    .where('l.id', '=', id)
    .executeTakeFirst();
}

/** Locks the location until the transaction ends; what a save needs of it. */
export function lockLocation(tx: Tx, id: string) {
  return tx.selectFrom('locations').select(['key', 'organisation_id', 'region_code', 'version']).where('id', '=', id).forUpdate().executeTakeFirst();
}
