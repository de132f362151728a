import fs from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { withSystem } from '../../platform/db/tenancy.ts';
import { importRows, ImportFileError, problemText, readHsdsFile, readHsdsFolder, readImportFile, type ImportRow, type ImportSummary } from './import.ts';
import { translator } from '../../platform/i18n/index.ts';
import { exportRegion } from './opendata.routes.ts';
import { toHsdsService } from './hsds.ts';
import type { FieldProblem } from './hsds-import.ts';

// Import of HSDS 3.0 that another system made: three files in other vendors' styles (a bare list,
// the API's page with every kind of field, and CSV tables as folder and zip), none with our
// attributes, and the standard's own examples. Every service of the vendor files comes in; an
// export gives back every value the file held; the examples (a service in the United States)
// get a clear reason.

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/hsds');
const examples = path.join(fixtures, 'official');
const REGION = 'AM13';

const readFolder = (folder: string) => new Map(fs.readdirSync(folder).map((name) => [name, fs.readFileSync(path.join(folder, name), 'utf8')] as const));
const vendorFiles: [string, () => ImportRow[]][] = [
  ['minimal list', () => readImportFile('vendor-minimal.json', fs.readFileSync(path.join(fixtures, 'vendor-minimal.json'))).rows],
  ['maximal API page', () => readImportFile('vendor-maximal.json', fs.readFileSync(path.join(fixtures, 'vendor-maximal.json'))).rows],
  ['tabular folder', () => readHsdsFolder(readFolder(path.join(fixtures, 'vendor-tabular'))).rows],
  [
    'tabular zip',
    () => {
      const zip = zipSync(Object.fromEntries([...readFolder(path.join(fixtures, 'vendor-tabular'))].map(([name, text]) => [`export/${name}`, strToU8(text)])));
      return readImportFile('sociale-kaart.zip', zip).rows;
    },
  ],
];

/** Every value of an HSDS object (not ids, which link objects and are ours to give), normalised as our export writes it. */
function values(value: unknown, key = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => values(item, key));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => values(v, k));
  if (key === 'id' || key.endsWith('_id') || value === null || value === '') return [];
  const text = String(value).trim();
  return [/^\d{2}:\d{2}:\d{2}$/.test(text) ? text.slice(0, 5) : text];
}

let t: TestApp;
let db: TestDatabase;
beforeAll(async () => {
  t = await createTestApp();
  db = t.db;
});
afterAll(async () => {
  await t.close();
});

async function exported(): Promise<Map<string, unknown>> {
  const result = await withSystem(db, 'catalogue-maintenance', (tx) => exportRegion(tx, REGION));
  return new Map(result!.records.map((record) => [record.id, toHsdsService(record, result!.names)] as const));
}

const services = () =>
  db.kysely
    .selectFrom('services')
    .select(['id', 'name', 'status', 'themes', 'audiences', 'delivery_modes', 'access', 'area_kind', 'area_codes', 'keywords', 'contact_url', 'source_fields'])
    .execute();
const byName = async (name: string) => (await services()).find((s) => s.name === name)!;

describe('importing HSDS 3.0 from other systems', () => {
  for (const [name, read] of vendorFiles) {
    it(`${name}: every service comes in, and the export gives back every value of the file`, async () => {
      const rows = read();
      expect(rows.length).toBeGreaterThanOrEqual(3);
      const summary = await importRows(db, rows, { region: REGION, publish: true });
      expect(summary.rows.filter((r) => r.outcome === 'failed')).toEqual([]);
      expect(summary.failed).toBe(0);
      const out = await exported();
      for (const row of rows) {
        const source = row.hsds as { id: string; name: string };
        const copy = out.get(source.id);
        expect(copy, `${source.name} is published and exported`).toBeDefined();
        const kept = new Set(values(copy));
        expect(values(source).filter((value) => !kept.has(value)), `values of ${source.name} the export lost`).toEqual([]);
      }
      // The same file again changes nothing.
      const again = await importRows(db, read(), { region: REGION, publish: true });
      expect(again.unchanged).toBe(rows.length);
    });
  }

  it('places locations by postcode, by coordinates, or at the centre of the postcode area, and reads areas by name, region and TOOI', async () => {
    await importRows(db, vendorFiles[0]![1](), { region: REGION, publish: true });
    await importRows(db, vendorFiles[1]![1](), { region: REGION, publish: true });
    const locations = await db.kysely.selectFrom('locations').select(['name', 'municipality_code', 'approximate', 'lat', 'postal_code']).execute();
    const at = (name: string) => locations.find((l) => l.name === name)!;
    // "Vreeswijk" is a village: its postcode says Nieuwegein.
    expect(at('Bibliotheek Vreeswijk')).toMatchObject({ municipality_code: 'GM0356', approximate: true, postal_code: '3433 CN' });
    // No postcode, but coordinates in the municipality polygon.
    expect(at('Werkplein Nieuwegein')).toMatchObject({ municipality_code: 'GM0356', approximate: false, lat: 52.029, postal_code: '' });
    expect(at('Werkfit Utrecht Centrum')).toMatchObject({ municipality_code: 'GM0344', approximate: false });
    expect(await byName('Jongerenloket')).toMatchObject({ area_kind: 'municipalities', area_codes: ['GM0355'] });
    expect(await byName('Werkgeversservicepunt')).toMatchObject({ area_kind: 'regions', area_codes: ['AM13'] });
    expect(await byName('Budgetcoach aan huis')).toMatchObject({ area_kind: 'municipalities', area_codes: ['GM0310', 'GM0355'] });
    expect(await byName("Startersspreekuur voor zzp'ers")).toMatchObject({ area_codes: ['GM0321'] });
  });

  it('infers themes, audiences, delivery modes and the access route, and keeps the other vocabulary as keywords', async () => {
    await importRows(db, vendorFiles[1]![1](), { region: REGION, publish: true });
    await importRows(db, vendorFiles[2]![1](), { region: REGION, publish: true });
    await importRows(db, vendorFiles[0]![1](), { region: REGION, publish: true });
    expect((await byName('Schuldhulpverlening')).themes).toEqual(['schuldhulpverlening']);
    expect((await byName('Taalcafé')).themes).toEqual(['nederlands-leren']);
    expect((await byName('Jongerenloket')).audiences).toEqual(['jongere']);
    expect((await byName('Werkgeversservicepunt')).audiences).toContain('werkgever');
    expect((await byName('Nederlands leren voor anderstaligen (NT2)')).audiences).toEqual(['statushouder']);
    const vwnw = await byName('Van Werk Naar Werk-traject');
    expect(vwnw.themes).toContain('overstappen-naar-ander-werk');
    expect(vwnw.keywords).toEqual(['Loopbaanbegeleiding', 'Werknemers']);
    // A virtual location is online access, with its address kept.
    expect(vwnw.delivery_modes).toEqual(['op-locatie', 'online']);
    expect(vwnw.source_fields).toMatchObject({ service_at_locations: expect.arrayContaining([expect.objectContaining({ location: expect.objectContaining({ location_type: 'virtual' }) })]) });
    const budget = await byName('Budgetcoach aan huis');
    expect(budget).toMatchObject({ themes: ['budgetcoaching'], delivery_modes: ['aan-huis'], access: ['via-verwijzing'] });
    expect((await byName("Startersspreekuur voor zzp'ers")).audiences).toEqual(['zelfstandige']);
  });

  it('brings new services in as concepts unless the import publishes; a service without a theme stays a concept with a warning', async () => {
    const fresh = await createTestDatabase();
    try {
      const unknown = {
        id: '0f6a1b2c-3d4e-4f50-8a1b-2c3d4e5f6071',
        name: 'Algemene informatiebalie',
        status: 'active',
        description: 'Stel je vraag aan de balie.',
        organization: { id: '1f6a1b2c-3d4e-4f50-8a1b-2c3d4e5f6071', name: 'Stadskantoor', description: 'Balie' },
        service_areas: [{ id: '2f6a1b2c-3d4e-4f50-8a1b-2c3d4e5f6071', name: 'Utrecht' }],
      };
      const file = JSON.stringify([...(JSON.parse(fs.readFileSync(path.join(fixtures, 'vendor-minimal.json'), 'utf8')) as unknown[]), unknown]);
      const first = await importRows(fresh, readHsdsFile(file), { region: REGION });
      expect(first.created).toBe(6);
      const statuses = await fresh.kysely.selectFrom('services').select(['name', 'status', 'themes']).execute();
      expect(new Set(statuses.map((s) => s.status))).toEqual(new Set(['concept']));
      const published = await importRows(fresh, readHsdsFile(file), { region: REGION, publish: true });
      expect(published.updated).toBe(5);
      const row = published.rows.find((r) => r.name === 'Algemene informatiebalie')!;
      expect(row.outcome).toBe('unchanged');
      expect(row.warnings).toContainEqual({ field: 'attributes', key: 'opendata.problem.noTheme' });
      const after = await fresh.kysely.selectFrom('services').select(['name', 'status', 'themes']).execute();
      expect(after.find((s) => s.name === 'Algemene informatiebalie')).toMatchObject({ status: 'concept', themes: [] });
      expect(after.filter((s) => s.status === 'gepubliceerd')).toHaveLength(5);
    } finally {
      await fresh.destroy();
    }
  });

  it('shows what the source said beyond our fields on the public pages, and says when a place is approximate', async () => {
    const rows = vendorFiles[1]![1]();
    await importRows(db, rows, { region: REGION, publish: true });
    const vwnw = rows[0]!.hsds as { id: string };
    const page = await t.app.inject({ method: 'GET', url: `/midden-utrecht/diensten/${vwnw.id}` });
    expect(page.statusCode).toBe(200);
    for (const text of ['Meer van de aanbieder', 'VWNW Midden-Utrecht', '18–67', 'Brief van je werkgever over de reorganisatie', 'Regionaal Mobiliteitsteam', 'Team Loopbaan', '030 123 4567 (12)', 'Let op: In december is de inloop gesloten.', 'https://werkfit-utrecht.example/online']) {
      expect(page.body).toContain(text);
    }
    const locations = await db.kysely.selectFrom('locations').select(['id', 'name']).where('name', 'in', ['Werkfit Utrecht Centrum', 'Gemeentehuis Houten']).execute();
    const centre = await t.app.inject({ method: 'GET', url: `/midden-utrecht/locaties/${locations.find((l) => l.name === 'Werkfit Utrecht Centrum')!.id}` });
    expect(centre.body).toContain('Vijf minuten lopen van Utrecht Centraal.');
    expect(centre.body).not.toContain('bij benadering');
    const houten = await t.app.inject({ method: 'GET', url: `/midden-utrecht/locaties/${locations.find((l) => l.name === 'Gemeentehuis Houten')!.id}` });
    expect(houten.body).toContain('De plek op de kaart is bij benadering');
  });

  it('reports problems with their HSDS path, errors apart from warnings', async () => {
    const page = JSON.parse(fs.readFileSync(path.join(fixtures, 'vendor-maximal.json'), 'utf8')) as { contents: Record<string, unknown>[] };
    const [first] = page.contents as [{ service_at_locations: { location: { addresses: Record<string, unknown>[] } }[]; organization: Record<string, unknown> }];
    first.service_at_locations[0]!.location.addresses[0]!.country = 'BE';
    delete page.contents[1]!.organization;
    const summary: ImportSummary = await importRows(db, readHsdsFile(JSON.stringify(page)), { region: REGION, dryRun: true });
    expect(summary.rows[0]!.outcome).not.toBe('failed');
    const abroad: FieldProblem = { field: 'contents[0].service_at_locations[0].location.addresses[0].country', key: 'opendata.problem.addressAbroadKept', params: { country: 'BE' } };
    expect(summary.rows[0]!.warnings).toContainEqual(abroad);
    expect(problemText(translator('nl'), abroad)).toBe('Het adres ligt niet in Nederland (land: BE). We bewaren de locatie zoals ze is, maar we tonen haar niet.');
    expect(summary.rows[1]).toMatchObject({ outcome: 'failed', problems: [{ field: 'contents[1].organization', key: 'opendata.problem.noOrganisation' }] });
    // Another row's problems stay its own.
    expect(summary.rows[2]!.problems).toEqual([]);
  });
});

describe('the official HSDS 3.0 examples', () => {
  const reasons = (summary: ImportSummary) => summary.rows.map((r) => ({ outcome: r.outcome, problems: r.problems.map((p) => p.field) }));
  /** A service refused as outside the Netherlands, with at least one sign of the country it is in. */
  const abroad = (problems: ImportSummary['rows'][number]['problems']) => {
    const keys = problems.map((p) => p.key);
    return keys.includes('opendata.problem.serviceAbroad') && keys.some((key) => ['opendata.problem.addressAbroad', 'opendata.problem.pointAbroad', 'opendata.problem.internationalPhone', 'opendata.problem.foreignPrices'].includes(key));
  };

  it('service_full.json, service_at_location_full.json and organization_full.json: a clear reason for a service in the United States', async () => {
    for (const file of ['service_full.json', 'service_at_location_full.json', 'organization_full.json']) {
      const summary = await importRows(db, readImportFile(file, fs.readFileSync(path.join(examples, file))).rows, { region: REGION, dryRun: true });
      expect(summary.rows.length, file).toBeGreaterThanOrEqual(1);
      for (const row of summary.rows) {
        expect(row.outcome, file).toBe('failed');
        expect(abroad(row.problems), `${file}: ${JSON.stringify(row.problems)}`).toBe(true);
      }
    }
  });

  it('service_list.json (an API page) and the CSV tables: each service failed with its reason, none crashed', async () => {
    const list = await importRows(db, readImportFile('service_list.json', fs.readFileSync(path.join(examples, 'service_list.json'))).rows, { region: REGION, dryRun: true });
    expect(list.rows).toHaveLength(1);
    expect(reasons(list)[0]).toMatchObject({ outcome: 'failed', problems: expect.arrayContaining(['contents[0].service']) });
    const tables = await importRows(db, readHsdsFolder(readFolder(path.join(examples, 'csv'))).rows, { region: REGION, dryRun: true });
    expect(tables.rows).toHaveLength(1);
    expect(abroad(tables.rows[0]!.problems), JSON.stringify(tables.rows[0]!.problems)).toBe(true);
  });

  it('location.json: a location alone is not a service', () => {
    expect(() => readImportFile('location.json', fs.readFileSync(path.join(examples, 'location.json')))).toThrow(ImportFileError);
    expect(() => readImportFile('location.json', fs.readFileSync(path.join(examples, 'location.json')))).toThrow(/one location, not a service/);
  });
});
