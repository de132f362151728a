import type { Database } from '../../platform/db/pool.ts';
import { anonymous, audit, withActor, type Actor, type Tx } from '../../platform/db/tenancy.ts';
import type { Trace } from '../../platform/http/trace.ts';
import { conflict, invalid, notFound } from '../../platform/http/errors.ts';
import { needFinderPolicy } from './needfinder.policy.ts';
import type { Lang } from '../../platform/i18n/index.ts';
import { FacetKeys, searchServices, type SearchItem } from '../catalogue/search.repository.ts';
import { defaultTree } from './needfinder.default.ts';
import { applyOutcomeForm, applyQuestionForm, type EditResult, type OutcomeForm, type QuestionForm } from './needfinder.edit.ts';
import { createNeedFinderRepository, type RegionRef } from './needfinder.repository.ts';
import { isValidTree, type NeedFinderTree, type Outcome } from './needfinder.tree.ts';

// The wegwijzer of a region: its own tree when the coordinator changed it, else the default. The
// public flow reads it anonymously; the editor writes it as the coordinator (or a platform
// administrator), and row-level security refuses anyone else even if this check were skipped.

export interface RegionTree {
  region: RegionRef;
  tree: NeedFinderTree;
  /** 0 while the region uses the default tree. */
  version: number;
  custom: boolean;
}

export interface OutcomeServices {
  /** The services to show, best match first. */
  items: SearchItem[];
  /** All matching services in the region (the search page shows the rest). */
  total: number;
}

/** How many services an outcome page lists; "zoek zelf verder" shows the rest. */
export const OUTCOME_LIST_SIZE = 12;

/**
 * Ranks matches by how many of the outcome's themes a service has (less when past its review date);
 * on a tie the region's own services come before national ones, then the search order.
 */
export function rankForOutcome(items: readonly SearchItem[], outcome: Outcome): SearchItem[] {
  const wanted = new Set(outcome.themes);
  const score = (item: SearchItem) =>
    (item.themes.filter((code) => wanted.has(code)).length + item.themeGroups.filter((code) => wanted.has(code)).length) * (item.stale ? 0.6 : 1);
  return items
    .map((item, index) => ({ item, index, score: score(item) }))
    .sort((a, b) => b.score - a.score || Number(b.item.regionCode !== null) - Number(a.item.regionCode !== null) || a.index - b.index)
    .map(({ item }) => item);
}

export function createNeedFinderService(db: Database) {
  const repository = createNeedFinderRepository();
  const facetKeys = new FacetKeys();

  async function treeOf(tx: Tx, region: RegionRef): Promise<RegionTree> {
    const stored = await repository.load(tx, region.code);
    // A stored tree that no longer validates (say, a theme left the taxonomy) gives way to the default.
    if (stored && isValidTree(stored.tree)) return { region, tree: stored.tree, version: stored.version, custom: true };
    return { region, tree: defaultTree, version: stored?.version ?? 0, custom: false };
  }

  async function region(tx: Tx, codeOrSlug: string): Promise<RegionRef> {
    const found = await repository.findRegion(tx, codeOrSlug);
    if (!found) throw notFound(`There is no region ${codeOrSlug}.`);
    return found;
  }

  function mayManage(actor: Actor, regionCode: string): void {
    needFinderPolicy.authorize(actor, 'edit', { regionCode });
  }

  return {
    /** The tree visitors of a region see. */
    async publicTree(trace: Trace, slug: string): Promise<RegionTree> {
      return withActor(db, { actor: anonymous, trace }, async (tx) => treeOf(tx, await region(tx, slug)));
    },

    /** The published services of the region that fit an outcome: its audience and any of its themes. */
    async outcomeServices(trace: Trace, regionCode: string, outcome: Outcome): Promise<OutcomeServices> {
      return withActor(db, { actor: anonymous, trace }, async (tx) => {
        const result = await searchServices(tx, { region: regionCode, audiences: [outcome.audience], themes: outcome.themes, page: 1, pageSize: 50 }, facetKeys);
        return { items: rankForOutcome(result.items, outcome).slice(0, OUTCOME_LIST_SIZE), total: result.total };
      });
    },

    /** The regions an actor may edit the wegwijzer of, with whether each has its own tree. */
    async editableRegions(trace: Trace, actor: Actor): Promise<(RegionRef & { custom: boolean })[]> {
      needFinderPolicy.authorize(actor, 'edit');
      return withActor(db, { actor, trace }, async (tx) => {
        const [regions, custom] = await Promise.all([repository.regions(tx), repository.customRegions(tx)]);
        return regions
          .filter((candidate) => needFinderPolicy.can(actor, 'edit', { regionCode: candidate.code }))
          .map((candidate) => ({ ...candidate, custom: custom.has(candidate.code) }))
          .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
      });
    },

    /** The tree of a region, for its editor. */
    async editorTree(trace: Trace, actor: Actor, regionCode: string): Promise<RegionTree> {
      return withActor(db, { actor, trace }, async (tx) => {
        const found = await region(tx, regionCode);
        mayManage(actor, found.code);
        return treeOf(tx, found);
      });
    },

    async saveQuestion(trace: Trace, actor: Actor, regionCode: string, id: string, form: QuestionForm, lang: Lang): Promise<void> {
      await save(trace, actor, regionCode, id, form.version, (tree) => {
        if (!tree.questions.some((question) => question.id === id)) throw notFound(`There is no question ${id}.`);
        return applyQuestionForm(tree, id, form, lang);
      });
    },

    async saveOutcome(trace: Trace, actor: Actor, regionCode: string, id: string, form: OutcomeForm, lang: Lang): Promise<void> {
      await save(trace, actor, regionCode, id, form.version, (tree) => {
        if (!tree.outcomes.some((outcome) => outcome.id === id)) throw notFound(`There is no outcome ${id}.`);
        return applyOutcomeForm(tree, id, form, lang);
      });
    },

    /** Back to the default tree: the region's own tree is deleted. */
    async reset(trace: Trace, actor: Actor, regionCode: string): Promise<void> {
      await withActor(db, { actor, trace }, async (tx) => {
        const found = await region(tx, regionCode);
        mayManage(actor, found.code);
        const removed = await repository.remove(tx, found.code);
        await audit(tx, 'needfinder.reset', { type: 'region', id: found.code }, 'success', { removed });
      });
    },
  };

  async function save(
    trace: Trace,
    actor: Actor,
    regionCode: string,
    node: string,
    formVersion: string,
    edit: (tree: NeedFinderTree) => EditResult,
  ): Promise<void> {
    await withActor(db, { actor, trace }, async (tx) => {
      const found = await region(tx, regionCode);
      mayManage(actor, found.code);
      const current = await treeOf(tx, found);
      if (formVersion !== String(current.version)) throw conflict('The need finder was changed in the meantime.', [{ field: 'tree', key: 'needfinder.error.conflict' }]);
      const result = edit(current.tree);
      if (!result.ok) throw invalid(result.errors);
      // A stored tree that stopped validating is replaced as a whole: its version is what we compare.
      const version = await repository.save(tx, found.code, result.tree, current.version);
      if (version === null) throw conflict('The need finder was changed in the meantime.', [{ field: 'tree', key: 'needfinder.error.conflict' }]);
      await audit(tx, 'needfinder.save', { type: 'region', id: found.code }, 'success', { node, version });
    });
  }
}

export type NeedFinderService = ReturnType<typeof createNeedFinderService>;
