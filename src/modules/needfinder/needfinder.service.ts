import type { Database } from '../../platform/db/pool.ts';
import { anonymous, audit, withActor, type Actor, type Tx } from '../../platform/db/tenancy.ts';
import type { Trace } from '../../platform/http/trace.ts';
import { conflict, invalid, notFound } from '../../platform/http/errors.ts';
import { needFinderPolicy } from './needfinder.policy.ts';
import type { Lang } from '../../platform/i18n/index.ts';
import { FacetKeys, searchServices, type SearchItem } from '../catalogue/search.repository.ts';
import { defaultTree } from './needfinder.default.ts';
import {
  applyNewOutcome,
  applyNewQuestion,
  applyOutcomeForm,
  applyQuestionForm,
  applyRemoval,
  treeChanges,
  type EditResult,
  type NewOutcomeForm,
  type NewQuestionForm,
  type OutcomeForm,
  type QuestionForm,
  type TreeChanges,
} from './needfinder.edit.ts';
import { createNeedFinderRepository, type RegionRef } from './needfinder.repository.ts';
import { isValidTree, nodeMap, type NeedFinderTree, type Outcome } from './needfinder.tree.ts';

// The wegwijzer of a region: its own tree when the coordinator published one, else the default. The
// public flow reads only the live tree, anonymously. The editor works on a draft (one per region):
// every change of a question or outcome, an added or removed one, and "terug naar standaard" go
// into the draft, which the coordinator (or a platform administrator) walks in a preview and then
// publishes or throws away. Publishing keeps the live tree it replaces, so "ongedaan maken" puts it
// back. Row-level security refuses anyone else, and keeps drafts from the public, even if these
// checks were skipped. Who did what is in the audit log; the trees hold no personal data.

export interface RegionTree {
  region: RegionRef;
  tree: NeedFinderTree;
  /**
   * The version a form is based on. Live: 0 while the region uses the default tree without a row.
   * The editor's working tree: the draft's version, 0 while there is no draft.
   */
  version: number;
  custom: boolean;
}

/** What the editor shows of a region's wegwijzer: live, the draft, what can be undone. */
export interface EditorState {
  region: RegionRef;
  live: { tree: NeedFinderTree; version: number; custom: boolean };
  draft: { tree: NeedFinderTree; version: number; custom: boolean; basedOn: number; updatedAt: Date; changes: TreeChanges } | null;
  /** The live tree "ongedaan maken" brings back; null when there is nothing to undo. */
  undo: { version: number; custom: boolean } | null;
}

/** The tree the editor edits and previews: the draft, or live while there is none (version 0: a change starts a draft). */
export function workingTree(state: EditorState): RegionTree {
  return state.draft
    ? { region: state.region, tree: state.draft.tree, version: state.draft.version, custom: state.draft.custom }
    : { region: state.region, tree: state.live.tree, version: 0, custom: state.live.custom };
}

/** A stored tree, or the default for none (null) or one that no longer validates (say, a theme left the taxonomy). */
function storedOrDefault(tree: unknown): { tree: NeedFinderTree; custom: boolean } {
  return tree !== null && tree !== undefined && isValidTree(tree) ? { tree, custom: true } : { tree: defaultTree, custom: false };
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
  const draftConflict = () => conflict('The draft was changed, published or thrown away in the meantime.', [{ field: 'tree', key: 'needfinder.error.draftConflict' }]);

  /** The live tree: what visitors see. */
  async function liveTree(tx: Tx, region: RegionRef): Promise<RegionTree> {
    const stored = await repository.load(tx, region.code);
    return { region, ...storedOrDefault(stored?.tree ?? null), version: stored?.version ?? 0 };
  }

  async function stateOf(tx: Tx, region: RegionRef): Promise<EditorState> {
    const [live, draft] = await Promise.all([repository.loadLive(tx, region.code), repository.loadDraft(tx, region.code)]);
    const liveTree = { ...storedOrDefault(live?.tree ?? null), version: live?.version ?? 0 };
    const draftTree = draft ? storedOrDefault(draft.tree) : null;
    return {
      region,
      live: liveTree,
      draft:
        draft && draftTree
          ? { ...draftTree, version: draft.version, basedOn: draft.basedOn, updatedAt: draft.updatedAt, changes: treeChanges(liveTree.tree, draftTree.tree) }
          : null,
      undo: live?.previous ? { version: live.previous.version, custom: storedOrDefault(live.previous.tree).custom } : null,
    };
  }

  async function region(tx: Tx, codeOrSlug: string): Promise<RegionRef> {
    const found = await repository.findRegion(tx, codeOrSlug);
    if (!found) throw notFound(`There is no region ${codeOrSlug}.`);
    return found;
  }

  function mayManage(actor: Actor, regionCode: string): void {
    needFinderPolicy.authorize(actor, 'edit', { regionCode });
  }

  /** Work on a region's wegwijzer as its editor: the region, checked against the policy. */
  function manage<T>(trace: Trace, actor: Actor, regionCode: string, fn: (tx: Tx, region: RegionRef) => Promise<T>): Promise<T> {
    return withActor(db, { actor, trace }, async (tx) => {
      const found = await region(tx, regionCode);
      mayManage(actor, found.code);
      return fn(tx, found);
    });
  }

  /**
   * Applies an edit to the working tree (the draft, or live when there is none yet: then the edit
   * starts the draft) over the version the form was based on, and stores it as the draft.
   */
  async function editDraft(
    trace: Trace,
    actor: Actor,
    regionCode: string,
    formVersion: string,
    details: Record<string, string>,
    edit: (tree: NeedFinderTree) => EditResult | { ok: true; tree: null },
  ): Promise<void> {
    await manage(trace, actor, regionCode, async (tx, found) => {
      const state = await stateOf(tx, found);
      const working = workingTree(state);
      if (formVersion !== String(working.version)) throw draftConflict();
      const result = edit(working.tree);
      if (!result.ok) throw invalid(result.errors);
      const version = await repository.saveDraft(tx, found.code, result.tree, working.version, state.live.version);
      if (version === null) throw draftConflict();
      await audit(tx, 'needfinder.save', { type: 'region', id: found.code }, 'success', { ...details, draft: version });
    });
  }

  return {
    /** The tree visitors of a region see: the live one, never a draft. */
    async publicTree(trace: Trace, slug: string): Promise<RegionTree> {
      return withActor(db, { actor: anonymous, trace }, async (tx) => liveTree(tx, await region(tx, slug)));
    },

    /** The published services of the region that fit an outcome: its audience and any of its themes. */
    async outcomeServices(trace: Trace, regionCode: string, outcome: Outcome): Promise<OutcomeServices> {
      return withActor(db, { actor: anonymous, trace }, async (tx) => {
        const result = await searchServices(tx, { region: regionCode, audiences: [outcome.audience], themes: outcome.themes, page: 1, pageSize: 50 }, facetKeys);
        return { items: rankForOutcome(result.items, outcome).slice(0, OUTCOME_LIST_SIZE), total: result.total };
      });
    },

    /** The regions an actor may edit the wegwijzer of, with whether each has its own tree and a draft. */
    async editableRegions(trace: Trace, actor: Actor): Promise<(RegionRef & { custom: boolean; draft: boolean })[]> {
      needFinderPolicy.authorize(actor, 'edit');
      return withActor(db, { actor, trace }, async (tx) => {
        const [regions, custom, drafts] = await Promise.all([repository.regions(tx), repository.customRegions(tx), repository.draftRegions(tx)]);
        return regions
          .filter((candidate) => needFinderPolicy.can(actor, 'edit', { regionCode: candidate.code }))
          .map((candidate) => ({ ...candidate, custom: custom.has(candidate.code), draft: drafts.has(candidate.code) }))
          .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
      });
    },

    /** A region's wegwijzer for its editor: live, the draft with what it changes, and what can be undone. */
    async editorState(trace: Trace, actor: Actor, regionCode: string): Promise<EditorState> {
      return manage(trace, actor, regionCode, (tx, found) => stateOf(tx, found));
    },

    /** The tree the editor edits and previews: the draft, or live while there is none. */
    async editorTree(trace: Trace, actor: Actor, regionCode: string): Promise<RegionTree> {
      return manage(trace, actor, regionCode, async (tx, found) => workingTree(await stateOf(tx, found)));
    },

    async saveQuestion(trace: Trace, actor: Actor, regionCode: string, id: string, form: QuestionForm, lang: Lang): Promise<void> {
      await editDraft(trace, actor, regionCode, form.version, { node: id }, (tree) => {
        if (!tree.questions.some((question) => question.id === id)) throw notFound(`There is no question ${id}.`);
        return applyQuestionForm(tree, id, form, lang);
      });
    },

    async saveOutcome(trace: Trace, actor: Actor, regionCode: string, id: string, form: OutcomeForm, lang: Lang): Promise<void> {
      await editDraft(trace, actor, regionCode, form.version, { node: id }, (tree) => {
        if (!tree.outcomes.some((outcome) => outcome.id === id)) throw notFound(`There is no outcome ${id}.`);
        return applyOutcomeForm(tree, id, form, lang);
      });
    },

    async addQuestion(trace: Trace, actor: Actor, regionCode: string, form: NewQuestionForm, lang: Lang): Promise<void> {
      await editDraft(trace, actor, regionCode, form.version, { added: form.id }, (tree) => applyNewQuestion(tree, form, lang));
    },

    async addOutcome(trace: Trace, actor: Actor, regionCode: string, form: NewOutcomeForm, lang: Lang): Promise<void> {
      await editDraft(trace, actor, regionCode, form.version, { added: form.id }, (tree) => applyNewOutcome(tree, form, lang));
    },

    /** Removes a question or outcome from the draft, with the answer that led there and what only it led to. */
    async removeNode(trace: Trace, actor: Actor, regionCode: string, id: string, formVersion: string, lang: Lang): Promise<void> {
      await editDraft(trace, actor, regionCode, formVersion, { removed: id }, (tree) => {
        if (!nodeMap(tree).has(id)) throw notFound(`There is no question or outcome ${id}.`);
        return applyRemoval(tree, id, lang);
      });
    },

    /** "Terug naar standaard": the draft becomes the default tree; visitors see it once it is published. */
    async reset(trace: Trace, actor: Actor, regionCode: string, formVersion: string): Promise<void> {
      await editDraft(trace, actor, regionCode, formVersion, { reset: 'default' }, () => ({ ok: true, tree: null }));
    },

    /** Makes the draft live, over the draft version the coordinator saw; the live tree it replaces is kept for undo. */
    async publish(trace: Trace, actor: Actor, regionCode: string, formVersion: string): Promise<void> {
      await manage(trace, actor, regionCode, async (tx, found) => {
        const draft = await repository.loadDraft(tx, found.code, true);
        if (!draft || String(draft.version) !== formVersion) throw draftConflict();
        const live = await repository.loadLive(tx, found.code, true);
        const liveVersion = live?.version ?? 0;
        if (draft.basedOn !== liveVersion) throw conflict('The live tree changed since the draft began.', [{ field: 'tree', key: 'needfinder.error.liveChanged' }]);
        if (draft.tree !== null && !isValidTree(draft.tree)) throw invalid([{ field: 'tree', key: 'needfinder.error.draftInvalid' }]);
        const version = await repository.publish(tx, found.code, draft.tree, liveVersion);
        if (version === null || !(await repository.removeDraft(tx, found.code, draft.version))) throw draftConflict();
        await audit(tx, 'needfinder.publish', { type: 'region', id: found.code }, 'success', { version, default: draft.tree === null });
      });
    },

    /** Throws the draft away, if it is still the version the coordinator saw. */
    async discard(trace: Trace, actor: Actor, regionCode: string, formVersion: string): Promise<void> {
      await manage(trace, actor, regionCode, async (tx, found) => {
        if (!/^[0-9]{1,10}$/.test(formVersion) || !(await repository.removeDraft(tx, found.code, Number(formVersion)))) throw draftConflict();
        await audit(tx, 'needfinder.discard', { type: 'region', id: found.code }, 'success', { draft: Number(formVersion) });
      });
    },

    /**
     * Puts the previous live tree back as a new live version (the one it replaces becomes the
     * previous one). Not while there is a draft: publishing it would silently overwrite the undo.
     */
    async undo(trace: Trace, actor: Actor, regionCode: string, formVersion: string): Promise<void> {
      await manage(trace, actor, regionCode, async (tx, found) => {
        if (await repository.loadDraft(tx, found.code)) throw conflict('There is a draft.', [{ field: 'tree', key: 'needfinder.error.undoWithDraft' }]);
        const version = /^[0-9]{1,10}$/.test(formVersion) ? await repository.undo(tx, found.code, Number(formVersion)) : null;
        if (version === null) throw conflict('The live tree changed, or there is nothing to undo.', [{ field: 'tree', key: 'needfinder.error.undoConflict' }]);
        await audit(tx, 'needfinder.undo', { type: 'region', id: found.code }, 'success', { version });
      });
    },
  };
}

export type NeedFinderService = ReturnType<typeof createNeedFinderService>;
