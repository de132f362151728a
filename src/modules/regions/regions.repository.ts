import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tenancy.ts';

// The only place with SQL for regions, municipalities and postcode areas.

export interface RegionRow {
  code: string;
  name: string;
  slug: string;
  centrumgemeente_code: string | null;
  centrumgemeente_name: string | null;
  centrumgemeente_verified: boolean;
  municipality_count: number;
}

export function createRegionsRepository() {
  const regionQuery = (tx: Tx) =>
    tx
      .selectFrom('regions as r')
      .leftJoin('municipalities as c', 'c.code', 'r.centrumgemeente_code')
      .select((eb) => [
        'r.code',
        'r.name',
        'r.slug',
        'r.centrumgemeente_code',
        'c.name as centrumgemeente_name',
        'r.centrumgemeente_verified',
        eb
          .selectFrom('municipalities as m')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('m.region_code', '=', 'r.code')
          .as('municipality_count'),
      ]);

  return {
    async list(tx: Tx): Promise<RegionRow[]> {
      const rows = await regionQuery(tx).execute();
      return rows.map((row) => ({ ...row, municipality_count: Number(row.municipality_count) }));
    },

    async find(tx: Tx, codeOrSlug: string): Promise<RegionRow | undefined> {
      const row = await regionQuery(tx)
        .where((eb) => eb.or([eb('r.code', '=', codeOrSlug.toUpperCase()), eb('r.slug', '=', codeOrSlug.toLowerCase())]))
        .executeTakeFirst();
      return row && { ...row, municipality_count: Number(row.municipality_count) };
    },

    /** Whether a region code and a municipality code exist, in one statement (empty codes count as unknown). */
    async knownCodes(tx: Tx, regionCode: string, municipalityCode: string): Promise<{ region: boolean; municipality: boolean }> {
      const { rows } = await sql<{ region: boolean; municipality: boolean }>`select
        exists (select 1 from regions where code = ${regionCode}) as region,
        exists (select 1 from municipalities where code = ${municipalityCode}) as municipality`.execute(tx);
      return rows[0]!;
    },

    /** A PC4 postcode area with its municipality and region. */
    postcodeArea: (tx: Tx, pc4: string) =>
      tx
        .selectFrom('postcode_areas as p')
        .innerJoin('municipalities as m', 'm.code', 'p.municipality_code')
        .select(['p.pc4', 'p.lat', 'p.lon', 'm.code', 'm.name', 'm.region_code'])
        .where('p.pc4', '=', pc4)
        .executeTakeFirst(),

    municipalities: (tx: Tx) => tx.selectFrom('municipalities').select(['code', 'name', 'region_code', 'label_lat', 'label_lon']).execute(),

    municipalitiesOf: (tx: Tx, regionCode: string) =>
      tx.selectFrom('municipalities').select(['code', 'name', 'label_lat', 'label_lon']).where('region_code', '=', regionCode).execute(),

    partnersOf: (tx: Tx, regionCode: string) =>
      tx
        .selectFrom('organisations as o')
        .innerJoin('organisation_regions as r', 'r.organisation_id', 'o.id')
        .select(['o.id', 'o.name', 'o.kind', 'o.suwi_party'])
        .where('r.region_code', '=', regionCode)
        .where('o.kind', '<>', 'platform')
        .execute(),

    async setCentrumgemeente(tx: Tx, regionCode: string, municipalityCode: string, verified: boolean): Promise<void> {
      await tx
        .updateTable('regions')
        .set({ centrumgemeente_code: municipalityCode, centrumgemeente_verified: verified, updated_at: new Date() })
        .where('code', '=', regionCode)
        .execute();
    },
  };
}
