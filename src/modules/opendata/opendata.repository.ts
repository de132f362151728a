import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { NameLookup } from '../catalogue/records.ts';
import type { ImportReference } from './hsds-import.ts';

// The only SQL of open data: the platform's reference data (regions, municipalities) and the
// organisations a file names. The catalogue itself is read and written through the catalogue
// module's functions (records.repository.ts, catalogue.repository.ts). Every function runs in the
// caller's transaction.

export async function loadNames(tx: Tx): Promise<NameLookup> {
  const [municipalities, regions] = await Promise.all([
    tx.selectFrom('municipalities').select(['code', 'name']).execute(),
    tx.selectFrom('regions').select(['code', 'name']).execute(),
  ]);
  return {
    municipalities: new Map(municipalities.map((m) => [m.code, m.name] as const)),
    regions: new Map(regions.map((r) => [r.code, r.name] as const)),
  };
}

/** The region's name, or undefined when there is no such region. */
export async function regionName(tx: Tx, code: string): Promise<string | undefined> {
  return (await tx.selectFrom('regions').select('name').where('code', '=', code).executeTakeFirst())?.name;
}

/** Regions, municipalities (with their centres) and postcode areas, to check and place what a file holds. */
export async function loadImportReference(tx: Tx): Promise<ImportReference> {
  const [municipalities, regions, postcodes] = await Promise.all([
    tx.selectFrom('municipalities').select(['code', 'name', 'region_code', 'label_lat', 'label_lon']).execute(),
    tx.selectFrom('regions').select(['code', 'name']).execute(),
    tx.selectFrom('postcode_areas').select(['pc4', 'municipality_code', 'lat', 'lon']).execute(),
  ]);
  return {
    municipalities: new Map(municipalities.map((m) => [m.code, m.region_code] as const)),
    regions: new Set(regions.map((r) => r.code)),
    municipalityList: municipalities,
    regionNames: new Map(regions.map((r) => [r.code, r.name] as const)),
    postcodes: new Map(postcodes.map((p) => [p.pc4, { municipality: p.municipality_code, lat: p.lat, lon: p.lon }] as const)),
  };
}

/** What an import may change of the organisation with this name (case-insensitive), as one string to compare; null when there is none. */
export async function organisationSnapshot(tx: Tx, name: string): Promise<string | null> {
  const row = await tx
    .selectFrom('organisations')
    .select(['id', 'description', 'website', 'email', 'phone', 'source_fields'])
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
  return row ? JSON.stringify(row) : null;
}

export async function organisationExists(tx: Tx, id: string): Promise<boolean> {
  return (await tx.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

