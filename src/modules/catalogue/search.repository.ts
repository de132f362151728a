import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../platform/db/tenancy.ts';
import { buildSearchQuery, type RegionTerm } from './search-query.ts';
import { listThesaurus } from './search-tuning.repository.ts';
import type { Place } from './places.ts';
import { audiences, deliveryModes, themes as themeTerms } from './taxonomy.ts';

// Searching the published catalogue: Dutch full text (stemming, prefixes, compounds, concepts: search-query.ts),
// with typo tolerance for words full text does not know, filters, facet counts, distance and ranking
// by relevance, freshness and distance. It reads `service_search` (migrations T0006, T0009): a narrow
// copy of the published services with their location points, kept by triggers and partitioned by
// region. One statement computes the matching set once and returns the page and the facet
// combinations of the set. Only when a text query matches nothing, a small statement asks which typed
// words full text knows here and which known words the others resemble (`service_search_words`, by
// trigram similarity), and the search runs once more with those.
//
// Facets count "as if this group were not selected": the counts of a facet group are taken over the
// rows that pass every other filter, so choosing "online" still shows how many "op locatie" there are.
// The matching set is grouped by its combination of facet values (`service_facet_keys`, T0009): a few
// hundred at most, each named by a key string (all its facet values) that the statement returns as
// its id (`FacetKeys` keeps the keys), counted here.

export type SearchSort = 'relevance' | 'distance' | 'name';
export type CostFilter = 'gratis' | 'betaald';

export interface SearchParams {
  q?: string | undefined;
  /** Labour-market region code (AM05): services offered there. */
  region?: string | undefined;
  /** Municipality code (GM0153): national services, services for its whole region, and services for it. */
  municipality?: string | undefined;
  audiences?: readonly string[] | undefined;
  /** Top-level theme codes and/or sub-theme codes. */
  themes?: readonly string[] | undefined;
  cost?: CostFilter | undefined;
  languages?: readonly string[] | undefined;
  deliveryModes?: readonly string[] | undefined;
  /** A linked location is open now (Europe/Amsterdam). */
  openNow?: boolean | undefined;
  near?: { lat: number; lon: number } | undefined;
  sort?: SearchSort | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
  /** The place `near` came from, passed through to the result. */
  place?: Place | undefined;
  /** The clock for `openNow` (tests); now when not given. */
  now?: Date | undefined;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface SearchFacets {
  themes: FacetValue[];
  audiences: FacetValue[];
  deliveryModes: FacetValue[];
  cost: FacetValue[];
  languages: FacetValue[];
}

export interface SearchItem {
  id: string;
  name: string;
  summary: string;
  /** Name and summary with the matched words between HIGHLIGHT_START and HIGHLIGHT_END; never HTML. */
  nameHighlight: string;
  summaryHighlight: string;
  organisation: { id: string; name: string };
  regionCode: string | null;
  audiences: string[];
  themes: string[];
  themeGroups: string[];
  costFree: boolean;
  costDescription: string | null;
  languages: string[];
  deliveryModes: string[];
  areaKind: 'national' | 'regions' | 'municipalities';
  /** Kilometres to the nearest location of the service, when a place was given and it has one. */
  distanceKm: number | null;
  /** Past its review date: editors see a flag; the public does not. */
  stale: boolean;
}

export interface SearchResult {
  items: SearchItem[];
  total: number;
  facets: SearchFacets;
  page: number;
  pageSize: number;
  place?: Place;
}

export const MAX_PAGE_SIZE = 50;
export const DEFAULT_PAGE_SIZE = 20;
/** Private-use characters mark matched words; views escape the text and then turn them into <mark>. */
export const HIGHLIGHT_START = '\uE000';
export const HIGHLIGHT_END = '\uE001';
const HIGHLIGHT_MARKERS = /([\uE000\uE001])/;
/** Relevance of a service past its review date, relative to a fresh one. */
const STALE_FACTOR = 0.6;
/** Distance (km) at which relevance is halved when a place is given; services without a location count as this far. */
const DISTANCE_HALF_KM = 20;
const MIN_TYPO_WORD = 4;
/** A matching service whose relevance is below this share of the best one's is not listed. */
const RELATIVE_CUTOFF = 0.35;

const HEADLINE_OPTIONS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, HighlightAll=true`;

interface TextGroup {
  /** The word as typed. */
  typed: string;
  literal: string;
  expanded: string;
}

/** The groups of a question (search-query.ts): a word each, with its literal and expanded expressions. */
function textGroups(q: string | undefined, regionTerms: readonly RegionTerm[]): TextGroup[] {
  return q ? (buildSearchQuery(q, undefined, regionTerms)?.groups ?? []) : [];
}

/** A region's thesaurus is read at most this often per process; a coordinator's change here applies at once. */
const THESAURUS_TTL_MS = 60_000;
const thesauri = new Map<string, { loadedAt: number; terms: RegionTerm[] }>();

async function regionTerms(tx: Tx, regionCode: string | undefined): Promise<RegionTerm[]> {
  if (!regionCode) return [];
  const cached = thesauri.get(regionCode);
  if (cached && Date.now() - cached.loadedAt < THESAURUS_TTL_MS) return cached.terms;
  const terms = (await listThesaurus(tx, regionCode)).map(({ term, meaning }) => ({ term, meaning }));
  thesauri.set(regionCode, { loadedAt: Date.now(), terms });
  return terms;
}

/** Forgets a region's thesaurus in this process, after its coordinator changed it. */
export function forgetRegionTerms(regionCode: string): void {
  thesauri.delete(regionCode);
}

const and = (conditions: RawBuilder<unknown>[]) => (conditions.length === 0 ? sql`true` : sql.join(conditions, sql` and `));
const textArray = (values: readonly string[]) => sql`${[...values]}::text[]`;

/** ISO weekday and HH:MM:SS in Europe/Amsterdam. */
export function amsterdamClock(now: Date): { weekday: number; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday ?? '') + 1;
  return { weekday, time: `${parts.hour}:${parts.minute}:${parts.second}` };
}

interface ResultRow {
  /** In their final shape: JSON built by the database needs no second pass here. */
  items: SearchItem[];
  /** [facet key id, number of matching services] per combination of facet values in the matching set. */
  facet_groups: [number, number][] | null;
}

/** Known words a typo may stand for: at most this many, the most similar first. */
const MAX_CORRECTIONS = 8;
/** What a known word may contain to go into a tsquery (the vocabulary holds only such words; checked again here). */
const KNOWN_WORD = /^[\p{L}\p{N}]+$/u;

export async function searchServices(tx: Tx, params: SearchParams, facetKeys: FacetKeys): Promise<SearchResult> {
  const page = Math.max(1, Math.floor(params.page ?? 1));
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(params.pageSize ?? DEFAULT_PAGE_SIZE)));
  const sort: SearchSort = params.sort === 'distance' && !params.near ? 'relevance' : (params.sort ?? 'relevance');

  // Scope: offered where the person is. `service_search` holds published services only, a row per
  // region they are offered in (in that region's partition) and national ones under 'NL'.
  // An unknown code finds nothing, not even national services (the route then says why).
  const scope: RawBuilder<unknown>[] = [];
  if (params.region) scope.push(sql`s.area_region in (${params.region}, 'NL') and exists (select 1 from regions r where r.code = ${params.region})`);
  if (params.municipality) {
    scope.push(sql`s.area_region in ((select m.region_code from municipalities m where m.code = ${params.municipality}), 'NL')
      and exists (select 1 from municipalities m where m.code = ${params.municipality})`);
    scope.push(sql`(s.area_kind <> 'municipalities' or s.area_codes @> array[${params.municipality}]::text[])`);
  }
  if (!params.region && !params.municipality) scope.push(sql`s.primary_row`);
  // A service marked as the same as a published one (T0027) is listed as that one only.
  // An array built once: few services are marked, and a hashed subplan sized by the planner's guess cost a millisecond per partition.
  scope.push(sql`s.id <> all (array(select d.id from services d join services t on t.id = d.same_as and t.status = 'gepubliceerd' where d.same_as is not null))`);

  // Text: full text first. When that matches nothing, one statement tells per typed word whether full
  // text knows it here and which known words it resembles; a word it does not know then stands for
  // those (typos), and the search runs once more.
  const groups = textGroups(params.q, params.q ? await regionTerms(tx, params.region) : []);
  const first = await runSearch(tx, params, { page, pageSize, sort, scope, groups, facetKeys });
  if (first.matchedAny || groups.length === 0) return first.result;
  const lookups = await lookUpTypos(tx, groups, scope);
  const fts: TextGroup[] = [];
  const typo: TextGroup[] = [];
  groups.forEach((group, i) => {
    const [lexemes, known, corrections] = lookups[i]!;
    if (lexemes === 0) return; // only stop words: ignore
    if (known || group.typed.replace(/ /g, '').length < MIN_TYPO_WORD) fts.push(group);
    else {
      // A typo stands for the known words it resembles, found in names, keywords and theme labels (weights A and B).
      const words = (corrections ?? []).filter((word) => KNOWN_WORD.test(word));
      if (words.length > 0) {
        const query = `(${words.map((word) => `${word}:AB`).join(' | ')})`;
        typo.push({ typed: group.typed, literal: query, expanded: query });
      } else fts.push(group); // nothing like it here: it matches nothing, and counts so

    }
  });
  // Nothing to correct, and no group of stop words only to leave out: the first answer stands.
  if (typo.length === 0 && fts.length === groups.length) return first.result;
  return (await runSearch(tx, params, { page, pageSize, sort, scope, groups: [...fts, ...typo], facetKeys })).result;
}

type TypoLookup = [lexemes: number, known: boolean, corrections: string[] | null];

/** Per text group: its number of lexemes, whether full text finds it in the scope, and the known words it resembles. */
async function lookUpTypos(tx: Tx, groups: TextGroup[], scope: RawBuilder<unknown>[]): Promise<TypoLookup[]> {
  const { rows } = await sql<{ lookups: TypoLookup[] }>`select json_build_array(${sql.join(
    groups.map(
      (group) => sql`json_build_array(numnode(to_tsquery('dutch', ${group.expanded})),
        exists (select 1 from service_search s where ${and(scope)} and s.search_vector @@ to_tsquery('dutch', ${group.expanded})),
        app_similar_words(${group.typed}, ${MAX_CORRECTIONS}))`,
    ),
  )}) as lookups`.execute(tx);
  return rows[0]!.lookups;
}

interface RunOptions {
  page: number;
  pageSize: number;
  sort: SearchSort;
  scope: RawBuilder<unknown>[];
  groups: TextGroup[];
  facetKeys: FacetKeys;
}

const overlaps = (values: readonly string[], wanted: readonly string[]) => values.some((value) => wanted.includes(value));

type FacetGroup = keyof SearchFacets;
const FACET_GROUPS: readonly FacetGroup[] = ['themes', 'audiences', 'deliveryModes', 'cost', 'languages'];

/** The values of one facet group, numbered as they are first met: counting is then adding into an array. */
class FacetValues {
  readonly names: string[] = [];
  readonly #numbers = new Map<string, number>();

  number(value: string): number {
    let number = this.#numbers.get(value);
    if (number === undefined) {
      number = this.names.push(value) - 1;
      this.#numbers.set(value, number);
    }
    return number;
  }
}

/** The facet values of one facet key, deduplicated and limited to the taxonomy codes the facets show. */
interface FacetRow {
  themeGroups: string[];
  themes: string[];
  audiences: string[];
  modes: string[];
  free: boolean;
  languages: string[];
  /** Per facet group, the numbers of the values this row counts for (`facetValues`). */
  numbers: Record<FacetGroup, number[]>;
}

const themeCodes = new Set<string>(themeTerms.map((t) => t.code));
const audienceCodes = new Set<string>(audiences.map((a) => a.code));
const modeCodes = new Set<string>(deliveryModes.map((d) => d.code));
const codes = (text: string | undefined, known?: Set<string>) => [...new Set(text ? text.split(',') : [])].filter((code) => !known || known.has(code));

/**
 * The facet keys of one database by id. A search returns ids, not the keys of 130 characters each
 * (for the 180 combinations of a region 1.8 kB instead of 26 kB). Keys are only ever added (T0009)
 * and an id never changes its key, so a kept key stays right; ids first met are read in one statement.
 */
export class FacetKeys {
  readonly #keys = new Map<number, string>();

  async of(tx: Tx, groups: [id: number, count: number][]): Promise<[key: string, count: number][]> {
    // Taken before any await: another search may empty the map meanwhile.
    const keys = groups.map(([id]) => this.#keys.get(id));
    const missing = groups.filter((_, i) => keys[i] === undefined).map(([id]) => id);
    if (missing.length > 0) {
      const { rows } = await sql<{ id: number; key: string }>`select id, key from service_facet_keys where id = any (${missing}::int[])`.execute(tx);
      // A bound for memory, never met by a real catalogue (a few thousand combinations at most).
      if (this.#keys.size + rows.length > MAX_FACET_ROWS) this.#keys.clear();
      for (const row of rows) this.#keys.set(row.id, row.key);
      groups.forEach(([id], i) => (keys[i] ??= this.#keys.get(id)));
    }
    return groups.map(([, count], i) => [keys[i]!, count]);
  }
}

/** Parsed facet keys. A catalogue has a few thousand combinations at most and every search meets the same ones. */
const facetRows = new Map<string, FacetRow>();
const MAX_FACET_ROWS = 20_000;
let facetValues = newFacetValues();

function newFacetValues(): Record<FacetGroup, FacetValues> {
  return { themes: new FacetValues(), audiences: new FacetValues(), deliveryModes: new FacetValues(), cost: new FacetValues(), languages: new FacetValues() };
}

function facetRow(key: string): FacetRow {
  let row = facetRows.get(key);
  if (!row) {
    const [groupsText, themesText, audiencesText, modesText, cost, languagesText] = key.split('|');
    const values = {
      themeGroups: codes(groupsText, themeCodes),
      themes: codes(themesText),
      audiences: codes(audiencesText, audienceCodes),
      modes: codes(modesText, modeCodes),
      free: cost === 't',
      languages: codes(languagesText),
    };
    const numbers = (group: FacetGroup, names: string[]) => names.map((name) => facetValues[group].number(name));
    row = {
      ...values,
      numbers: {
        themes: numbers('themes', values.themeGroups),
        audiences: numbers('audiences', values.audiences),
        deliveryModes: numbers('deliveryModes', values.modes),
        cost: numbers('cost', [values.free ? 'gratis' : 'betaald']),
        languages: numbers('languages', values.languages),
      },
    };
    facetRows.set(key, row);
  }
  return row;
}

/** The total and the facet counts from the facet combinations of the matching set. */
function countFacets(groups: [string, number][], params: SearchParams): { total: number; facets: SearchFacets } {
  const wanted = { audiences: params.audiences ?? [], themes: params.themes ?? [], languages: params.languages ?? [], modes: params.deliveryModes ?? [] };
  // Emptied between searches only: the rows of one search must share one numbering.
  if (facetRows.size >= MAX_FACET_ROWS) {
    facetRows.clear();
    facetValues = newFacetValues();
  }
  const rows = groups.map(([key, n]) => ({ row: facetRow(key), n }));
  // Taken after every row is parsed, so each group's array has room for all its values.
  const values = facetValues;
  const counts = Object.fromEntries(FACET_GROUPS.map((group) => [group, new Float64Array(values[group].names.length)])) as Record<FacetGroup, Float64Array>;
  const add = (group: FacetGroup, row: FacetRow, n: number) => {
    const into = counts[group];
    for (const number of row.numbers[group]) into[number] = into[number]! + n;
  };
  let total = 0;
  for (const { row, n } of rows) {
    const audienceFails = wanted.audiences.length > 0 && !overlaps(row.audiences, wanted.audiences);
    const themeFails = wanted.themes.length > 0 && !overlaps(row.themeGroups, wanted.themes) && !overlaps(row.themes, wanted.themes);
    const costFails = params.cost !== undefined && (params.cost === 'gratis') !== row.free;
    const languageFails = wanted.languages.length > 0 && !overlaps(row.languages, wanted.languages);
    const modeFails = wanted.modes.length > 0 && !overlaps(row.modes, wanted.modes);
    // A facet group counts the rows that pass every other filter: all of them, or all but its own.
    const failing = Number(audienceFails) + Number(themeFails) + Number(costFails) + Number(languageFails) + Number(modeFails);
    if (failing > 1) continue;
    const all = failing === 0;
    if (all) total += n;
    if (all || themeFails) add('themes', row, n);
    if (all || audienceFails) add('audiences', row, n);
    if (all || modeFails) add('deliveryModes', row, n);
    if (all || costFails) add('cost', row, n);
    if (all || languageFails) add('languages', row, n);
  }
  const list = (group: FacetGroup): FacetValue[] => {
    const found: FacetValue[] = [];
    counts[group].forEach((count, number) => {
      if (count > 0) found.push({ value: values[group].names[number]!, count });
    });
    return found.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  };
  return {
    total,
    facets: { themes: list('themes'), audiences: list('audiences'), deliveryModes: list('deliveryModes'), cost: list('cost'), languages: list('languages') },
  };
}

async function runSearch(
  tx: Tx,
  params: SearchParams,
  { page, pageSize, sort, scope, groups, facetKeys }: RunOptions,
): Promise<{ result: SearchResult; matchedAny: boolean }> {
  const near = params.near;
  const conditions: RawBuilder<unknown>[] = [];
  const literalQuery = groups.map((g) => g.literal).join(' | ');

  if (params.openNow) {
    const { weekday, time } = amsterdamClock(params.now ?? new Date());
    conditions.push(sql`exists (select 1 from published_opening_hours h
      where h.service_id = s.id and ${weekday}::smallint = any (h.days) and h.opens <= ${time}::time and h.closes > ${time}::time)`);
  }

  // The facet filters: the page shows what passes all of them; the facets are counted from the facet
  // keys. They are evaluated once on the facet combinations (k), not on every row; a row is then one
  // lookup in the hashed set of passing combinations ("in (select …)"; "= any (array(…))" scanned the
  // array twice per row, a fifth of a filtered search).
  const filter = (values: readonly string[] | undefined, column: string) =>
    values && values.length > 0 ? [sql`${sql.ref(column)} && ${textArray(values)}`] : [];
  const themes = params.themes ?? [];
  const facetFilters = [
    ...filter(params.audiences, 'k.audiences'),
    ...(themes.length > 0 ? [sql`(k.theme_groups && ${textArray(themes)} or k.themes && ${textArray(themes)})`] : []),
    ...(params.cost === 'gratis' ? [sql`k.cost_free`] : params.cost === 'betaald' ? [sql`not k.cost_free`] : []),
    ...filter(params.languages, 'k.languages'),
    ...filter(params.deliveryModes, 'k.delivery_modes'),
  ];
  const filters = facetFilters.length > 0 ? [sql`s.facet_id in (select k.id from service_facet_keys k where ${and(facetFilters)})`] : [];

  // Kilometres from the place to the nearest published location: one point inline, several in arrays.
  const km = (lat: RawBuilder<unknown>, lon: RawBuilder<unknown>) =>
    near ? sql`sqrt(power((${lat} - ${near.lat}) * 111.2, 2) + power((${lon} - ${near.lon}) * 111.2 * cos(radians(${near.lat})), 2))` : sql`null`;
  const distance = near
    ? sql`case when s.lats is null then ${km(sql`s.lat`, sql`s.lon`)} else (select min(${km(sql`p.lat`, sql`p.lon`)}) from unnest(s.lats, s.lons) p (lat, lon)) end`
    : sql`null::double precision`;

  // Relevance: how much of the question a service covers. Each group (a typed word) weighs by how
  // rare it is here (idf over the services in scope: a word most services have says little) and
  // scores by where it is found: the name 1.0, the summary 0.8, keywords and theme labels 0.6, the
  // description 0.35; found only through its concepts (expanded), half that. A group found nowhere
  // lowers every score alike instead of emptying the list. A service that has every group gets 0.2
  // more; one whose name or summary has the question's words in order, 0.3 more.
  // One pass over the matching rows of the scope scores every group of every row (null: the group is
  // not found), so the idf counts and the scores come from the same scan. A group's score is one CASE
  // in falling order, so a row found in its name costs two vector tests, not eight.
  const has = (query: string) => sql`s.search_vector @@ to_tsquery('dutch', ${query})`;
  const groupScore = (g: TextGroup) => sql`case when not ${has(g.expanded)} then null
      when ${has(withWeights(g.literal, 'A'))} then 1.0 when ${has(withWeights(g.literal, 'C'))} then 0.8 when ${has(withWeights(g.literal, 'B'))} then 0.6
      when ${has(withWeights(g.expanded, 'A'))} then 0.5 when ${has(withWeights(g.expanded, 'C'))} then 0.4 when ${has(g.literal)} then 0.35
      when ${has(withWeights(g.expanded, 'B'))} then 0.3 else 0.175 end`;
  const scoreColumn = (i: number) => sql.ref(`g${i}`);
  const phrase = groups.length > 1 ? groups.map((g) => `${g.typed.replace(/ /g, ' <-> ')}:*`).join(' <-> ') : null;
  const columns = sql`s.area_region, s.id, s.sort_name, s.facet_id, s.review_due, s.lat, s.lon, s.lats, s.lons`;
  const scan =
    groups.length === 0
      ? sql`select ${columns} from service_search s where ${and(scope)}`
      : sql`select ${columns}, g.*,
            ${phrase ? sql`case when ${has(withWeights(phrase, 'AC'))} then 0.3 else 0.0 end` : sql`0.0`} as phrase
          from service_search s cross join lateral (select ${sql.join(groups.map((g, i) => sql`${groupScore(g)} as ${scoreColumn(i)}`))}) g
          where ${and([...scope, has(groups.map((g) => g.expanded).join(' | '))])}`;
  const weight = (i: number) => sql`w.${sql.ref(`w${i}`)}`;
  const textRank =
    groups.length === 0
      ? sql`1.0`
      : sql`((${sql.join(
          groups.map((_, i) => sql`${weight(i)} * coalesce(s.${scoreColumn(i)}, 0.0)`),
          sql` + `,
        )}) / nullif(${sql.join(
          groups.map((_, i) => weight(i)),
          sql` + `,
        )}, 0)
        + (case when ${sql.join(groups.map((_, i) => sql`s.${scoreColumn(i)} >= 0.5`), sql` and `)} then 0.2 else 0.0 end)
        + s.phrase)`;
  const counts =
    groups.length === 0
      ? sql`select 1 as none`
      : sql`select ${sql.join(groups.map((_, i) => sql`ln(1.0 + c.total::float8 / (1.0 + c.${sql.ref(`n${i}`)})) as ${sql.ref(`w${i}`)}`))}
          from (select (select count(*) from service_search s where ${and(scope)}) as total,
            ${sql.join(groups.map((_, i) => sql`count(${scoreColumn(i)}) as ${sql.ref(`n${i}`)}`))} from scan) c`;
  const distanceRank = near ? sql`1.0 / (1.0 + coalesce(b.distance_km, ${DISTANCE_HALF_KM}) / ${DISTANCE_HALF_KM})` : sql`1.0`;

  const order = (p: string) =>
    sql.raw(
      sort === 'name'
        ? `${p}sort_name, ${p}id`
        : sort === 'distance'
          ? `${p}distance_km asc nulls last, ${p}score desc, ${p}sort_name, ${p}id`
          : `${p}score desc, ${p}sort_name, ${p}id`,
    );

  // ts_headline parses and stems the text again: a third of a short search. It marks every word of the
  // query, whether or not the whole query matches the text, and ignores weights; so it runs only when
  // the column's part of the full-text vector (name: weight A, summary: C) holds any query word.
  const anyQueryWord = literalQuery.replace(/ (&|<->) /g, ' | ').replace(/:[A-D]+/g, '');
  const headline = (column: 'name' | 'summary') =>
    literalQuery
      ? sql`case when ts_filter(s.search_vector, ${column === 'name' ? '{a}' : '{c}'}) @@ to_tsquery('dutch', ${anyQueryWord})
          then ts_headline('dutch', s.${sql.ref(column)}, to_tsquery('dutch', ${anyQueryWord}), ${HEADLINE_OPTIONS}) else s.${sql.ref(column)} end`
      : sql`s.${sql.ref(column)}`;

  // The matching set once, each row with its relevance; the rows far below the best (under
  // RELATIVE_CUTOFF of its score: they share a word or a concept with the question but little more)
  // are left out; the facet combinations and the page come from the rest.
  const rank = sql`${textRank} * (case when s.review_due < current_date then ${STALE_FACTOR} else 1.0 end)`;
  const last = (page - 1) * pageSize + pageSize - 1;
  const pageRows =
    sort === 'name'
      ? sql`select id, sort_name, distance_km, null::double precision as score from base where pass`
      : sort === 'distance'
        ? sql`select b.id, b.sort_name, b.distance_km, b.rank * ${distanceRank} as score
            from base b where b.pass and ((select km from cutoff) is null or b.distance_km <= (select km from cutoff))`
        : sql`select b.id, b.sort_name, b.distance_km, b.rank * ${distanceRank} as score from base b where b.pass`;
  const { rows } = await sql<ResultRow>`
    with scan as materialized (${scan}),
    weights as materialized (${counts}),
    candidates as materialized (
      select s.area_region, s.id, s.sort_name, s.facet_id, ${and(filters)} as pass, ${rank} as rank, ${distance} as distance_km
      from scan s cross join weights w
      where ${and(conditions)}
    ),
    base as materialized (
      select * from candidates ${groups.length > 0 ? sql`where rank >= ${RELATIVE_CUTOFF} * (select max(rank) from candidates)` : sql``}
    ),
    ${sort === 'distance' ? sql`cutoff as materialized (select distance_km as km from base where pass order by distance_km asc nulls last limit 1 offset ${last}),` : sql``}
    page as (
      ${pageRows}
      order by ${order('')} limit ${pageSize} offset ${(page - 1) * pageSize}
    )
    select
      (select json_agg(json_build_array(f.facet_id, f.n))
        from (select facet_id, count(*)::int as n from base group by facet_id) f) as facet_groups,
      (select coalesce(json_agg(json_build_object(
          'id', s.id, 'name', s.name, 'summary', s.summary,
          'nameHighlight', ${headline('name')}, 'summaryHighlight', ${headline('summary')},
          'organisation', json_build_object('id', s.organisation_id, 'name', o.name), 'regionCode', s.region_code,
          'audiences', s.audiences, 'themes', s.themes, 'themeGroups', s.theme_groups,
          'costFree', s.cost_free, 'costDescription', s.cost_description, 'languages', s.languages,
          'deliveryModes', s.delivery_modes, 'areaKind', s.area_kind, 'distanceKm', round(p.distance_km::numeric, 1),
          'stale', s.review_due < current_date) order by ${order('p.')}), '[]'::json)
        from page p join services s on s.id = p.id join organisations o on o.id = s.organisation_id) as items
  `.execute(tx);
  const row = rows[0]!;
  const { total, facets } = countFacets(await facetKeys.of(tx, row.facet_groups ?? []), params);
  return {
    result: { items: row.items, total, facets, page, pageSize, ...(params.place ? { place: params.place } : {}) },
    // Facet combinations are counted before the filters: none means the text matched nothing here.
    matchedAny: (row.facet_groups ?? []).length > 0,
  };
}

/**
 * A tsquery of ours (search-query.ts: lexemes, `:*`, `:AB`, `&`, `|`, `<->`, parentheses) matched
 * only in the given weights: every lexeme gets them ("loket:*" → "loket:*A").
 */
export function withWeights(query: string, weights: string): string {
  return query.replace(/([a-z0-9]+)(:\*)?(?::[A-D]+)?(?![a-z0-9:*])/g, (_match, lexeme: string, star: string | undefined) => `${lexeme}:${star ? '*' : ''}${weights}`);
}

/** Splits highlighted text into plain and matched parts (balanced: a stray marker is dropped). */
export function highlightParts(text: string): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  let open = false;
  let current = '';
  for (const piece of text.split(HIGHLIGHT_MARKERS)) {
    if (piece === HIGHLIGHT_START || piece === HIGHLIGHT_END) {
      const opening = piece === HIGHLIGHT_START;
      if (opening === open) continue;
      if (current) parts.push({ text: current, match: open });
      current = '';
      open = opening;
    } else {
      current += piece;
    }
  }
  if (current) parts.push({ text: current, match: open });
  return parts;
}
