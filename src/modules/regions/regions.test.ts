import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { normaliseName } from './municipality-names.ts';
import { regionShapes } from './map.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
});
afterAll(async () => t?.close());

describe('finding the regional Werkcentrum', () => {
  it('leads from a municipality to its region, whatever the capitals, accents or apostrophes', async () => {
    for (const [input, slug] of [
      ['Enschede', 'twente'],
      ['  heerlen ', 'zuid-limburg'],
      ['s-Gravenhage', 'haaglanden'],
      ["'s-Hertogenbosch", 'noordoost-brabant'],
      ['Súdwest-Fryslân', 'friesland'],
      // The names people use.
      ['Den Haag', 'haaglanden'],
      ['den bosch', 'noordoost-brabant'],
    ]) {
      const response = await t.app.inject({ method: 'GET', url: `/gemeente-kiezen?gemeente=${encodeURIComponent(input!)}` });
      expect(response.statusCode, input).toBe(303);
      expect(response.headers.location, input).toBe(`/${slug}`);
    }
  });

  it('keeps the input and suggests names for a misspelled municipality; asks for a name when empty', async () => {
    const wrong = await t.app.inject({ method: 'GET', url: '/gemeente-kiezen?gemeente=Enschedee' });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.body).toContain('value="Enschedee"');
    expect(wrong.body).toContain('href="/gemeente-kiezen?gemeente=Enschede"');
    const empty = await t.app.inject({ method: 'GET', url: '/gemeente-kiezen?gemeente=' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Vul de naam van je gemeente in.');
    // Breaking out of the value attribute or opening a tag in the text must both fail.
    const hostile = await t.app.inject({ method: 'GET', url: `/gemeente-kiezen?gemeente=${encodeURIComponent('"><script>alert(1)</script>')}` });
    expect(hostile.statusCode).toBe(404);
    expect(hostile.body).not.toContain('"><script>');
    expect(hostile.body).toContain('“&#34;>&lt;script>alert(1)&lt;/script>”');
  });

  it('shows a region with its municipalities, partners and centrumgemeente (unconfirmed only to administrators); redirects a code to the slug', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/zuid-limburg' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="utrecht-heading-1">Werkcentrum Zuid-Limburg</h1>');
    expect(page.body).toContain('Gemeente Heerlen');
    expect(page.body).toContain('Welzijn Heuvelland (demo)');
    expect(page.body).not.toContain('Werkcentrum Platformteam');
    // Unconfirmed is a note for administrators: the public page does not say it.
    expect(page.body).not.toContain('nog niet bevestigd');
    expect((page.body.match(/<li>[^<]+<\/li>/g) ?? []).length).toBeGreaterThanOrEqual(16);
    const byCode = await t.app.inject({ method: 'GET', url: '/am30' });
    expect(byCode.statusCode).toBe(301);
    expect(byCode.headers.location).toBe('/zuid-limburg');
    expect((await t.app.inject({ method: 'GET', url: '/nergens' })).statusCode).toBe(404);
  });

  it('draws all 35 regions on the map, each a link with a name', async () => {
    expect(regionShapes()).toHaveLength(35);
    expect(regionShapes().every((shape) => shape.path.startsWith('M'))).toBe(true);
    const page = await t.app.inject({ method: 'GET', url: '/regios' });
    expect(page.body.match(/<a href="\/[a-z-]+" aria-label="Werkcentrum [^"]+"><path/g)).toHaveLength(35);
    expect(page.body.length).toBeLessThan(120_000);
  });

  it('normalises names for matching', () => {
    expect(normaliseName("'s-Gravenhage")).toBe(normaliseName('s Gravenhage'));
    expect(normaliseName('Súdwest-Fryslân')).toBe('sudwestfryslan');
  });
});

describe('centrumgemeente, kept by the platform administrator', () => {
  it('lets the platform administrator confirm a centrumgemeente, and audits it', async () => {
    const admin = new Agent(t.app);
    await admin.login('beheer@werkcentrum.example');
    // The administrator sees on the region's own page that it still needs confirming.
    expect((await admin.get('/zuid-limburg')).body).toContain('nog niet bevestigd');
    await admin.get('/beheer/regios/AM30');
    const saved = await admin.post('/beheer/regios/AM30', { centrumgemeente: 'GM0935', verified: 'ja' });
    expect(saved.statusCode).toBe(303);
    const region = await t.db.kysely.selectFrom('regions').selectAll().where('code', '=', 'AM30').executeTakeFirstOrThrow();
    expect(region).toMatchObject({ centrumgemeente_code: 'GM0935', centrumgemeente_verified: true });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/regions/AM30' })).json().centrumgemeente).toEqual({
      code: 'GM0935',
      name: 'Maastricht',
      verified: true,
    });
    const audit = await t.db.kysely.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'region.centrumgemeente').execute();
    expect(audit).toEqual([{ action: 'region.centrumgemeente', target_id: 'AM30' }]);
  });

  it('refuses a municipality from another region with a field error, keeping the page', async () => {
    const admin = new Agent(t.app);
    await admin.login('beheer@werkcentrum.example');
    await admin.get('/beheer/regios/AM30');
    const response = await admin.post('/beheer/regios/AM30', { centrumgemeente: 'GM0153' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Deze keuze bestaat niet.');
  });

  it('gives a coordinator no access to the regions admin', async () => {
    const coordinator = new Agent(t.app);
    await coordinator.login('coordinator.amsterdam@werkcentrum.example');
    expect((await coordinator.get('/beheer/regios')).statusCode).toBe(403);
    await coordinator.get('/werkplek');
    expect((await coordinator.post('/beheer/regios/AM18', { centrumgemeente: 'GM0363' })).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/beheer/regios' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/inloggen?terug=%2Fbeheer%2Fregios');
  });
});
