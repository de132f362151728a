import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { buildOrganisation, buildUser, type BuiltUser } from '../../../test/factories.ts';

// Importing in the web interface as a coordinator: upload, the checked report (nothing written),
// apply (concepts, or published when asked), with the form's errors, the region's walls, sending
// twice, and the processing log.

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/hsds');
const maximal = fs.readFileSync(path.join(fixtures, 'vendor-maximal.json'));

let t: TestApp;
let utrecht: BuiltUser;
let twente: BuiltUser;
let partner: BuiltUser;
/** Signed in once each: a TOTP code counts once per 30 seconds. */
let asUtrecht: Agent;

beforeAll(async () => {
  t = await createTestApp();
  const gemeente = await buildOrganisation(t.db, { kind: 'gemeente', regions: ['AM13'] });
  const enschede = await buildOrganisation(t.db, { kind: 'gemeente', regions: ['AM05'] });
  utrecht = await buildUser(t.db, { memberships: [{ organisation: gemeente, role: 'regiocoordinator' }] });
  twente = await buildUser(t.db, { memberships: [{ organisation: enschede, role: 'regiocoordinator' }] });
  partner = await buildUser(t.db, { memberships: [{ organisation: gemeente, role: 'partnermedewerker' }] });
  asUtrecht = new Agent(t.app);
  await asUtrecht.login(utrecht);
});
afterAll(async () => {
  await t.close();
});

/** Posts the upload form as a browser does: multipart, with the page's CSRF token and one-time key. */
async function upload(agent: Agent, file: { name: string; bytes: Buffer } | null, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.append('_csrf', agent.csrfToken());
  const submission = /name="_submission" value="([^"]+)"/.exec(agent.lastPage)?.[1];
  if (submission) form.append('_submission', submission);
  const region = /name="regio" value="([^"]*)"/.exec(agent.lastPage)?.[1];
  form.append('regio', fields.regio ?? region ?? '');
  if (file) form.append('bestand', new Blob([file.bytes]), file.name);
  const request = new Response(form);
  const payload = Buffer.from(await request.arrayBuffer());
  const response = await t.app.inject({
    method: 'POST',
    url: '/beheer/import',
    payload,
    headers: { 'content-type': request.headers.get('content-type')! },
    cookies: Object.fromEntries(agent.cookies),
  });
  if (String(response.headers['content-type'] ?? '').startsWith('text/html')) agent.lastPage = response.body;
  return response;
}

const servicesNamed = (names: string[]) => t.db.kysely.selectFrom('services').select(['name', 'status']).where('name', 'in', names).execute();
const NAMES = ['Van Werk Naar Werk-traject', 'Budgetcoach aan huis', "Startersspreekuur voor zzp'ers"];

describe('importing in the web interface', () => {
  it('checks the file first (nothing written), then applies it as concepts, showing progress and the report', async () => {
    const agent = asUtrecht;
    const page = await agent.get('/beheer/import');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
    const posted = await upload(agent, { name: 'sociale-kaart.json', bytes: maximal });
    expect(posted.statusCode).toBe(303);
    const url = posted.headers.location as string;
    const running = await agent.get(url);
    expect(running.body).toContain('data-status="controleren"');
    expect(running.body).toContain('<progress');

    await t.app.jobs.runUntilIdle();
    const checked = await agent.get(url);
    expect(checked.body).toContain('data-status="gecontroleerd"');
    expect(checked.body).not.toContain('<progress');
    expect(checked.body).toMatch(/data-count="created">3</);
    expect(checked.body).toContain('Opmerkingen');
    expect(await servicesNamed(NAMES)).toEqual([]);

    const applied = await agent.post(`${url}/toepassen`, {});
    expect(applied.statusCode).toBe(303);
    // Applying again (a second click) does nothing more.
    await agent.get(url);
    await agent.post(`${url}/toepassen`, {});
    await t.app.jobs.runUntilIdle();
    const done = await agent.get(url);
    expect(done.body).toContain('data-status="klaar"');
    expect(done.body).toContain('/beheer/diensten?status=concept');
    const imported = await servicesNamed(NAMES);
    expect(imported).toHaveLength(3);
    expect(new Set(imported.map((s) => s.status))).toEqual(new Set(['concept']));
    // Who uploaded is written to the processing log (the subject pseudonymised), in the upload's transaction.
    const log = await t.db.kysely.selectFrom('processing_log').select(['actor_user_id', 'processing_activity_id']).where('name', '=', 'catalogue_imports.insert').execute();
    expect(log).toContainEqual({ actor_user_id: utrecht.id, processing_activity_id: 'catalogue-maintenance' });
  });

  it('publishes what is active when the coordinator asks; the same form sent twice is one import', async () => {
    const agent = asUtrecht;
    await agent.get('/beheer/import');
    const formPage = agent.lastPage;
    const first = await upload(agent, { name: 'again.json', bytes: maximal });
    agent.lastPage = formPage;
    const second = await upload(agent, { name: 'again.json', bytes: maximal });
    expect(second.headers.location).toBe(first.headers.location);
    await t.app.jobs.runUntilIdle();
    const url = first.headers.location as string;
    await agent.get(url);
    await agent.post(`${url}/toepassen`, { publiceren: 'ja' });
    await t.app.jobs.runUntilIdle();
    expect(new Set((await servicesNamed(NAMES)).map((s) => s.status))).toEqual(new Set(['gepubliceerd']));
  });

  it('answers an empty or unreadable file next to the field, keeping nothing', async () => {
    const agent = asUtrecht;
    await agent.get('/beheer/import');
    const count = async () => (await t.db.kysely.selectFrom('catalogue_imports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const before = Number(await count());
    const empty = await upload(agent, null);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="veld-bestand-error"');
    const garbage = await upload(agent, { name: 'kaart.json', bytes: Buffer.from('{"niet": "af"') });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.body).toContain('Dit bestand kunnen we niet lezen');
    expect(Number(await count())).toBe(before);
  });

  it('keeps a region’s imports to its coordinator: another region’s coordinator neither sees nor uploads for it; a partner has no import', async () => {
    const owner = asUtrecht;
    await owner.get('/beheer/import');
    const url = (await upload(owner, { name: 'kaart.json', bytes: maximal })).headers.location as string;

    const other = new Agent(t.app);
    await other.login(twente);
    expect((await other.get(url)).statusCode).toBe(404);
    await other.get('/beheer/import');
    // A region in the form is not theirs to choose: the import is for their own region.
    const foreign = await upload(other, { name: 'kaart.json', bytes: maximal }, { regio: 'AM13' });
    expect(foreign.statusCode).toBe(303);
    const rows = await t.db.kysely.selectFrom('catalogue_imports').select('region_code').where('created_by', '=', twente.id).execute();
    expect(rows).toEqual([{ region_code: 'AM05' }]);

    const staff = new Agent(t.app);
    await staff.login(partner);
    expect((await staff.get('/beheer/import')).statusCode).toBe(403);
  });
});
