import type { Tx } from '../../platform/db/tenancy.ts';

// The only place with SQL for the wegwijzer: a region's own tree (need_finder_trees) and the region
// itself. Row-level security lets everyone read trees and only the region's coordinator or a
// platform administrator write them.

export interface RegionRef {
  code: string;
  name: string;
  slug: string;
}

export interface StoredTree {
  tree: unknown;
  version: number;
}

export function createNeedFinderRepository() {
  return {
    async findRegion(tx: Tx, codeOrSlug: string): Promise<RegionRef | undefined> {
      return tx
        .selectFrom('regions')
        .select(['code', 'name', 'slug'])
        .where((eb) => eb.or([eb('code', '=', codeOrSlug.toUpperCase()), eb('slug', '=', codeOrSlug.toLowerCase())]))
        .executeTakeFirst();
    },

    regions: (tx: Tx) => tx.selectFrom('regions').select(['code', 'name', 'slug']).execute(),

    customRegions: async (tx: Tx): Promise<Set<string>> =>
      new Set((await tx.selectFrom('need_finder_trees').select('region_code').execute()).map((row) => row.region_code)),

    async load(tx: Tx, regionCode: string): Promise<StoredTree | undefined> {
      const row = await tx.selectFrom('need_finder_trees').select(['tree', 'version']).where('region_code', '=', regionCode).executeTakeFirst();
      return row && { tree: row.tree, version: row.version };
    },

    /**
     * Stores a tree if the region's tree is still at `expectedVersion` (0: the region has none yet).
     * Returns the new version, or null when someone else changed it in between.
     */
    async save(tx: Tx, regionCode: string, tree: unknown, expectedVersion: number): Promise<number | null> {
      const json = JSON.stringify(tree);
      if (expectedVersion === 0) {
        const inserted = await tx
          .insertInto('need_finder_trees')
          .values({ region_code: regionCode, tree: json })
          .onConflict((oc) => oc.column('region_code').doNothing())
          .executeTakeFirst();
        return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1 ? 1 : null;
      }
      const updated = await tx
        .updateTable('need_finder_trees')
        .set((eb) => ({ tree: json, version: eb('version', '+', 1), updated_at: new Date() }))
        .where('region_code', '=', regionCode)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) === 1 ? expectedVersion + 1 : null;
    },

    async remove(tx: Tx, regionCode: string): Promise<boolean> {
      const deleted = await tx.deleteFrom('need_finder_trees').where('region_code', '=', regionCode).executeTakeFirst();
      return Number(deleted.numDeletedRows) > 0;
    },
  };
}
