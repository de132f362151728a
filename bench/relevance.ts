import { mkdirSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { prepareDatabase } from '../src/setup.ts';
import { anonymous, withActor, type Tx } from '../src/platform/db/tenancy.ts';
import { newTrace } from '../src/platform/http/trace.ts';
import { FacetKeys, searchServices } from '../src/modules/catalogue/search.repository.ts';
import { questions, type Question } from './relevance-questions.ts';

// How well the search answers questions as people type them (bench/relevance-questions.ts), over
// the demo catalogue, against a floor measured in the same run: plain Dutch full-text search with
// the typed words OR-ed, ranked by ts_rank. Per question the top five are graded:
//   recall@3  the right service (grade 2) is among the first three;
//   MRR       1 / the rank of the first right service (0 when not in the top five);
//   nDCG@5    the order of the top five against the ideal one (gain 2^grade − 1).
// Written as a table and as JSON (bench/results/relevance.json). Target: recall@3 ≥ 0.85 and ahead
// of the floor on every figure.

const TOP = 5;

interface Scores {
  recall3: number;
  mrr: number;
  ndcg5: number;
}

function grade(question: Question, keys: readonly string[]): Scores {
  const grades = keys.slice(0, TOP).map((key) => question.relevant[key] ?? 0);
  const firstRight = grades.findIndex((g) => g === 2);
  const dcg = grades.reduce<number>((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = Object.values(question.relevant)
    .sort((a, b) => b - a)
    .slice(0, TOP)
    .reduce<number>((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  return { recall3: firstRight >= 0 && firstRight < 3 ? 1 : 0, mrr: firstRight >= 0 ? 1 / (firstRight + 1) : 0, ndcg5: ideal > 0 ? dcg / ideal : 0 };
}

const mean = (scores: Scores[]): Scores => ({
  recall3: scores.reduce((s, x) => s + x.recall3, 0) / scores.length,
  mrr: scores.reduce((s, x) => s + x.mrr, 0) / scores.length,
  ndcg5: scores.reduce((s, x) => s + x.ndcg5, 0) / scores.length,
});

/**
 * The floor: the typed words OR-ed in a Dutch tsquery, ranked by ts_rank, over what is offered in
 * the region, on a plain vector of the service's own texts (no compound parts, no theme labels).
 */
async function plainFullText(tx: Tx, question: Question): Promise<string[]> {
  const words = question.q
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const { rows } = await sql<{ key: string }>`
    select key from (
      select s.key, setweight(to_tsvector('dutch', s.name), 'A') || setweight(to_tsvector('dutch', array_to_string(s.keywords, ' ')), 'B')
        || setweight(to_tsvector('dutch', s.summary), 'C') || setweight(to_tsvector('dutch', s.description || ' ' || s.eligibility), 'D') as document
      from services s where s.status = 'gepubliceerd' and (s.area_kind = 'national' or ${question.region} = any (s.area_regions))
    ) d, to_tsquery('dutch', ${words.join(' | ')}) q
    where d.document @@ q order by ts_rank(d.document, q) desc, d.key limit ${TOP}`.execute(tx);
  return rows.map((row) => row.key);
}

async function main() {
  const { db } = await prepareDatabase({ databaseUrl: undefined, dataDir: 'memory://', seedDemo: true });
  const facetKeys = new FacetKeys();
  try {
    const known = new Set((await db.kysely.selectFrom('services').select('key').execute()).map((row) => row.key));
    const unknown = questions.flatMap((question) => Object.keys(question.relevant).filter((key) => !known.has(key)));
    if (unknown.length > 0) throw new Error(`the questions name services the demo catalogue does not have: ${unknown.join(', ')}`);
    const ours: Scores[] = [];
    const floor: Scores[] = [];
    const misses: string[] = [];
    for (const question of questions) {
      const [found, plain] = await withActor(db, { actor: anonymous, trace: newTrace() }, async (tx) => {
        const result = await searchServices(tx, { q: question.q, region: question.region, pageSize: TOP }, facetKeys);
        const keys = result.items.length === 0 ? [] : (await tx.selectFrom('services').select(['id', 'key']).where('id', 'in', result.items.map((item) => item.id)).execute());
        const byId = new Map(keys.map((row) => [row.id, row.key]));
        return [result.items.map((item) => byId.get(item.id)!), await plainFullText(tx, question)] as const;
      });
      const score = grade(question, found);
      ours.push(score);
      floor.push(grade(question, plain));
      if (score.recall3 === 0) misses.push(`  ${question.region} "${question.q}" → ${found.slice(0, 3).join(', ') || '(nothing)'}`);
    }
    const a = mean(ours);
    const b = mean(floor);
    const rows = (['recall3', 'mrr', 'ndcg5'] as const).map((metric) => ({ metric, werkcentrum: a[metric], baseline: b[metric], ahead: a[metric] > b[metric] }));
    const out = process.stdout;
    out.write(`\nRelevance over ${questions.length} questions (demo catalogue), top ${TOP}\n\n| metric | Werkcentrum | plain FTS (OR, ts_rank) | ahead |\n|---|---:|---:|---|\n`);
    for (const row of rows) out.write(`| ${row.metric} | ${row.werkcentrum.toFixed(3)} | ${row.baseline.toFixed(3)} | ${row.ahead ? 'yes' : 'no'} |\n`);
    if (misses.length > 0) out.write(`\nNot in the top three (${misses.length}):\n${misses.join('\n')}\n`);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/relevance.json', `${JSON.stringify({ questions: questions.length, top: TOP, werkcentrum: a, baseline: b, misses }, null, 2)}\n`);
    const met = a.recall3 >= 0.85 && rows.every((row) => row.ahead);
    out.write(`\n${met ? 'Target met: recall@3 ≥ 0.85 and ahead of the floor on every figure.' : 'Target NOT met.'}\nWritten to bench/results/relevance.json\n`);
    if (!met) process.exitCode = 1;
  } finally {
    await db.close();
  }
}

await main();
