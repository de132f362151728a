import type { Database } from '../../platform/db/pool.ts';
import { withActor, withSystem, type Actor } from '../../platform/db/tenancy.ts';
import type { RetentionRule } from '../../platform/privacy/retention.ts';
import type { Trace } from '../../platform/http/trace.ts';
import { forbidden, invalid, notFound, type FieldError } from '../../platform/http/errors.ts';
import { isUuid } from '../../platform/http/values.ts';
import { searchTuningPolicy } from './catalogue.policy.ts';
import { listRegions, listServiceRows, regionName } from './editor/editor.repository.ts';
import { anonymiseQuestion, FEW_RESULTS, MIN_VISITORS, VisitorCounter } from './search-gaps.ts';
import { questionWords } from './search-query.ts';
import { forgetRegionTerms } from './search.repository.ts';
import {
  dismissSearchGap,
  forgetSearchGaps,
  listSearchGaps,
  listThesaurus,
  putThesaurusEntry,
  recordSearchGap,
  removeThesaurusEntry,
  type SearchGap,
  type ThesaurusEntry,
} from './search-tuning.repository.ts';

// Search tuning for a region's coordinator (T0029): the questions its visitors ask that find
// nothing or little, and the region's own thesaurus. A question becomes a thesaurus entry ("geen
// geld" means schulden, geldzorgen) or a keyword on a service in one step. Questions are recorded by
// the web search under the system actor, anonymised (search-gaps.ts).

const ACTIVITY = 'catalogue-maintenance' as const;
/** The register's retention: a question is forgotten this long after it was last asked. */
export const SEARCH_GAP_RETENTION_DAYS = 180;

export const searchGapRetention: RetentionRule = {
  name: 'searchGaps',
  activity: 'search-quality',
  sweep: (tx) => forgetSearchGaps(tx, SEARCH_GAP_RETENTION_DAYS),
};
const MAX_TERM_WORDS = 4;
const MAX_MEANINGS = 8;

export interface TuningPage {
  region: { code: string; name: string } | null;
  regions: { code: string; name: string }[];
  gaps: SearchGap[];
  thesaurus: ThesaurusEntry[];
  services: { id: string; name: string }[];
}

export interface TermForm {
  term: string;
  meaning: string;
}

export function createSearchTuningService({ db }: { db: Database }) {
  const visitors = new VisitorCounter();
  const work = <T>(trace: Trace, actor: Actor, fn: Parameters<typeof withActor<T>>[2]) => withActor(db, { actor, trace, activity: ACTIVITY }, fn);

  /** The region the actor tunes: a coordinator's own, a platform administrator's choice; 403 for anyone else. */
  function tunedRegion(actor: Actor, chosen: string | null): string | null {
    if (!searchTuningPolicy.can(actor, 'list') || actor.kind !== 'user' || !actor.membership) throw forbidden();
    if (actor.membership.role === 'regiocoordinator') return actor.membership.regionCode;
    return chosen && /^AM[0-9]{2}$/.test(chosen) ? chosen : null;
  }

  /**
   * Counts a web search of a region that found fewer than FEW_RESULTS services (first page, no
   * filters). Recording never fails the search: a refusal is only logged by the caller.
   */
  async function noteQuestion(trace: Trace, regionCode: string, q: string, total: number, address: string, browser: string): Promise<void> {
    if (total >= FEW_RESULTS) return;
    const question = anonymiseQuestion(q);
    if (!question) return;
    const newVisitor = visitors.isNew(regionCode, question, address, browser);
    await withSystem(db, 'search-quality', trace, (tx) => recordSearchGap(tx, regionCode, question, total, newVisitor));
  }

  async function page(trace: Trace, actor: Actor, chosenRegion: string | null): Promise<TuningPage> {
    const regionCode = tunedRegion(actor, chosenRegion);
    return work(trace, actor, async (tx) => {
      const regions = actor.kind === 'user' && actor.membership?.role === 'regiocoordinator' ? [] : await listRegions(tx);
      if (!regionCode) return { region: null, regions, gaps: [], thesaurus: [], services: [] };
      searchTuningPolicy.authorize(actor, 'edit', { regionCode });
      const services = (await listServiceRows(tx, { regionCode, status: 'gepubliceerd', reviewDueBefore: null }))
        .map((row) => ({ id: row.id, name: row.name }))
        .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
      return {
        region: { code: regionCode, name: (await regionName(tx, regionCode)) ?? regionCode },
        regions,
        gaps: await listSearchGaps(tx, regionCode, MIN_VISITORS),
        thesaurus: await listThesaurus(tx, regionCode),
        services,
      };
    });
  }

  /** The term as the search will meet it, and its meaning words; field errors when they cannot be used. */
  function parseTerm(form: TermForm): { term: string; meaning: string[] } {
    const errors: FieldError[] = [];
    const term = questionWords(form.term, MAX_TERM_WORDS + 1);
    if (term.length === 0) errors.push({ field: 'term', key: 'form.error.required' });
    else if (term.length > MAX_TERM_WORDS) errors.push({ field: 'term', key: 'tuning.error.termWords', params: { max: MAX_TERM_WORDS } });
    const meaning = [...new Set(form.meaning.split(/[,;\n]/).map((words) => questionWords(words).join(' ')).filter((words) => words.length >= 2))];
    if (meaning.length === 0) errors.push({ field: 'meaning', key: 'form.error.required' });
    else if (meaning.length > MAX_MEANINGS || meaning.some((words) => words.length > 40)) errors.push({ field: 'meaning', key: 'tuning.error.meaning', params: { max: MAX_MEANINGS } });
    if (errors.length > 0) throw invalid(errors);
    return { term: term.join(' '), meaning };
  }

  async function addTerm(trace: Trace, actor: Actor, chosenRegion: string | null, form: TermForm): Promise<void> {
    const regionCode = tunedRegion(actor, chosenRegion);
    if (!regionCode) throw forbidden();
    const { term, meaning } = parseTerm(form);
    await work(trace, actor, async (tx) => {
      searchTuningPolicy.authorize(actor, 'edit', { regionCode });
      await putThesaurusEntry(tx, regionCode, term, meaning);
      // A question answered by a thesaurus entry leaves the list.
      await dismissSearchGap(tx, regionCode, form.term.trim().toLowerCase());
    });
    forgetRegionTerms(regionCode);
  }

  async function removeTerm(trace: Trace, actor: Actor, chosenRegion: string | null, id: string): Promise<void> {
    const regionCode = tunedRegion(actor, chosenRegion);
    if (!regionCode) throw forbidden();
    const removed =
      isUuid(id) &&
      (await work(trace, actor, async (tx) => {
        searchTuningPolicy.authorize(actor, 'edit', { regionCode });
        return removeThesaurusEntry(tx, regionCode, id);
      }));
    if (!removed) throw notFound('There is no such thesaurus entry in this region.');
    forgetRegionTerms(regionCode);
  }

  /** Takes a question off the region's list; false when the region has no such question. */
  async function dismiss(trace: Trace, actor: Actor, chosenRegion: string | null, question: string): Promise<boolean> {
    const regionCode = tunedRegion(actor, chosenRegion);
    if (!regionCode) throw forbidden();
    return work(trace, actor, async (tx) => {
      searchTuningPolicy.authorize(actor, 'edit', { regionCode });
      return dismissSearchGap(tx, regionCode, question);
    });
  }

  return { noteQuestion, page, addTerm, removeTerm, dismiss };
}
