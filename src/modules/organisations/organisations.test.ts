import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';

// The organisation admin pages through HTTP, as a coordinator and as a platform administrator.
// Expected lists are computed from the database (as owner, past row-level security), so the
// tests check the scoping rules, not a copy of the demo data.

let t: TestApp;
let coordinator: Agent;
let admin: Agent;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  coordinator = new Agent(t.app);
  admin = new Agent(t.app);
  await coordinator.login('coordinator.amsterdam@werkcentrum.example');
  await admin.login('beheer@werkcentrum.example');
});
afterAll(async () => t?.close());

const orgId = async (name: string) => (await t.db.kysely.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const regionsOf = async (id: string) =>
  (await t.db.kysely.selectFrom('organisation_regions').select('region_code').where('organisation_id', '=', id).orderBy('region_code').execute()).map(
    (r) => r.region_code,
  );
async function organisationNames(region?: string): Promise<string[]> {
  let query = t.db.kysely.selectFrom('organisations as o').select('o.name');
  if (region) query = query.where((eb) => eb.exists(eb.selectFrom('organisation_regions as r').select('r.region_code').whereRef('r.organisation_id', '=', 'o.id').where('r.region_code', '=', region)));
  return (await query.execute()).map((o) => o.name);
}
/** The names in the first column of the table, as the page shows them. */
const listedNames = (body: string) =>
  [...body.matchAll(/<tr class="utrecht-table__row"><td class="utrecht-table__cell"[^>]*>(?:<a[^>]*>)?([^<]+)/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

const validForm = (overrides: Record<string, string | string[]> = {}) => ({
  name: 'Leerwerkloket Amstel (test)',
  kind: 'overig',
  suwi: 'nee',
  website: '',
  regions: ['AM18'],
  ...overrides,
});

describe('organisation list', () => {
  it('a coordinator sees exactly the organisations active in their region, with a count', async () => {
    const response = await coordinator.get('/beheer/organisaties');
    expect(response.statusCode).toBe(200);
    const expected = await organisationNames('AM18');
    expect(listedNames(response.body).sort()).toEqual(expected.sort());
    expect(response.body).toContain(`${expected.length} organisaties`);
    expect(listedNames(response.body)).not.toContain('Gemeente Enschede');
    // The filter is for platform administrators; a coordinator's list is fixed to their region.
    expect(response.body).not.toContain('name="regio"');
  });

  it('a platform administrator sees all organisations and can filter by region', async () => {
    const all = await admin.get('/beheer/organisaties');
    expect(listedNames(all.body).sort()).toEqual((await organisationNames()).sort());
    const twente = await admin.get('/beheer/organisaties?regio=AM05');
    const expected = await organisationNames('AM05');
    expect(listedNames(twente.body).sort()).toEqual(expected.sort());
    expect(twente.body).toContain(`${expected.length} organisaties`);
    expect(twente.body).toMatch(/<option value="AM05" selected/);
  });

  it('an unknown region in the filter is a 400, not a crash', async () => {
    expect((await admin.get('/beheer/organisaties?regio=AM99')).statusCode).toBe(400);
    expect((await admin.get(`/beheer/organisaties?regio=${'x'.repeat(50)}`)).statusCode).toBe(400);
  });

  it('other roles get 403 and anonymous visitors are sent to the login page', async () => {
    const guide = new Agent(t.app);
    await guide.login('gids.amsterdam@werkcentrum.example');
    expect((await guide.get('/beheer/organisaties')).statusCode).toBe(403);
    expect((await guide.get('/beheer/organisaties/nieuw')).statusCode).toBe(403);
    const anonymous = await new Agent(t.app).get('/beheer/organisaties');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/inloggen?terug=%2Fbeheer%2Forganisaties');
  });
});

describe('creating an organisation', () => {
  it('re-renders invalid input with the values kept and an error at each field', async () => {
    await admin.get('/beheer/organisaties/nieuw');
    const response = await admin.post('/beheer/organisaties/nieuw', { name: 'X', kind: '', suwi: '', website: 'http://voorbeeld.nl', regions: [] });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('value="X"');
    expect(response.body).toContain('value="http://voorbeeld.nl"');
    expect(response.body).toContain('Dit is te kort: minimaal 2 tekens.');
    expect(response.body).toContain('Vul een webadres in dat begint met https://.');
    expect(response.body).toContain('Kies minstens één regio.');
    for (const field of ['name', 'kind', 'suwi', 'website', 'regions']) expect(response.body).toContain(`id="veld-${field}-error"`);
    expect(response.body).toContain('href="#veld-name"');
  });

  it('a duplicate name (in any case) is a field error, not a 500', async () => {
    await admin.get('/beheer/organisaties/nieuw');
    const response = await admin.post('/beheer/organisaties/nieuw', validForm({ name: 'uwv', kind: 'uwv', suwi: 'ja' }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Er is al een organisatie met deze naam.');
    expect(response.body).toContain('value="uwv"');
  });

  it('a coordinator creates an organisation in their own region, and it is audited', async () => {
    await coordinator.get('/beheer/organisaties/nieuw');
    const response = await coordinator.post('/beheer/organisaties/nieuw', validForm({ website: 'https://leerwerkloket.example.nl' }));
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/beheer/organisaties');
    const created = await t.db.kysely
      .selectFrom('organisations')
      .select(['id', 'kind', 'suwi_party', 'website'])
      .where('name', '=', 'Leerwerkloket Amstel (test)')
      .executeTakeFirstOrThrow();
    expect(created).toMatchObject({ kind: 'overig', suwi_party: false, website: 'https://leerwerkloket.example.nl' });
    expect(await regionsOf(created.id)).toEqual(['AM18']);
    const entry = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'organisation.create').where('target_id', '=', created.id).executeTakeFirst();
    expect(entry).toMatchObject({ outcome: 'success', region_code: 'AM18', target_type: 'organisation' });
    expect(listedNames((await coordinator.get('/beheer/organisaties')).body)).toContain('Leerwerkloket Amstel (test)');
  });

  it('a coordinator cannot create an organisation in another region, nor of the platform kind', async () => {
    await coordinator.get('/beheer/organisaties/nieuw');
    const other = await coordinator.post('/beheer/organisaties/nieuw', validForm({ name: 'Twentse poging (test)', regions: ['AM18', 'AM05'] }));
    expect(other.statusCode).toBe(400);
    expect(other.body).toContain('Je mag alleen organisaties in je eigen regio beheren.');
    const platform = await coordinator.post('/beheer/organisaties/nieuw', validForm({ name: 'Platformpoging (test)', kind: 'platform' }));
    expect(platform.statusCode).toBe(400);
    expect(await organisationNames()).not.toContain('Twentse poging (test)');
    expect(await organisationNames()).not.toContain('Platformpoging (test)');
  });

  it('refuses a form without the CSRF token', async () => {
    const response = await admin.post('/beheer/organisaties/nieuw', validForm({ name: 'Zonder token (test)' }), { csrf: false });
    expect(response.statusCode).toBe(403);
    expect(await organisationNames()).not.toContain('Zonder token (test)');
  });
});

describe('editing an organisation', () => {
  it('a coordinator gets 404 for an organisation outside their region, and 403 for the platform team', async () => {
    const enschede = await orgId('Gemeente Enschede');
    expect((await coordinator.get(`/beheer/organisaties/${enschede}`)).statusCode).toBe(404);
    await coordinator.get('/beheer/organisaties');
    expect((await coordinator.post(`/beheer/organisaties/${enschede}`, validForm({ name: 'Gekaapt' }))).statusCode).toBe(404);
    expect((await t.db.kysely.selectFrom('organisations').select('name').where('id', '=', enschede).executeTakeFirstOrThrow()).name).toBe('Gemeente Enschede');
    const platform = await orgId('Werkcentrum Platformteam (demo)');
    expect((await coordinator.get(`/beheer/organisaties/${platform}`)).statusCode).toBe(403);
    expect((await coordinator.get('/beheer/organisaties/geen-uuid')).statusCode).toBe(404);
  });

  it('a coordinator changes an organisation but only their own region; the other regions stay', async () => {
    const id = await orgId('Buurtwerk Noord (demo)');
    const page = await coordinator.get(`/beheer/organisaties/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="Buurtwerk Noord (demo)"');
    const uwv = await orgId('UWV');
    const uwvPage = await coordinator.get(`/beheer/organisaties/${uwv}`);
    // Only the own region is a checkbox; the others are shown as text.
    expect(uwvPage.body).toContain('name="regions" value="AM18"');
    expect(uwvPage.body).not.toContain('name="regions" value="AM05"');
    expect(uwvPage.body).toContain('Ook actief in:');
    const saved = await coordinator.post(`/beheer/organisaties/${uwv}`, validForm({ name: 'UWV', kind: 'uwv', suwi: 'ja', website: 'https://www.uwv.nl' }));
    expect(saved.statusCode).toBe(303);
    expect(await regionsOf(uwv)).toEqual(['AM05', 'AM18', 'AM30']);
    const audit = await t.db.kysely.selectFrom('audit_log').select(['outcome']).where('action', '=', 'organisation.update').where('target_id', '=', uwv).execute();
    expect(audit).toEqual([{ outcome: 'success' }]);
  });

  it('leaving a region where people still work is refused with a field error', async () => {
    const uwv = await orgId('UWV');
    await coordinator.get(`/beheer/organisaties/${uwv}`);
    const response = await coordinator.post(`/beheer/organisaties/${uwv}`, validForm({ name: 'UWV', kind: 'uwv', suwi: 'ja', regions: [] }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('werken nog mensen voor deze organisatie');
    expect(await regionsOf(uwv)).toEqual(['AM05', 'AM18', 'AM30']);
  });

  it('a coordinator who removes their own region loses sight of the organisation', async () => {
    const id = await orgId('Leerwerkloket Amstel (test)');
    await t.db.kysely.insertInto('organisation_regions').values({ organisation_id: id, region_code: 'AM05' }).execute();
    await coordinator.get(`/beheer/organisaties/${id}`);
    const response = await coordinator.post(`/beheer/organisaties/${id}`, validForm({ regions: [] }));
    expect(response.statusCode).toBe(303);
    expect(await regionsOf(id)).toEqual(['AM05']);
    expect((await coordinator.get(`/beheer/organisaties/${id}`)).statusCode).toBe(404);
  });

  it('a platform administrator changes any organisation and its regions', async () => {
    const id = await orgId('Gemeente Enschede');
    await admin.get(`/beheer/organisaties/${id}`);
    const response = await admin.post(`/beheer/organisaties/${id}`, validForm({ name: 'Gemeente Enschede', kind: 'gemeente', suwi: 'ja', regions: ['AM05', 'AM01'] }));
    expect(response.statusCode).toBe(303);
    expect(await regionsOf(id)).toEqual(['AM01', 'AM05']);
  });
});
