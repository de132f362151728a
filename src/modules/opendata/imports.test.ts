import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { buildOrganisation, buildUser, type BuiltUser } from '../../../test/factories.ts';
import { translator } from '../../platform/i18n/index.ts';
import { escapeHtml } from '../../platform/web/html.ts';
import type { StoredSummary } from './import.ts';

// Importing in the web interface as a coordinator: upload, the checked report (nothing written),
// apply (concepts, or published when asked), with the form's errors, the region's walls, sending
// twice, and the processing log. The report is stored as message keys and shown in the reader's
// language; a report stored before that (English text) still shows.

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

const reportOf = async (url: string) =>
  (await t.db.kysely.selectFrom('catalogue_imports').select('report').where('id', '=', url.split('/').pop()!).executeTakeFirstOrThrow()).report as StoredSummary;

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
    // Stored as message keys with values, not as text; shown in Dutch, each with its HSDS path.
    const warnings = (await reportOf(url)).rows.flatMap((row) => row.warnings);
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings) {
      expect(warning).not.toHaveProperty('message');
      expect('key' in warning ? warning.key : '').toMatch(/^opendata\.problem\.\w+$/);
      if (!('key' in warning)) continue;
      expect(checked.body).toContain(`<code lang="en">${escapeHtml(warning.field)}</code>: ${escapeHtml(translator('nl')(warning.key, warning.params))}`);
    }
    expect(checked.body).toContain('<code lang="en">contents[2].languages</code>: Er is geen taal opgegeven. We nemen aan dat de dienst in het Nederlands is.');
    expect(checked.body).toContain('<code lang="en">contents[2].service_at_locations[0].location.latitude</code>: Er zijn geen coördinaten. We zetten de locatie in het midden van postcodegebied 3995.');
    expect(checked.body).not.toContain('opendata.problem.');
    expect(checked.body).not.toContain('<span lang="en">');
    // In English for a reader who asks for it.
    const english = await agent.get(url, { 'accept-language': 'en' });
    expect(english.body).toContain('<code lang="en">contents[2].languages</code>: no language given: Dutch is assumed');
    expect(english.body).not.toContain('Er is geen taal opgegeven');

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

  it('shows a report stored before problems had message keys as it was written (English)', async () => {
    const agent = asUtrecht;
    await agent.get('/beheer/import');
    const url = (await upload(agent, { name: 'oud.json', bytes: maximal })).headers.location as string;
    await t.app.jobs.runUntilIdle();
    const old = {
      rows: [
        { row: 1, key: '', name: 'Oude dienst', outcome: 'failed', problems: [{ field: 'contents[0].name', message: 'a service needs a name' }], warnings: [] },
        { row: 2, key: 'jongerenloket', name: 'Jongerenloket', outcome: 'created', problems: [], warnings: [{ field: 'contents[1].languages', message: 'no language given: Dutch is assumed' }] },
      ],
      created: 1,
      updated: 0,
      unchanged: 0,
      failed: 1,
      warned: 1,
    };
    await t.db.kysely.updateTable('catalogue_imports').set({ report: JSON.stringify(old) }).where('id', '=', url.split('/').pop()!).execute();
    const page = await agent.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<code lang="en">contents[0].name</code>: <span lang="en">a service needs a name</span>');
    expect(page.body).toContain('<code lang="en">contents[1].languages</code>: <span lang="en">no language given: Dutch is assumed</span>');
    expect(page.body).toMatch(/data-count="failed">1</);
  });
});
