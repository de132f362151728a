import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tenancy.ts';

// The only SQL of search tuning (migration T0029): the questions without a good result and the
// region's own thesaurus. Row-level security lets the system record questions, the region's
// coordinator read and dismiss them, anyone read the thesaurus and the coordinator change it.

export interface ThesaurusEntry {
  id: string;
  term: string;
  meaning: string[];
}

export interface SearchGap {
  question: string;
  results: number;
  asks: number;
  visitors: number;
  lastAsked: string;
}

/** Counts a question of a region that found `results` services; a new visitor counts once more. */
export async function recordSearchGap(tx: Tx, regionCode: string, question: string, results: number, newVisitor: boolean): Promise<void> {
  await sql`insert into search_gaps (region_code, question, results) values (${regionCode}, ${question}, ${results})
    on conflict (region_code, question) do update set
      asks = search_gaps.asks + 1,
      visitors = search_gaps.visitors + ${newVisitor ? 1 : 0},
      results = excluded.results,
      last_asked = current_date`.execute(tx);
}

/** The region's questions asked by at least `minVisitors` different visitors, not dismissed, most visitors first. */
export async function listSearchGaps(tx: Tx, regionCode: string, minVisitors: number): Promise<SearchGap[]> {
  const rows = await tx
    .selectFrom('search_gaps')
    .select(['question', 'results', 'asks', 'visitors', sql<string>`to_char(last_asked, 'YYYY-MM-DD')`.as('last_asked')])
    .where('region_code', '=', regionCode)
    .where('visitors', '>=', minVisitors)
    .where('dismissed', '=', false)
    .orderBy('visitors', 'desc')
    .orderBy('question')
    .limit(100)
    .execute();
  return rows.map((row) => ({ question: row.question, results: row.results, asks: row.asks, visitors: row.visitors, lastAsked: row.last_asked }));
}

export async function dismissSearchGap(tx: Tx, regionCode: string, question: string): Promise<boolean> {
  const result = await tx.updateTable('search_gaps').set({ dismissed: true }).where('region_code', '=', regionCode).where('question', '=', question).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Questions not asked for `days` days are forgotten (the register's retention). */
export async function forgetSearchGaps(tx: Tx, days: number): Promise<number> {
  const result = await sql`delete from search_gaps where last_asked < current_date - ${days}::int`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

export function listThesaurus(tx: Tx, regionCode: string): Promise<ThesaurusEntry[]> {
  return tx.selectFrom('search_thesaurus').select(['id', 'term', 'meaning']).where('region_code', '=', regionCode).orderBy('term').execute();
}

/** Adds a term, or gives an existing term of the region this meaning. */
export async function putThesaurusEntry(tx: Tx, regionCode: string, term: string, meaning: readonly string[]): Promise<void> {
  await tx.deleteFrom('search_thesaurus').where('region_code', '=', regionCode).where('term', '=', term).execute();
  await tx.insertInto('search_thesaurus').values({ region_code: regionCode, term, meaning: [...meaning] }).execute();
}

export async function removeThesaurusEntry(tx: Tx, regionCode: string, id: string): Promise<boolean> {
  const result = await tx.deleteFrom('search_thesaurus').where('region_code', '=', regionCode).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
