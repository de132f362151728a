import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { asOwner, createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';
import { anonymous, readPublic, withActor, type Tx } from '../../platform/db/tenancy.ts';
import { newTrace } from '../../platform/http/trace.ts';
import { Places } from './places.ts';
import { amsterdamClock, FacetKeys, highlightParts, HIGHLIGHT_END, HIGHLIGHT_START, searchServices, type SearchParams, type SearchResult } from './search.repository.ts';

// Search over the demo catalogue, as the public sees it (anonymous, row-level security on).

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ catalogue: true });
  // Postcode areas may not be loaded in every setup: a few rows of our own (Enschede centre, Hengelo, Heerlen).
  await asOwner(db, 'catalogue-maintenance', async (tx) => {
    for (const [pc4, municipality, lat, lon] of [
      ['7511', 'GM0153', 52.2215, 6.8937],
      ['7551', 'GM0164', 52.2655, 6.7931],
      ['6411', 'GM0917', 50.8882, 5.9795],
    ] as const) {
      await sql`insert into postcode_areas (pc4, municipality_code, lat, lon) values (${pc4}, ${municipality}, ${lat}, ${lon})
        on conflict (pc4) do update set municipality_code = excluded.municipality_code, lat = excluded.lat, lon = excluded.lon`.execute(tx);
    }
  });
});
afterAll(async () => db?.destroy());

// As the API reads: on the server on the public read connections, on PGlite in an anonymous transaction;
// with the facet keys and places kept over the searches, as one app keeps them.
const facetKeys = new FacetKeys();
const places = new Places();
const search = (params: SearchParams): Promise<SearchResult> => readPublic(db, newTrace(), (tx) => searchServices(tx, { pageSize: 50, ...params }, facetKeys));
const resolvePlace = (value: string) => withActor(db, { actor: anonymous, trace: newTrace() }, (tx) => places.resolve(tx, value));

/** A transaction that fails on any use: what is answered through it came from what was kept. */
const noDatabase = new Proxy({} as Tx, {
  get: () => {
    throw new Error('the database was asked');
  },
});

const names = (result: SearchResult) => result.items.map((item) => item.name);

/** Ids of published services matching a condition, straight from the table as the owner. */
async function idsWhere(condition: ReturnType<typeof sql>): Promise<Set<string>> {
  const { rows } = await sql<{ id: string }>`select id from services where status = 'gepubliceerd' and ${condition}`.execute(db.kysely);
  return new Set(rows.map((row) => row.id));
}

/** Every result on every page. */
async function all(params: SearchParams): Promise<SearchResult['items']> {
  const items: SearchResult['items'] = [];
  for (let page = 1; ; page++) {
    const result = await search({ ...params, page, pageSize: 50 });
    items.push(...result.items);
    if (items.length >= result.total || result.items.length === 0) return items;
  }
}

describe('public reads', () => {
  it('see the published services only, exactly as the anonymous public in a transaction does', async () => {
    const ids = (rows: { id: string }[]) => rows.map((row) => row.id).sort();
    const read = (tx: Parameters<Parameters<typeof readPublic>[2]>[0]) => tx.selectFrom('services').select('id').execute();
    const publicIds = ids(await readPublic(db, newTrace(), read));
    expect(publicIds).toEqual(ids(await withActor(db, { actor: anonymous, trace: newTrace() }, read)));
    const all = await db.kysely.selectFrom('services').select(['id', 'status']).execute();
    expect(all.some((service) => service.status !== 'gepubliceerd')).toBe(true);
    expect(publicIds).toEqual(ids(all.filter((service) => service.status === 'gepubliceerd')));
  });

  it.runIf(process.env.DATABASE_URL)('on the server, run as the application role whatever they do, and cannot write', async () => {
    const role = await readPublic(db, newTrace(), async (tx) => {
      await sql`reset role`.execute(tx);
      return (await sql<{ user: string; readOnly: string }>`select current_user as user, current_setting('transaction_read_only') as "readOnly"`.execute(tx)).rows[0];
    });
    expect(role).toEqual({ user: 'wc_app', readOnly: 'on' });
    await expect(readPublic(db, newTrace(), (tx) => tx.updateTable('services').set({ name: 'Overschreven' }).execute())).rejects.toThrow(/read-only transaction/);
  });
});

describe('text search', () => {
  it('"schuldhulp" finds schuldhulpverlening, with the matched word marked', async () => {
    const result = await search({ q: 'schuldhulp', region: 'AM05' });
    const hit = result.items.find((item) => /schuldhulpverlening/i.test(item.name));
    expect(hit).toBeDefined();
    expect(hit!.nameHighlight).toContain(`${HIGHLIGHT_START}Schuldhulpverlening${HIGHLIGHT_END}`);
  });

  it('"sollicitaties" finds a sollicitatietraining', async () => {
    expect(names(await search({ q: 'sollicitaties', region: 'AM18' })).some((name) => /sollicitatietraining/i.test(name))).toBe(true);
  });

  it('"loopbanadvies" (a typo) finds loopbaanadvies near the top', async () => {
    const result = await search({ q: 'loopbanadvies', region: 'AM05' });
    expect(result.total).toBeGreaterThan(0);
    expect(names(result).slice(0, 3).some((name) => /loopbaanadvies/i.test(name))).toBe(true);
  });

  it('"baan kwijt" and "ontslagen" find WW and help with finding work', async () => {
    for (const q of ['baan kwijt', 'ontslagen']) {
      const result = await search({ q, region: 'AM05' });
      expect(names(result).some((name) => /\bWW\b/.test(name)), q).toBe(true);
      expect(result.items.some((item) => item.themeGroups.includes('werk-vinden')), q).toBe(true);
    }
  });

  it('marks every query word in name and summary, also where the text alone does not match the whole query', async () => {
    const mark = (word: string) => `${HIGHLIGHT_START}${word}${HIGHLIGHT_END}`;
    const both = await search({ q: 'werk zorg', region: 'AM18' });
    const leerwerk = both.items.find((item) => item.name === 'Bijdrage voor leerwerkplekken in zorg en welzijn');
    expect(leerwerk?.nameHighlight).toBe(`Bijdrage voor leerwerkplekken in ${mark('zorg')} en welzijn`);
    const overstap = both.items.find((item) => item.name === 'Overstappen naar werk in zorg en welzijn');
    expect(overstap?.nameHighlight).toBe(`Overstappen naar ${mark('werk')} in ${mark('zorg')} en welzijn`);
    // A corrected typo matches by name and keywords only, yet is marked in the summary too.
    const typo = await search({ q: 'loopbanadvies', region: 'AM05' });
    const advice = typo.items.find((item) => item.name === 'Gratis loopbaanadvies als je baan onzeker is');
    expect(advice?.summaryHighlight).toContain(`gratis ${mark('loopbaanadvies')}: drie gesprekken`);
    expect(advice?.nameHighlight).toBe(`Gratis ${mark('loopbaanadvies')} als je baan onzeker is`);
  });

  it('ranks by how much of the question a service covers: a word nothing has lowers the score, it does not empty the list', async () => {
    const names = async (q: string, region = 'AM05') => (await search({ q, region })).items.map((item) => item.name);
    const plain = await names('schulden hengelo');
    expect(plain[0]).toBe('Hulp bij schulden in Hengelo');
    // A word no service has (and a filler) changes nothing at the top.
    expect((await names('ik heb schulden in hengelo pfffrt'))[0]).toBe('Hulp bij schulden in Hengelo');
    // A part of a Dutch compound finds the compound: "loket" the Jongerenloket.
    expect((await names('loket')).slice(0, 3)).toContain('Jongerenloket: school, werk of allebei');
    // Words people use that services are not written in, and English, reach the services by their concept.
    expect((await names('deurwaarder')).slice(0, 3).some((name) => /schulden|Schuldhulp/i.test(name))).toBe(true);
    expect((await names('debt help', 'AM30')).slice(0, 3).some((name) => /Schuldhulpverlening/.test(name))).toBe(true);
    expect((await names('start a business', 'AM18')).slice(0, 3)).toContain('Workshop: je eigen bedrijf starten');
  });

  it('ignores stop words and hostile input, and finds nothing for nonsense', async () => {
    const everything = await search({ region: 'AM05' });
    expect((await search({ q: 'de het een', region: 'AM05' })).total).toBe(everything.total);
    await expect(search({ q: "' & | ! :* <-> \\", region: 'AM05' })).resolves.toBeDefined();
    expect((await search({ q: 'qqxxzzvv', region: 'AM05' })).total).toBe(0);
  });

  it('ranks a stale service below an otherwise equal fresh one', async () => {
    // Two copies of one service, the same but for their review date.
    const columns = sql.raw(`organisation_id, region_code, status, summary, description, audiences, themes, eligibility, cost_free,
      cost_description, cost_amount_cents, languages, delivery_modes, area_kind, area_codes, access, application_process, wait_time,
      capacity, contact_email, contact_phone, contact_url, keywords, review_interval_days`);
    await asOwner(db, 'catalogue-maintenance', async (tx) => {
      for (const [key, reviewed] of [['tweeling-oud', sql`current_date - 400`], ['tweeling-vers', sql`current_date`]] as const) {
        await sql`insert into services (key, name, last_reviewed, ${columns})
          select ${key}, 'Tweelingdienst zeldzaamwoord', ${reviewed}, ${columns} from services
          where status = 'gepubliceerd' and area_kind = 'regions' and area_codes = array['AM05'] and review_interval_days < 365 order by key limit 1`.execute(tx);
      }
    });
    const result = await search({ q: 'zeldzaamwoord', region: 'AM05' });
    expect(result.items.map((item) => [item.name, item.stale])).toEqual([
      ['Tweelingdienst zeldzaamwoord', false],
      ['Tweelingdienst zeldzaamwoord', true],
    ]);
  });
});

describe('filters', () => {
  it('only shows services offered in the region: an AM30-only service never shows for AM05', async () => {
    const onlyAm30 = await idsWhere(sql`area_regions = array['AM30']`);
    expect(onlyAm30.size).toBeGreaterThan(0);
    const twente = await all({ region: 'AM05' });
    expect(twente.some((item) => onlyAm30.has(item.id))).toBe(false);
    const expected = await idsWhere(sql`area_regions @> array['AM05']`);
    expect(new Set(twente.map((item) => item.id))).toEqual(expected);
  });

  it('a municipality gets national and region-wide services and its own, not those of a neighbour', async () => {
    const hengeloOnly = await idsWhere(sql`area_kind = 'municipalities' and area_codes = array['GM0164']`);
    const enschedeOnly = await idsWhere(sql`area_kind = 'municipalities' and area_codes = array['GM0153']`);
    expect(hengeloOnly.size).toBeGreaterThan(0);
    const enschede = new Set((await all({ municipality: 'GM0153' })).map((item) => item.id));
    for (const id of hengeloOnly) expect(enschede.has(id)).toBe(false);
    for (const id of enschedeOnly) expect(enschede.has(id)).toBe(true);
    const expected = await idsWhere(
      sql`(area_kind = 'national' or (area_kind = 'regions' and area_codes @> array['AM05']) or area_codes @> array['GM0153'])`,
    );
    expect(enschede).toEqual(expected);
  });

  it('filters by audience, theme (top level and sub-theme), cost, language and delivery mode', async () => {
    const cases: [SearchParams, ReturnType<typeof sql>][] = [
      [{ audiences: ['werkgever'] }, sql`audiences @> array['werkgever']`],
      [{ themes: ['schulden-en-geldzorgen'] }, sql`theme_groups @> array['schulden-en-geldzorgen']`],
      [{ themes: ['loopbaanadvies'] }, sql`themes @> array['loopbaanadvies']`],
      [{ cost: 'gratis' }, sql`cost_free`],
      [{ cost: 'betaald' }, sql`not cost_free`],
      [{ languages: ['tr', 'ar'] }, sql`languages && array['tr', 'ar']`],
      [{ deliveryModes: ['aan-huis'] }, sql`delivery_modes @> array['aan-huis']`],
      [{ audiences: ['werkzoekende'], cost: 'gratis', deliveryModes: ['online'] }, sql`audiences @> array['werkzoekende'] and cost_free and delivery_modes @> array['online']`],
    ];
    for (const [params, condition] of cases) {
      const found = new Set((await all({ region: 'AM18', ...params })).map((item) => item.id));
      const expected = await idsWhere(sql`area_regions @> array['AM18'] and ${condition}`);
      expect(expected.size, JSON.stringify(params)).toBeGreaterThan(0);
      expect(found, JSON.stringify(params)).toEqual(expected);
    }
  });

  it('"open now" follows the opening hours of the linked locations, in Amsterdam time', async () => {
    expect(amsterdamClock(new Date('2026-11-23T09:00:00Z'))).toEqual({ weekday: 1, time: '10:00:00' });
    expect(amsterdamClock(new Date('2026-07-05T22:30:00Z'))).toEqual({ weekday: 1, time: '00:30:00' });
    const mondayMorning = new Date('2026-11-23T09:00:00Z');
    const open = await all({ region: 'AM05', openNow: true, now: mondayMorning });
    const { rows } = await sql<{ id: string }>`select distinct sl.service_id as id from service_locations sl
        join locations l on l.id = sl.location_id and l.status = 'gepubliceerd'
        join schedules sc on sc.location_id = l.id
        join services s on s.id = sl.service_id and s.status = 'gepubliceerd' and s.area_regions @> array['AM05']
      where 1 = any (sc.days) and sc.opens <= '10:00' and sc.closes > '10:00'`.execute(db.kysely);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(open.map((item) => item.id))).toEqual(new Set(rows.map((row) => row.id)));
    expect((await search({ region: 'AM05', openNow: true, now: new Date('2026-11-22T02:00:00Z') })).total).toBe(0);
  });
});

describe('regions', () => {
  /** A published service offered in one region only, to move around and restore. */
  async function oneRegionService(region: string): Promise<{ id: string; name: string }> {
    const { rows } = await sql<{ id: string; name: string }>`select id, name from services
      where status = 'gepubliceerd' and area_kind = 'regions' and area_codes = array[${region}]::text[] order by key limit 1`.execute(db.kysely);
    return rows[0]!;
  }
  const setAreas = (id: string, codes: string[]) =>
    asOwner(db, 'catalogue-maintenance', (tx) => sql`update services set area_codes = ${codes}::text[] where id = ${id}`.execute(tx));
  const hits = (items: SearchResult['items'], id: string) => items.filter((item) => item.id === id).length;

  it('a service offered in two regions shows in each, and once in a search without a region', async () => {
    const service = await oneRegionService('AM30');
    await setAreas(service.id, ['AM30', 'AM05']);
    try {
      expect(hits(await all({ region: 'AM30' }), service.id)).toBe(1);
      expect(hits(await all({ region: 'AM05' }), service.id)).toBe(1);
      expect(hits(await all({ region: 'AM18' }), service.id)).toBe(0);
      const everywhere = await all({ q: service.name });
      expect(hits(everywhere, service.id)).toBe(1);
      expect((await search({ q: service.name })).total).toBe(everywhere.length);
    } finally {
      await setAreas(service.id, ['AM30']);
    }
    expect(hits(await all({ region: 'AM05' }), service.id)).toBe(0);
  });

  it('a region added later gets its own search partition, and its services are found there', async () => {
    await asOwner(db, 'catalogue-maintenance', (tx) => sql`insert into regions (code, name, slug) values ('AM99', 'Proefregio', 'proefregio')`.execute(tx));
    const service = await oneRegionService('AM18');
    await setAreas(service.id, ['AM99']);
    try {
      const { rows } = await sql<{ partition: string }>`select tableoid::regclass::text as partition from service_search where id = ${service.id}`.execute(db.kysely);
      expect(rows).toEqual([{ partition: 'service_search_am99' }]);
      expect(hits(await all({ region: 'AM99' }), service.id)).toBe(1);
      expect(hits(await all({ region: 'AM18' }), service.id)).toBe(0);
    } finally {
      await setAreas(service.id, ['AM18']);
    }
  });

  it('an unknown region or municipality finds nothing, not even national services', async () => {
    expect((await search({ region: 'AM98' })).total).toBe(0);
    expect((await search({ municipality: 'GM9999' })).total).toBe(0);
    expect((await search({ region: 'AM05' })).total).toBeGreaterThan(0);
  });
});

describe('facets', () => {
  it('count what each filter value would give, as if the own group were not selected', async () => {
    const base: SearchParams = { region: 'AM30', q: 'werk' };
    const result = await search({ ...base, audiences: ['werkzoekende'] });
    // Another group: the count is the total of adding that value.
    for (const facet of result.facets.deliveryModes.slice(0, 3)) {
      expect((await search({ ...base, audiences: ['werkzoekende'], deliveryModes: [facet.value] })).total, facet.value).toBe(facet.count);
    }
    for (const facet of result.facets.cost) {
      expect((await search({ ...base, audiences: ['werkzoekende'], cost: facet.value as 'gratis' | 'betaald' })).total).toBe(facet.count);
    }
    for (const facet of result.facets.themes.slice(0, 3)) {
      expect((await search({ ...base, audiences: ['werkzoekende'], themes: [facet.value] })).total).toBe(facet.count);
    }
    // The own group: counted without its own selection, so the other audiences stay visible.
    const werkgever = result.facets.audiences.find((f) => f.value === 'werkgever');
    expect(werkgever?.count).toBe((await search({ ...base, audiences: ['werkgever'] })).total);
    expect(result.facets.audiences.find((f) => f.value === 'werkzoekende')?.count).toBe(result.total);
  });

  it('count the whole result set, not only the page', async () => {
    const result = await search({ region: 'AM18', pageSize: 5 });
    expect(result.items).toHaveLength(5);
    const costs = result.facets.cost.reduce((sum, f) => sum + f.count, 0);
    expect(costs).toBe(result.total);
  });
});

describe('distance', () => {
  it('from a PC4 area: the nearest location comes first, services without a location last', async () => {
    const place = await resolvePlace('7511 AB');
    expect(place).toMatchObject({ municipalityCode: 'GM0153', regionCode: 'AM05', label: '7511 Enschede' });
    const items = await all({ region: 'AM05', near: place!, sort: 'distance' });
    const distances = items.map((item) => item.distanceKm);
    const known = distances.filter((d): d is number => d !== null);
    expect(known.length).toBeGreaterThan(0);
    expect(known).toEqual([...known].sort((a, b) => a - b));
    expect(distances.indexOf(null) === -1 || distances.slice(distances.indexOf(null)).every((d) => d === null)).toBe(true);
    // Independently: the closest published location of any AM05 service.
    const { rows } = await sql<{ km: number }>`select min(sqrt(power((l.lat - ${place!.lat}) * 111.2, 2) + power((l.lon - ${place!.lon}) * 111.2 * cos(radians(${place!.lat})), 2))) as km
      from service_locations sl join locations l on l.id = sl.location_id and l.status = 'gepubliceerd'
        join services s on s.id = sl.service_id and s.status = 'gepubliceerd' and s.area_regions @> array['AM05']`.execute(db.kysely);
    expect(known[0]).toBeCloseTo(Number(rows[0]!.km), 1);
    expect(known[0]).toBeLessThan(3);
  });

  it('from a municipality name: Hengelo puts a Hengelo location first', async () => {
    const place = await resolvePlace('hengelo');
    expect(place?.municipalityCode).toBe('GM0164');
    const result = await search({ region: 'AM05', near: place!, sort: 'distance', pageSize: 3 });
    const { rows } = await sql<{ id: string }>`select sl.service_id as id from service_locations sl join locations l on l.id = sl.location_id
      where l.municipality_code = 'GM0164'`.execute(db.kysely);
    expect(rows.map((row) => row.id)).toContain(result.items[0]!.id);
  });
});

describe('places', () => {
  it('understands PC4 postcodes and municipality names however they are typed', async () => {
    expect((await resolvePlace('7511'))?.municipalityCode).toBe('GM0153');
    expect((await resolvePlace(' 7511ab '))?.municipalityCode).toBe('GM0153');
    for (const name of ["'s-Gravenhage", 's-gravenhage', 'S GRAVENHAGE']) expect((await resolvePlace(name))?.municipalityCode, name).toBe('GM0518');
    expect((await resolvePlace('Súdwest-Fryslân'))?.regionCode).toBeDefined();
    const { rows } = await sql<{ pc4: string }>`select g::text as pc4 from generate_series(1000, 9999) g
      where g::text not in (select pc4 from postcode_areas) limit 1`.execute(db.kysely);
    expect(await resolvePlace(rows[0]!.pc4)).toBeNull();
    expect(await resolvePlace('Atlantis')).toBeNull();
    expect(await resolvePlace('')).toBeNull();
  });

  it('answer from what they have read, each postcode and name with its own place', async () => {
    const kept = new Places();
    const read = async (tx: Tx) => ({ enschede: await kept.resolve(tx, '7511'), hengelo: await kept.resolve(tx, '7551 AA'), heerlen: await kept.resolve(tx, 'Heerlen') });
    const first = await withActor(db, { actor: anonymous, trace: newTrace() }, read);
    expect(first).toMatchObject({ enschede: { municipalityCode: 'GM0153' }, hengelo: { municipalityCode: 'GM0164' }, heerlen: { municipalityCode: 'GM0917' } });
    expect(await read(noDatabase)).toEqual(first);
    expect(await kept.resolve(noDatabase, 'GM0917')).toEqual(first.heerlen);
  });
});

describe('facet keys', () => {
  it('are read once by id, and an id first met later is read then', async () => {
    const { rows } = await sql<{ id: number; key: string }>`select id, key from service_facet_keys order by id limit 2`.execute(db.kysely);
    const [a, b] = rows as [{ id: number; key: string }, { id: number; key: string }];
    const kept = new FacetKeys();
    expect(await readPublic(db, newTrace(), (tx) => kept.of(tx, [[a.id, 3]]))).toEqual([[a.key, 3]]);
    expect(await kept.of(noDatabase, [[a.id, 5]])).toEqual([[a.key, 5]]);
    expect(await readPublic(db, newTrace(), (tx) => kept.of(tx, [[b.id, 2], [a.id, 1]]))).toEqual([[b.key, 2], [a.key, 1]]);
    expect(await kept.of(noDatabase, [[a.id, 1], [b.id, 1]])).toEqual([[a.key, 1], [b.key, 1]]);
  });

  it('give the same counts to a search that has to read them all as to one that kept them', async () => {
    const params: SearchParams = { q: 'werk', region: 'AM18', audiences: ['werkzoekende'] };
    const warm = await search(params);
    const cold = await readPublic(db, newTrace(), (tx) => searchServices(tx, { pageSize: 50, ...params }, new FacetKeys()));
    expect(cold.facets).toEqual(warm.facets);
    expect(cold.total).toBe(warm.total);
    expect(warm.facets.themes.length).toBeGreaterThan(1);
  });
});

describe('highlight markers', () => {
  it('are balanced: a stray marker from the text is dropped', () => {
    expect(highlightParts(`a${HIGHLIGHT_START}b${HIGHLIGHT_END}c`)).toEqual([
      { text: 'a', match: false },
      { text: 'b', match: true },
      { text: 'c', match: false },
    ]);
    expect(highlightParts(`${HIGHLIGHT_END}x${HIGHLIGHT_START}${HIGHLIGHT_START}y`)).toEqual([
      { text: 'x', match: false },
      { text: 'y', match: true },
    ]);
  });
});
