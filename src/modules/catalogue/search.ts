import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../platform/db/tenancy.ts';
import { buildSearchQuery } from './search-query.ts';
import type { Place } from './places.ts';
import { audiences, deliveryModes, themes as themeTerms } from './taxonomy.ts';

// Searching the published catalogue: Dutch full text (stemming, prefixes, synonyms: search-query.ts)
// with a trigram fallback for words full text does not know (typos), filters, facet counts, distance
// and ranking by relevance, freshness and distance. One statement computes the matching set once and
// returns the page, the total and every facet; a small statement before it only runs for text
// queries (which words does full text know?).
//
// Facets count "as if this group were not selected": the counts of a facet group are taken over the
// rows that pass every other filter, so choosing "online" still shows how many "op locatie" there are.

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
/** Relevance of a service past its review date, relative to a fresh one. */
const STALE_FACTOR = 0.6;
/** Distance (km) at which relevance is halved when a place is given; services without a location count as this far. */
const DISTANCE_HALF_KM = 20;
/** pg_trgm word similarity a word needs to count as a typo of a word in a service. */
const TYPO_THRESHOLD = 0.5;
const MIN_TYPO_WORD = 4;

const HEADLINE_OPTIONS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, HighlightAll=true`;

interface TextGroup {
  tsquery: string;
  /** The word (or phrase) as typed. */
  typed: string;
}

/** The AND-ed groups of a built query: "(a:* | b:*) & (c:*)" → [{ "(a:* | b:*)", "a" }, …]. */
function textGroups(q: string | undefined): TextGroup[] {
  const built = q ? buildSearchQuery(q) : null;
  if (!built) return [];
  return built.tsquery.split(' & ').map((tsquery) => {
    const first = tsquery.slice(1, -1).split(' | ')[0] ?? '';
    return { tsquery, typed: first.replace(/[():*]/g, '').replace(/ <-> /g, ' ').trim() };
  });
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
  total: number;
  items: (Omit<SearchItem, 'organisation' | 'distanceKm'> & { organisationId: string; organisationName: string; distanceKm: number | null })[];
  facet_counts: number[];
  languages: FacetValue[] | null;
}

const FLAGS = ['f_audience', 'f_theme', 'f_cost', 'f_language', 'f_mode'] as const;

export async function searchServices(tx: Tx, params: SearchParams): Promise<SearchResult> {
  const page = Math.max(1, Math.floor(params.page ?? 1));
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(params.pageSize ?? DEFAULT_PAGE_SIZE)));
  const sort: SearchSort = params.sort === 'distance' && !params.near ? 'relevance' : (params.sort ?? 'relevance');

  // Scope: published, and offered where the person is.
  // (The published_* views are the public part of the catalogue; under RLS the GIN indexes cannot be used.)
  const scope: RawBuilder<unknown>[] = [];
  if (params.region) scope.push(sql`s.area_regions @> array[${params.region}]::text[]`);
  if (params.municipality) {
    scope.push(sql`s.area_regions @> array[(select m.region_code from municipalities m where m.code = ${params.municipality})]::text[]`);
    scope.push(sql`(s.area_kind <> 'municipalities' or s.area_codes @> array[${params.municipality}]::text[])`);
  }

  // Plans here are cheap; JIT compilation would cost more than it saves on large catalogues.
  await sql`select set_config('jit', 'off', true), set_config('pg_trgm.word_similarity_threshold', ${String(TYPO_THRESHOLD)}, true)`.execute(tx);

  // Text: full text first. Only when that finds nothing, look per typed word whether full text knows
  // it here; a word it does not know is matched by trigram similarity instead (typos).
  const groups = textGroups(params.q);
  const run = (fts: TextGroup[], typo: TextGroup[]) => runSearch(tx, params, { page, pageSize, sort, scope, fts, typo });
  let result = await run(groups, []);
  if (result.total === 0 && groups.length > 0) {
    // GIN answers "is there any?" only by bitmap; without this the planner walks the table hoping for an early hit.
    await sql`select set_config('enable_seqscan', 'off', true)`.execute(tx);
    const { rows } = await sql<Record<string, boolean | number>>`select ${sql.join(
      groups.map(
        (group, i) =>
          sql`numnode(to_tsquery('dutch', ${group.tsquery})) as ${sql.ref(`n${i}`)},
            exists (select 1 from published_services s where ${and(scope)} and s.search_vector @@ to_tsquery('dutch', ${group.tsquery})) as ${sql.ref(`f${i}`)}`,
      ),
    )}, set_config('enable_seqscan', 'on', true) as seqscan`.execute(tx);
    const flags = rows[0]!;
    const fts: TextGroup[] = [];
    const typo: TextGroup[] = [];
    groups.forEach((group, i) => {
      if (Number(flags[`n${i}`]) === 0) return; // only stop words: ignore
      if (flags[`f${i}`] || group.typed.replace(/ /g, '').length < MIN_TYPO_WORD) fts.push(group);
      else typo.push(group);
    });
    if (fts.length < groups.length) result = await run(fts, typo);
  }
  return result;
}

interface RunOptions {
  page: number;
  pageSize: number;
  sort: SearchSort;
  scope: RawBuilder<unknown>[];
  fts: TextGroup[];
  typo: TextGroup[];
}

async function runSearch(tx: Tx, params: SearchParams, { page, pageSize, sort, scope, fts: ftsGroups, typo: typoGroups }: RunOptions): Promise<SearchResult> {
  const near = params.near;
  const conditions: RawBuilder<unknown>[] = [];
  const ftsQuery = ftsGroups.map((g) => g.tsquery).join(' & ');
  if (ftsQuery) conditions.push(sql`s.search_vector @@ to_tsquery('dutch', ${ftsQuery})`);
  for (const group of typoGroups) conditions.push(sql`${group.typed} <% s.search_words`);

  if (params.openNow) {
    const { weekday, time } = amsterdamClock(params.now ?? new Date());
    conditions.push(sql`exists (select 1 from published_opening_hours h
      where h.service_id = s.id and ${weekday}::smallint = any (h.days) and h.opens <= ${time}::time and h.closes > ${time}::time)`);
  }

  // Facet filters become flags, so each facet group can be counted without its own filter.
  const flag = (values: readonly string[] | undefined, column: string) =>
    values && values.length > 0 ? sql`${sql.ref(column)} && ${textArray(values)}` : sql`true`;
  const themes = params.themes ?? [];
  const themeFlag = themes.length > 0 ? sql`(s.theme_groups && ${textArray(themes)} or s.themes && ${textArray(themes)})` : sql`true`;
  const costFlag = params.cost === 'gratis' ? sql`s.cost_free` : params.cost === 'betaald' ? sql`not s.cost_free` : sql`true`;

  const distance = near ? sql`d.km` : sql`null::double precision`;
  const distanceJoin = near
    ? sql`left join lateral (
        select min(sqrt(power((l.lat - ${near.lat}) * 111.2, 2) + power((l.lon - ${near.lon}) * 111.2 * cos(radians(${near.lat})), 2))) as km
        from published_service_locations l where l.service_id = s.id) d on true`
    : sql``;

  const textRank = ftsQuery ? sql`ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', s.search_vector, to_tsquery('dutch', ${ftsQuery}))` : sql`1.0`;
  const typoRank = typoGroups.length > 0 ? sql.join(typoGroups.map((g) => sql`(1 + word_similarity(${g.typed}, lower(s.name)))`), sql` * `) : sql`1.0`;
  const distanceRank = near ? sql`1.0 / (1.0 + coalesce(d.km, ${DISTANCE_HALF_KM}) / ${DISTANCE_HALF_KM})` : sql`1.0`;
  const score = sql`${textRank} * ${typoRank} * (case when s.review_due < current_date then ${STALE_FACTOR} else 1.0 end) * ${distanceRank}`;

  const order =
    sort === 'name'
      ? sql`sort_name, id`
      : sort === 'distance'
        ? sql`distance_km asc nulls last, score desc, sort_name, id`
        : sql`score desc, sort_name, id`;

  const headline = (column: 'name' | 'summary') =>
    ftsQuery ? sql`ts_headline('dutch', s.${sql.ref(column)}, to_tsquery('dutch', ${ftsQuery}), ${HEADLINE_OPTIONS})` : sql`s.${sql.ref(column)}`;

  // The total and the facet counts in one pass over the matching set, as filtered counts (no unnest):
  // each facet group is counted over the rows that pass every other facet filter. Languages are an
  // open list, so they are unnested.
  const others = (except: string) => and(FLAGS.filter((f) => f !== except).map((f) => sql.ref(f)));
  const facetColumns: { facet: keyof SearchFacets; value: string; count: RawBuilder<unknown> }[] = [
    ...themeTerms.map((t) => ({ facet: 'themes' as const, value: t.code, count: sql`count(*) filter (where theme_groups @> array[${t.code}]::text[] and ${others('f_theme')})` })),
    ...audiences.map((a) => ({ facet: 'audiences' as const, value: a.code, count: sql`count(*) filter (where audiences @> array[${a.code}]::text[] and ${others('f_audience')})` })),
    ...deliveryModes.map((d) => ({ facet: 'deliveryModes' as const, value: d.code, count: sql`count(*) filter (where delivery_modes @> array[${d.code}]::text[] and ${others('f_mode')})` })),
    { facet: 'cost', value: 'gratis', count: sql`count(*) filter (where cost_free and ${others('f_cost')})` },
    { facet: 'cost', value: 'betaald', count: sql`count(*) filter (where not cost_free and ${others('f_cost')})` },
  ];

  const { rows } = await sql<ResultRow>`
    with base as materialized (
      select s.id, lower(s.name) as sort_name, s.audiences, s.theme_groups, s.cost_free, s.languages, s.delivery_modes,
        ${distance} as distance_km, ${score} as score,
        ${flag(params.audiences, 's.audiences')} as f_audience,
        ${themeFlag} as f_theme,
        ${costFlag} as f_cost,
        ${flag(params.languages, 's.languages')} as f_language,
        ${flag(params.deliveryModes, 's.delivery_modes')} as f_mode
      from published_services s ${distanceJoin}
      where ${and([...scope, ...conditions])}
    ),
    counts as (
      select count(*) filter (where f_audience and f_theme and f_cost and f_language and f_mode)::int as total,
        json_build_array(${sql.join(facetColumns.map((c) => c.count))}) as facets
      from base
    ),
    page as (
      select id, distance_km, row_number() over (order by ${order}) as ord
      from base where f_audience and f_theme and f_cost and f_language and f_mode
      order by ${order} limit ${pageSize} offset ${(page - 1) * pageSize}
    )
    select
      (select total from counts) as total,
      (select facets from counts) as facet_counts,
      (select json_agg(json_build_object('value', value, 'count', n) order by n desc, value)
        from (select v as value, count(*)::int as n from base, unnest(languages) v where ${others('f_language')} group by v) l) as languages,
      (select coalesce(json_agg(json_build_object(
          'id', s.id, 'name', s.name, 'summary', s.summary,
          'nameHighlight', ${headline('name')}, 'summaryHighlight', ${headline('summary')},
          'organisationId', s.organisation_id, 'organisationName', o.name, 'regionCode', s.region_code,
          'audiences', s.audiences, 'themes', s.themes, 'themeGroups', s.theme_groups,
          'costFree', s.cost_free, 'costDescription', s.cost_description, 'languages', s.languages,
          'deliveryModes', s.delivery_modes, 'areaKind', s.area_kind, 'distanceKm', round(p.distance_km::numeric, 1),
          'stale', s.review_due < current_date) order by p.ord), '[]'::json)
        from page p join published_services s on s.id = p.id join organisations o on o.id = s.organisation_id) as items
  `.execute(tx);
  const row = rows[0]!;
  const facets: SearchFacets = { themes: [], audiences: [], deliveryModes: [], cost: [], languages: row.languages ?? [] };
  facetColumns.forEach(({ facet, value }, i) => {
    const count = Number(row.facet_counts[i]);
    if (count > 0) facets[facet].push({ value, count });
  });
  for (const values of Object.values(facets) as FacetValue[][]) values.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  return {
    items: row.items.map(({ organisationId, organisationName, distanceKm, ...item }) => ({
      ...item,
      organisation: { id: organisationId, name: organisationName },
      distanceKm: distanceKm === null ? null : Number(distanceKm),
    })),
    total: row.total,
    facets,
    page,
    pageSize,
    ...(params.place ? { place: params.place } : {}),
  };
}

/** Splits highlighted text into plain and matched parts (balanced: a stray marker is dropped). */
export function highlightParts(text: string): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  let open = false;
  let current = '';
  for (const char of text) {
    if (char === HIGHLIGHT_START || char === HIGHLIGHT_END) {
      const opening = char === HIGHLIGHT_START;
      if (opening === open) continue;
      if (current) parts.push({ text: current, match: open });
      current = '';
      open = opening;
    } else {
      current += char;
    }
  }
  if (current) parts.push({ text: current, match: open });
  return parts;
}

export interface ServiceDetail {
  id: string;
  name: string;
  summary: string;
  organisation: { id: string; name: string };
  regionCode: string | null;
  audiences: string[];
  themes: string[];
  themeGroups: string[];
  cost: { free: boolean; description: string | null };
  languages: string[];
  deliveryModes: string[];
  areaKind: 'national' | 'regions' | 'municipalities';
  areaCodes: string[];
  description: string;
  eligibility: string;
  access: string[];
  applicationProcess: string;
  waitTime: string | null;
  capacity: 'ruim' | 'beperkt' | 'vol' | null;
  contact: { email: string | null; phone: string | null; url: string | null };
  locations: {
    id: string;
    name: string;
    role: 'werkcentrum' | 'partner-in-werkcentrum' | 'vestiging';
    street: string;
    postalCode: string;
    city: string;
    municipalityCode: string;
    lat: number;
    lon: number;
    accessibility: string | null;
    openingHours: { days: number[]; opens: string; closes: string; note: string | null }[];
  }[];
}

/** One published service with its organisation, published locations and their opening hours; null when there is none. */
export async function getPublishedService(tx: Tx, id: string): Promise<ServiceDetail | null> {
  const s = await tx
    .selectFrom('services as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .selectAll('s')
    .select('o.name as organisation_name')
    .where('s.id', '=', id)
    .where('s.status', '=', 'gepubliceerd')
    .executeTakeFirst();
  if (!s) return null;
  const locations = await tx
    .selectFrom('service_locations as sl')
    .innerJoin('locations as l', 'l.id', 'sl.location_id')
    .selectAll('l')
    .where('sl.service_id', '=', id)
    .where('l.status', '=', 'gepubliceerd')
    .orderBy('l.name')
    .orderBy('l.id')
    .execute();
  const hours =
    locations.length === 0
      ? []
      : await tx
          .selectFrom('schedules')
          .selectAll()
          .where(
            'location_id',
            'in',
            locations.map((l) => l.id),
          )
          .orderBy('location_id')
          .orderBy('position')
          .execute();
  return {
    id: s.id,
    name: s.name,
    summary: s.summary,
    organisation: { id: s.organisation_id, name: s.organisation_name },
    regionCode: s.region_code,
    audiences: s.audiences,
    themes: s.themes,
    themeGroups: s.theme_groups,
    cost: { free: s.cost_free, description: s.cost_description },
    languages: s.languages,
    deliveryModes: s.delivery_modes,
    areaKind: s.area_kind,
    areaCodes: s.area_codes,
    description: s.description,
    eligibility: s.eligibility,
    access: s.access,
    applicationProcess: s.application_process,
    waitTime: s.wait_time,
    capacity: s.capacity,
    contact: { email: s.contact_email, phone: s.contact_phone, url: s.contact_url },
    locations: locations.map((l) => ({
      id: l.id,
      name: l.name,
      role: l.role,
      street: l.street,
      postalCode: l.postal_code,
      city: l.city,
      municipalityCode: l.municipality_code,
      lat: l.lat,
      lon: l.lon,
      accessibility: l.accessibility,
      openingHours: hours
        .filter((h) => h.location_id === l.id)
        .map((h) => ({ days: h.days, opens: h.opens.slice(0, 5), closes: h.closes.slice(0, 5), note: h.note })),
    })),
  };
}
