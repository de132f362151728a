import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { asOwner, createTestDatabase } from '../../../test/helpers/db.ts';
import type { Database } from '../../platform/db/pool.ts';
import type { Tx } from '../../platform/db/tenancy.ts';
import { validateHsdsService } from './hsds-schema.ts';
import { CSV_COLUMNS, fromCsvRow, parseCsv, splitList } from './csv.ts';
import { importRows, problemText, readCsvFile, readHsdsFile } from './import.ts';
import { translator } from '../../platform/i18n/index.ts';
import { loadRegionRecords } from '../catalogue/records.repository.ts';
import type { HsdsService } from './hsds.ts';

// Open data end to end: the HSDS export validates against the HSDS 3.0 schema, the CSV carries the
// same services safely, and export → import → export gives back every field; importing the same
// file again changes nothing.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ catalogue: true });
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

async function exportJson(region: string): Promise<string> {
  const response = await get(`/api/v1/open-data/hsds/services?region=${region}`);
  expect(response.statusCode).toBe(200);
  return response.body;
}

async function exportCsv(region: string): Promise<string> {
  const response = await get(`/api/v1/open-data/services.csv?region=${region}`);
  expect(response.statusCode).toBe(200);
  return response.body;
}

async function historyAndVersions(db: Database) {
  const history = await db.kysely.selectFrom('service_history').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const versions = await db.kysely.selectFrom('services').select(['key', 'version', 'updated_at']).orderBy('key').execute();
  return { history: history.n, versions };
}

describe('HSDS export', () => {
  for (const region of ['AM05', 'AM18', 'AM30']) {
    it(`gives every published service offered in ${region}, each valid against the HSDS 3.0 schema`, async () => {
      const services = JSON.parse(await exportJson(region)) as HsdsService[];
      const expected = await t.db.kysely
        .selectFrom('services')
        .select('id')
        .where('status', '=', 'gepubliceerd')
        .where(sql<boolean>`area_regions @> array[${region}]::text[]`)
        .execute();
      expect(services.length).toBe(expected.length);
      expect(services.length).toBeGreaterThan(20);
      for (const service of services) expect({ id: service.id, problems: validateHsdsService(service) }).toEqual({ id: service.id, problems: [] });
      expect(new Set(services.map((s) => s.status))).toEqual(new Set(['active']));
    });
  }

  it('the schema check does catch a service that is not HSDS', async () => {
    const [service] = JSON.parse(await exportJson('AM05')) as HsdsService[];
    expect(validateHsdsService({ ...service, status: 'open' })).toEqual([{ field: 'status', key: 'opendata.problem.hsdsEnum', params: { allowed: 'active, inactive, defunct, temporarily closed' } }]);
    expect(validateHsdsService({ ...service, id: 'werkcentrum-inloop' })).toEqual([{ field: 'id', key: 'opendata.problem.hsdsFormat', params: { format: 'uuid' } }]);
  });

  it('leaves out concept and archived services', async () => {
    const keys = (JSON.parse(await exportJson('AM18')) as HsdsService[]).map((s) => s.attributes!.find((a) => a.taxonomy_term?.code === 'sleutel')!.value);
    expect(keys).toContain('sollicitatietraining');
    expect(keys).not.toContain('loopbaancheck-zzp'); // concept
    expect(keys).not.toContain('mobiliteitsteam-traject'); // archived
  });

  it('maps the Werkcentrum fields: themes with their parent theme, cost in euros, areas with codes, opening hours', async () => {
    const services = JSON.parse(await exportJson('AM05')) as HsdsService[];
    const inloop = services.find((s) => s.attributes!.some((a) => a.value === 'werkcentrum-inloop'))!;
    const theme = inloop.attributes!.find((a) => a.taxonomy_term?.taxonomy === 'werkcentrum:thema' && a.taxonomy_term.code === 'loopbaanadvies')!;
    expect(theme.taxonomy_term!.parent_id).toBeDefined();
    expect(inloop.languages!.map((l) => l.code)).toEqual(['nl', 'en', 'tr', 'ar', 'pl', 'uk', 'de']);
    expect(inloop.languages![2]!.name).toBe('Turks');
    expect(inloop.service_areas).toEqual([expect.objectContaining({ name: 'Twente', uri: 'urn:werkcentrum:arbeidsmarktregio:AM05' })]);
    const werkcentrum = inloop.service_at_locations!.find((sal) => sal.location!.external_identifier === 'werkcentrum-twente')!.location!;
    expect(werkcentrum.schedules!.map((s) => [s.byday, s.opens_at, s.closes_at, s.notes])).toEqual([
      ['MO,TU,WE,TH,FR', '09:00', '17:00', undefined],
      ['TH', '18:30', '20:30', 'Avondspreekuur voor mensen die overdag werken'],
    ]);
    const paid = services.find((s) => s.attributes!.some((a) => a.value === 'kanaalzone-werkgeversnetwerk'))!;
    expect(paid.cost_options).toEqual([expect.objectContaining({ amount: 35, currency: 'EUR' })]);
    const municipal = services.find((s) => s.attributes!.some((a) => a.value === 'werkervaringsplaats-enschede'))!;
    expect(municipal.service_areas![0]).toEqual(expect.objectContaining({ name: 'Enschede', uri: 'https://identifier.overheid.nl/tooi/id/gemeente/gm0153' }));
  });

  it('gives the same bytes twice, with an ETag that answers 304 to If-None-Match', async () => {
    const first = await get('/api/v1/open-data/hsds/services?region=AM30');
    const second = await get('/api/v1/open-data/hsds/services?region=AM30');
    expect(second.body).toBe(first.body);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const revalidated = await get('/api/v1/open-data/hsds/services?region=AM30', { 'if-none-match': etag });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.body).toBe('');
  });

  it('answers an unknown, malformed or missing region with 400 problem+json', async () => {
    for (const url of [
      '/api/v1/open-data/hsds/services?region=AM99',
      '/api/v1/open-data/services.csv?region=AM99',
      '/api/v1/open-data/hsds/services?region=twente',
      '/api/v1/open-data/hsds/services',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = response.json() as { status: number; invalidParams?: { name: string }[] };
      expect(problem.status).toBe(400);
      expect(problem.invalidParams?.[0]?.name).toBe('region');
    }
  });
});

describe('CSV export', () => {
  it('has a header row with the documented columns and one row per service, the same services as the HSDS export', async () => {
    const response = await get('/api/v1/open-data/services.csv?region=AM05');
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers.etag).toBeDefined();
    const [header, ...rows] = parseCsv(response.body);
    expect(header!.fields).toEqual([...CSV_COLUMNS]);
    const json = JSON.parse(await exportJson('AM05')) as HsdsService[];
    expect(rows.map((r) => r.fields[0])).toEqual(json.map((s) => s.id));
    expect(response.body.endsWith('\r\n')).toBe(true);
  });

  it('neutralises cells a spreadsheet would run as a formula, and the import reads them back exactly', async () => {
    await asOwner(t.db, 'catalogue-maintenance', (tx) =>
      tx
        .updateTable('services')
        .set({ name: '=HYPERLINK("http://evil.example","klik")', keywords: ['@SUM(A1)', '-1+1', 'gewoon'], contact_phone: '+31 53 555 0101' })
        .where('key', '=', 'vlotwerk-uitzendwerk')
        .execute(),
    );
    const text = await exportCsv('AM05');
    const [header, ...rows] = parseCsv(text);
    const row = rows.find((r) => r.fields.includes('vlotwerk-uitzendwerk'))!;
    const cell = (column: string) => row.fields[header!.fields.indexOf(column)]!;
    expect(cell('name')).toBe(`'=HYPERLINK("http://evil.example","klik")`);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""klik"")"`);
    expect(cell('keywords').startsWith("'@SUM")).toBe(true);
    expect(cell('phone')).toBe("'+31 53 555 0101");
    for (const value of rows.flatMap((r) => r.fields)) expect(value).not.toMatch(/^[=+\-@\t\r]/);
    const record = fromCsvRow(Object.fromEntries(header!.fields.map((c, i) => [c, row.fields[i]!])), []);
    expect(record.name).toBe('=HYPERLINK("http://evil.example","klik")');
    expect(record.keywords).toEqual(['@SUM(A1)', '-1+1', 'gewoon']);
    expect(record.contactPhone).toBe('+31 53 555 0101');
  });

  it('escapes | inside list items', () => {
    expect(splitList('a\\|b|c\\\\|d')).toEqual(['a|b', 'c\\', 'd']);
  });
});

async function scramble(db: Database) {
  // Change what an editor could change: fields, lists, cost, locations, opening hours, links.
  await asOwner(db, 'catalogue-maintenance', async (tx) => {
    await tx
      .updateTable('services')
      .set({
        name: 'Iets anders',
        themes: ['solliciteren'],
        languages: ['nl'],
        cost_free: false,
        cost_description: 'Nu betaald',
        cost_amount_cents: 999,
        wait_time: null,
        capacity: 'vol',
        keywords: [],
        review_interval_days: 99,
        last_reviewed: '2020-01-01',
        contact_email: null,
      })
      .where('key', 'in', ['werkcentrum-inloop', 'sollicitatietraining-de-wissel'])
      .execute();
    await tx.updateTable('locations').set({ name: 'Verhuisd', lat: 52.3, accessibility: null }).where('key', '=', 'werkcentrum-twente').execute();
    const location = await tx.selectFrom('locations').select('id').where('key', '=', 'werkcentrum-twente').executeTakeFirstOrThrow();
    await tx.updateTable('schedules').set({ opens: '08:00' }).where('location_id', '=', location.id).execute();
    const service = await tx.selectFrom('services').select('id').where('key', '=', 'werkcentrum-inloop').executeTakeFirstOrThrow();
    await tx.deleteFrom('service_locations').where('service_id', '=', service.id).execute();
  });
}

describe('import', () => {
  it('HSDS JSON: export → change → import → export gives the same bytes; importing again changes nothing', async () => {
    const original = await exportJson('AM05');
    await scramble(t.db);
    expect(await exportJson('AM05')).not.toBe(original);
    const first = await importRows(t.db, readHsdsFile(original), { region: 'AM05' });
    expect(first.failed).toBe(0);
    expect(first.updated).toBeGreaterThanOrEqual(2);
    expect(await exportJson('AM05')).toBe(original);

    const before = await historyAndVersions(t.db);
    const again = await importRows(t.db, readHsdsFile(original), { region: 'AM05' });
    expect({ created: again.created, updated: again.updated, failed: again.failed }).toEqual({ created: 0, updated: 0, failed: 0 });
    expect(again.unchanged).toBe(again.rows.length);
    expect(await historyAndVersions(t.db)).toEqual(before);
  });

  it('CSV: export → change → import → export gives the same bytes; importing again changes nothing', async () => {
    const original = await exportCsv('AM05');
    const json = await exportJson('AM05');
    await scramble(t.db);
    // The CSV names locations by key: the link comes back, the location's own fields come from the JSON file.
    const csv = await importRows(t.db, readCsvFile(original), { region: 'AM05' });
    expect(csv.failed).toBe(0);
    await importRows(t.db, readHsdsFile(json), { region: 'AM05' });
    expect(await exportCsv('AM05')).toBe(original);

    const before = await historyAndVersions(t.db);
    const again = await importRows(t.db, readCsvFile(original), { region: 'AM05' });
    expect(again.unchanged).toBe(again.rows.length);
    expect(await historyAndVersions(t.db)).toEqual(before);
  });

  it('into a fresh database: every field of every service comes back, ids included', async () => {
    const fresh = await createTestDatabase();
    try {
      const file = await exportJson('AM30');
      const summary = await importRows(fresh, readHsdsFile(file), { region: 'AM30', publish: true });
      expect(summary.rows.filter((r) => r.outcome === 'failed')).toEqual([]);
      expect(summary.created).toBe(summary.rows.length);
      const source = await t.db.kysely.transaction().execute((tx) => loadRegionRecords(tx as unknown as Tx, 'AM30'));
      const copy = await fresh.kysely.transaction().execute((tx) => loadRegionRecords(tx as unknown as Tx, 'AM30'));
      expect(copy).toEqual(source);
      const again = await importRows(fresh, readHsdsFile(file), { region: 'AM30', publish: true });
      expect(again.unchanged).toBe(again.rows.length);
    } finally {
      await fresh.destroy();
    }
  });

  it('reports bad rows with their number, key and field, and imports the others', async () => {
    const services = JSON.parse(await exportJson('AM05')) as HsdsService[];
    const attribute = (s: HsdsService) => s.attributes!;
    // Row 2: an unknown theme.
    const theme = attribute(services[1]!).find((a) => a.taxonomy_term?.taxonomy === 'werkcentrum:thema')!;
    theme.taxonomy_term = { ...theme.taxonomy_term!, code: 'bestaat-niet' };
    // Row 4: a location in Amsterdam, outside Twente, for a Twente service.
    const twente = services.findIndex(
      (s, i) => i > 2 && s.service_at_locations!.length > 0 && attribute(s).some((a) => a.taxonomy_term?.taxonomy === 'werkcentrum:regio' && a.taxonomy_term.code === 'AM05'),
    );
    const location = services[twente]!.service_at_locations![0]!.location!;
    location.attributes!.find((a) => a.taxonomy_term?.taxonomy === 'werkcentrum:gemeente')!.taxonomy_term!.code = 'GM0363';
    // Last row: no name.
    const last = services.length;
    delete (services[last - 1] as Partial<HsdsService>).name;
    services[0]!.name = 'Een nieuwe naam voor de eerste dienst';

    const summary = await importRows(t.db, readHsdsFile(JSON.stringify(services)), { region: 'AM05' });
    const failed = summary.rows.filter((r) => r.outcome === 'failed');
    expect(failed.map((r) => r.row)).toEqual([2, twente + 1, last]);
    expect(failed[0]!.problems).toEqual([{ field: 'attributes', key: 'opendata.problem.unknownTheme', params: { code: 'bestaat-niet' } }]);
    expect(failed[0]!.key).not.toBe('');
    expect(failed[1]!.problems).toEqual([{ field: 'service_at_locations[0].location.addresses[0]', key: 'opendata.problem.municipalityOutsideRegion', params: { code: 'GM0363', region: 'AM05' } }]);
    expect(failed[2]!.problems).toEqual([{ field: 'name', key: 'opendata.problem.noName' }]);
    expect(failed[2]!.warnings).toContainEqual({ field: 'service', key: 'opendata.problem.hsdsRequired', params: { property: 'name' } });
    // The report says it in the reader's language, with the values filled in.
    expect(failed.map((r) => problemText(translator('nl'), r.problems[0]!))).toEqual([
      'Het thema “bestaat-niet” kennen we niet.',
      'De gemeente GM0363 ligt niet in regio AM05.',
      'Een dienst moet een naam hebben.',
    ]);
    expect(problemText(translator('en'), failed[1]!.problems[0]!)).toBe('municipality GM0363 lies outside region AM05');
    expect(summary.failed).toBe(3);
    expect(summary.updated).toBe(1);
    expect(summary.unchanged).toBe(services.length - 4);
    const first = await t.db.kysely.selectFrom('services').select('name').where('id', '=', services[0]!.id).executeTakeFirstOrThrow();
    expect(first.name).toBe('Een nieuwe naam voor de eerste dienst');
  });

  it('refuses a service that is not offered in the region of the import', async () => {
    const services = JSON.parse(await exportJson('AM18')) as HsdsService[];
    const regional = services.find((s) => s.service_areas!.every((a) => a.uri === 'urn:werkcentrum:arbeidsmarktregio:AM18'))!;
    const summary = await importRows(t.db, readHsdsFile(JSON.stringify([regional])), { region: 'AM05' });
    expect(summary.rows[0]!.problems).toContainEqual({ field: 'service_areas', key: 'opendata.problem.notOfferedInRegion', params: { region: 'AM05' } });
  });
});
