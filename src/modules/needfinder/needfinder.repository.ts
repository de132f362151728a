import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tenancy.ts';

// The only place with SQL for the wegwijzer: a region's live tree (need_finder_trees), its draft
// (need_finder_drafts, migration T0030) and the region itself. Row-level security lets everyone
// read live trees, and only the region's coordinator or a platform administrator read drafts and
// write either. A tree of null is the default tree.

export interface RegionRef {
  code: string;
  name: string;
  slug: string;
}

export interface StoredTree {
  /** null: the default tree. */
  tree: unknown;
  version: number;
}

export interface StoredLive extends StoredTree {
  updatedAt: Date;
  /** The live tree the last publication replaced; undefined when there is nothing to undo. */
  previous: StoredTree | undefined;
}

export interface StoredDraft extends StoredTree {
  /** The live version the draft started from (0: the default tree, no row). */
  basedOn: number;
  updatedAt: Date;
}

const json = (tree: unknown) => (tree === null ? null : JSON.stringify(tree));

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

    /** Regions whose live tree is their own, not the default. */
    customRegions: async (tx: Tx): Promise<Set<string>> =>
      new Set((await tx.selectFrom('need_finder_trees').select('region_code').where('tree', 'is not', null).execute()).map((row) => row.region_code)),

    /** Regions with a draft (the actor's, as row-level security shows them). */
    draftRegions: async (tx: Tx): Promise<Set<string>> => new Set((await tx.selectFrom('need_finder_drafts').select('region_code').execute()).map((row) => row.region_code)),

    /** The live tree: what visitors see. */
    async load(tx: Tx, regionCode: string): Promise<StoredTree | undefined> {
      const row = await tx.selectFrom('need_finder_trees').select(['tree', 'version']).where('region_code', '=', regionCode).executeTakeFirst();
      return row && { tree: row.tree, version: row.version };
    },

    /** The live tree with the one it replaced; `lock` holds the row until the transaction ends. */
    async loadLive(tx: Tx, regionCode: string, lock = false): Promise<StoredLive | undefined> {
      let query = tx
        .selectFrom('need_finder_trees')
        .select(['tree', 'version', 'updated_at', 'previous_tree', 'previous_version'])
        .where('region_code', '=', regionCode);
      if (lock) query = query.forUpdate();
      const row = await query.executeTakeFirst();
      if (!row) return undefined;
      return {
        tree: row.tree,
        version: row.version,
        updatedAt: row.updated_at,
        previous: row.previous_version === null ? undefined : { tree: row.previous_tree, version: row.previous_version },
      };
    },

    async loadDraft(tx: Tx, regionCode: string, lock = false): Promise<StoredDraft | undefined> {
      let query = tx.selectFrom('need_finder_drafts').select(['tree', 'version', 'based_on', 'updated_at']).where('region_code', '=', regionCode);
      if (lock) query = query.forUpdate();
      const row = await query.executeTakeFirst();
      return row && { tree: row.tree, version: row.version, basedOn: row.based_on, updatedAt: row.updated_at };
    },

    /**
     * Stores the draft if it is still at `expectedVersion` (0: the region has no draft yet, and one
     * is started from live version `basedOn`). Returns the draft's new version, or null when
     * someone else changed, published or threw away the draft in between.
     */
    async saveDraft(tx: Tx, regionCode: string, tree: unknown, expectedVersion: number, basedOn: number): Promise<number | null> {
      if (expectedVersion === 0) {
        const inserted = await tx
          .insertInto('need_finder_drafts')
          .values({ region_code: regionCode, tree: json(tree), based_on: basedOn })
          .onConflict((oc) => oc.column('region_code').doNothing())
          .returning('version')
          .executeTakeFirst();
        return inserted?.version ?? null;
      }
      const updated = await tx
        .updateTable('need_finder_drafts')
        .set({ tree: json(tree), version: sql<number>`nextval('need_finder_draft_versions')`, updated_at: new Date() })
        .where('region_code', '=', regionCode)
        .where('version', '=', expectedVersion)
        .returning('version')
        .executeTakeFirst();
      return updated?.version ?? null;
    },

    /** Throws the draft away if it is still at `expectedVersion`; false when it was not. */
    async removeDraft(tx: Tx, regionCode: string, expectedVersion: number): Promise<boolean> {
      const deleted = await tx.deleteFrom('need_finder_drafts').where('region_code', '=', regionCode).where('version', '=', expectedVersion).executeTakeFirst();
      return Number(deleted.numDeletedRows) === 1;
    },

    /**
     * Makes `tree` live if the live tree is still at `expectedVersion` (0: the default, no row), and
     * keeps the tree it replaces as the one to go back to. Returns the new live version, or null.
     */
    async publish(tx: Tx, regionCode: string, tree: unknown, expectedVersion: number): Promise<number | null> {
      if (expectedVersion === 0) {
        const inserted = await tx
          .insertInto('need_finder_trees')
          .values({ region_code: regionCode, tree: json(tree), previous_tree: null, previous_version: 0 })
          .onConflict((oc) => oc.column('region_code').doNothing())
          .returning('version')
          .executeTakeFirst();
        return inserted?.version ?? null;
      }
      const updated = await tx
        .updateTable('need_finder_trees')
        .set((eb) => ({
          tree: json(tree),
          version: eb('version', '+', 1),
          updated_at: new Date(),
          previous_tree: sql<string | null>`tree`,
          previous_version: eb.ref('version'),
        }))
        .where('region_code', '=', regionCode)
        .where('version', '=', expectedVersion)
        .returning('version')
        .executeTakeFirst();
      return updated?.version ?? null;
    },

    /**
     * Puts the previous live tree back as a new version, if the live tree is still at
     * `expectedVersion`; the tree it replaces becomes the previous one, so undoing twice is a redo.
     */
    async undo(tx: Tx, regionCode: string, expectedVersion: number): Promise<number | null> {
      const updated = await tx
        .updateTable('need_finder_trees')
        .set((eb) => ({
          tree: sql<string | null>`previous_tree`,
          version: eb('version', '+', 1),
          updated_at: new Date(),
          previous_tree: sql<string | null>`tree`,
          previous_version: eb.ref('version'),
        }))
        .where('region_code', '=', regionCode)
        .where('version', '=', expectedVersion)
        .where('previous_version', 'is not', null)
        .returning('version')
        .executeTakeFirst();
      return updated?.version ?? null;
    },
  };
}
