import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Agent, createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { asOwner } from '../../../../test/helpers/db.ts';
import { formOfPage } from '../../../../test/helpers/html.ts';
import { buildOrganisation, buildService, buildUser } from '../../../../test/factories.ts';
import { emptyServiceForm, formOfSnapshot } from './editor.service.ts';

// The partner editor over HTTP, as a browser would use it: a partnermedewerker creates, publishes
// and edits a service and reads its history; saves over a stale version and refused values are
// answered with the form again, never a 500; a coordinator moderates the region.

let t: TestApp;
let partner: Agent;
let coordinator: Agent;

beforeAll(async () => {
  t = await createTestApp({ catalogue: true });
  partner = new Agent(t.app);
  await partner.login('partner.amsterdam@werkcentrum.example');
  coordinator = new Agent(t.app);
  await coordinator.login('coordinator.amsterdam@werkcentrum.example');
});
afterAll(async () => t?.close());

const serviceId = async (key: string) => (await t.db.kysely.selectFrom('services').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;

function validForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    region: 'AM18',
    name: 'Werkfit in de wijk',
    summary: 'Samen met een coach werk je aan je eerste stap naar werk.',
    description: 'Je krijgt een coach die met je meedenkt. Samen maken jullie een plan voor werk of scholing.',
    audiences: ['werkzoekende', 'vijftigplusser'],
    themes: ['loopbaanadvies', 'solliciteren'],
    eligibility: 'Voor iedereen in Groot Amsterdam die werk zoekt, met of zonder uitkering.',
    costFree: 'ja',
    costDescription: '',
    costAmount: '',
    languages: ['nl', 'en'],
    deliveryModes: ['op-locatie', 'online'],
    areaKind: 'regions',
    areaRegions: ['AM18'],
    access: ['direct'],
    applicationProcess: 'Bel of mail ons. Binnen een week krijg je een eerste gesprek.',
    waitTime: '',
    capacity: '',
    contactEmail: 'info@dewissel.example.nl',
    contactPhone: '',
    contactUrl: '',
    keywords: 'werkfit, coach',
    reviewInterval: '180',
    ...overrides,
  };
}

/** The hidden version of the edit form on the last page. */
const versionOf = (page: string) => /name="version" value="(\d+)"/.exec(page)?.[1] ?? '';

describe('the service list', () => {
  it('shows a partner only their organisation’s services in their region, with freshness and quality', async () => {
    await asOwner(t.db, 'catalogue-maintenance', async (tx) => {
      await sql`update services set last_reviewed = current_date - 400, review_interval_days = 365 where key = 'sollicitatietraining'`.execute(tx);
      await sql`update services set last_reviewed = current_date - 170, review_interval_days = 180 where key = 'loopbaanadvies-baan-in-gevaar'`.execute(tx);
    });
    const page = await partner.get('/beheer/diensten');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sollicitatietraining');
    // De Wissel's services in Twente and other organisations' services in Amsterdam are not listed.
    expect(page.body).not.toContain(await serviceId('sollicitatietraining-de-wissel'));
    expect(page.body).not.toContain(await serviceId('inloop-werkcentrum'));
    const row = (key: string) => serviceId(key).then((id) => new RegExp(`data-service="${id}"[\\s\\S]*?</tr>`).exec(page.body)?.[0] ?? '');
    expect(await row('sollicitatietraining')).toContain('data-freshness="overdue"');
    expect(await row('sollicitatietraining')).toContain('Controle nodig');
    expect(await row('loopbaanadvies-baan-in-gevaar')).toContain('data-freshness="soon"');

    const overdue = await partner.get('/beheer/diensten?controle=nodig');
    expect(overdue.body).toContain(await serviceId('sollicitatietraining'));
    expect(overdue.body).not.toContain(await serviceId('loopbaanadvies-baan-in-gevaar'));
    const concepts = await partner.get('/beheer/diensten?status=concept');
    expect(concepts.body).toContain(await serviceId('loopbaancheck-zzp'));
    expect(concepts.body).not.toContain(await serviceId('sollicitatietraining'));
  });

  it('shows the parts of the quality score on the edit page', async () => {
    const page = await partner.get(`/beheer/diensten/${await serviceId('sollicitatietraining')}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Wat kun je verbeteren?');
    expect(page.body).toMatch(/data-part="freshness" data-ok="false"/);
    const score = Number(/data-quality="(\d+)"/.exec(page.body)?.[1]);
    expect(score).toBeLessThanOrEqual(60);
  });

  it('does not open another organisation’s service for a partner, nor the pages for a guide', async () => {
    expect((await partner.get(`/beheer/diensten/${await serviceId('inloop-werkcentrum')}`)).statusCode).toBe(404);
    expect((await partner.get(`/beheer/diensten/${await serviceId('sollicitatietraining-de-wissel')}`)).statusCode).toBe(404);
    expect((await new Agent(t.app).get('/beheer/diensten')).statusCode).toBe(303);
  });
});

describe('creating, publishing and editing a service', () => {
  let id: string;

  it('keeps the input and shows the error at the field when something is wrong', async () => {
    await partner.get('/beheer/diensten/nieuw');
    const response = await partner.post('/beheer/diensten/nieuw', validForm({ summary: 'Te kort', action: 'opslaan' }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('id="veld-summary-error"');
    expect(response.body).toContain('Dit is te kort: minimaal 10 tekens.');
    expect(response.body).toContain('value="Werkfit in de wijk"');
  });

  it('creates a concept, publishes it, changes it, and the history shows three entries by the partner', async () => {
    await partner.get('/beheer/diensten/nieuw');
    const created = await partner.post('/beheer/diensten/nieuw', validForm({ action: 'opslaan' }));
    expect(created.statusCode).toBe(303);
    id = /\/beheer\/diensten\/([0-9a-f-]{36})$/.exec(String(created.headers.location))![1]!;
    const row = await t.db.kysely.selectFrom('services').select(['key', 'status', 'version', 'region_code']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('concept');
    expect(row.region_code).toBe('AM18');
    expect(row.key).toMatch(/^werkfit-in-de-wijk-[0-9a-f]{6}$/);
    // A concept is not public.
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from services where id = ${id} and status = 'gepubliceerd'`.execute(t.db.kysely);
    expect(rows[0]!.n).toBe(0);

    let page = await partner.get(`/beheer/diensten/${id}`);
    expect(page.body).toContain('Publiceren');
    const published = await partner.post(`/beheer/diensten/${id}`, { ...formOfPage(page.body), action: 'publiceren' });
    expect(published.statusCode).toBe(303);

    page = await partner.get(`/beheer/diensten/${id}`);
    const changed = await partner.post(`/beheer/diensten/${id}`, { ...formOfPage(page.body), waitTime: 'Binnen 2 weken', action: 'opslaan' });
    expect(changed.statusCode).toBe(303);

    const history = await partner.get(`/beheer/diensten/${id}/geschiedenis`);
    expect(history.statusCode).toBe(200);
    const actions = [...history.body.matchAll(/data-action="([a-z-]+)"/g)].map((m) => m[1]);
    expect(actions).toEqual(['gewijzigd', 'gepubliceerd', 'aangemaakt']);
    expect(history.body.match(/Paula Partner/g)?.length).toBe(3);
    expect(history.body).toContain('Binnen 2 weken');
    const logged = await t.db.kysely.selectFrom('processing_log').select('processing_activity_id').where('name', '=', 'service_history.read').execute();
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.every((entry) => entry.processing_activity_id === 'catalogue-maintenance')).toBe(true);
  });

  it('adds no history and keeps the version when saved without changes', async () => {
    const before = await t.db.kysely.selectFrom('services').select('version').where('id', '=', id).executeTakeFirstOrThrow();
    const historyBefore = await t.db.kysely.selectFrom('service_history').select('id').where('service_id', '=', id).execute();
    const page = await partner.get(`/beheer/diensten/${id}`);
    const response = await partner.post(`/beheer/diensten/${id}`, { ...formOfPage(page.body), action: 'opslaan' });
    expect(response.statusCode).toBe(303);
    const after = await t.db.kysely.selectFrom('services').select('version').where('id', '=', id).executeTakeFirstOrThrow();
    expect(after.version).toBe(before.version);
    expect(await t.db.kysely.selectFrom('service_history').select('id').where('service_id', '=', id).execute()).toHaveLength(historyBefore.length);
    expect((await partner.get(`/beheer/diensten/${id}`)).body).toContain('Er was niets veranderd');
  });

  it('refuses a save over a newer version with a clear message and keeps the input', async () => {
    const page = await partner.get(`/beheer/diensten/${id}`);
    const stale = formOfPage(page.body);
    expect(stale.version).toBe(versionOf(page.body));
    // Someone else saves first.
    const other = await partner.post(`/beheer/diensten/${id}`, { ...stale, capacity: 'ruim', action: 'opslaan' });
    expect(other.statusCode).toBe(303);
    await partner.get(`/beheer/diensten/${id}`);
    const response = await partner.post(`/beheer/diensten/${id}`, { ...stale, name: 'Werkfit in de buurt', action: 'opslaan' });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('Iemand anders heeft deze dienst gewijzigd');
    expect(response.body).toContain('value="Werkfit in de buurt"');
    const row = await t.db.kysely.selectFrom('services').select(['name', 'capacity']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Werkfit in de wijk', capacity: 'ruim' });
  });

  it('sets the referral timers of the service: a value out of range is named at its field and nothing is saved', async () => {
    const page = await partner.get(`/beheer/diensten/${id}`);
    expect(page.body).toMatch(/name="responseDays" type="text" value="2"/);
    const form = formOfPage(page.body);
    const wrong = await partner.post(`/beheer/diensten/${id}`, { ...form, responseDays: '15', expiryDays: 'veel', action: 'opslaan' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('id="veld-responseDays-error">Vul een heel getal in van 1 tot en met 10.');
    expect(wrong.body).toContain('id="veld-expiryDays-error">Vul een heel getal in van 7 tot en met 90.');
    expect(wrong.body).toContain('value="veel"');
    await partner.get(`/beheer/diensten/${id}`);
    const saved = await partner.post(`/beheer/diensten/${id}`, { ...formOfPage(partner.lastPage), responseDays: '5', reminders: '1', expiryDays: '14', action: 'opslaan' });
    expect(saved.statusCode).toBe(303);
    const row = await t.db.kysely.selectFrom('services').select(['referral_response_days', 'referral_reminders', 'referral_expiry_days']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ referral_response_days: 5, referral_reminders: 1, referral_expiry_days: 14 });
  });

  it('turns a code the taxonomy trigger refuses into a field error, not a 500', async () => {
    const page = await partner.get(`/beheer/diensten/${id}`);
    const response = await partner.post(`/beheer/diensten/${id}`, { ...formOfPage(page.body), themes: ['bestaat-niet'], action: 'opslaan' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('id="veld-themes-error"');
    expect(response.body).toContain('Deze keuze bestaat niet (meer)');
  });

  it('marks a service as reviewed today', async () => {
    await asOwner(t.db, 'catalogue-maintenance', async (tx) => {
      await sql`update services set last_reviewed = current_date - 200 where id = ${id}`.execute(tx);
    });
    const page = await partner.get(`/beheer/diensten/${id}`);
    expect(page.body).toContain('data-freshness="overdue"');
    const response = await partner.post(`/beheer/diensten/${id}`, { ...formOfPage(page.body), action: 'gecontroleerd' });
    expect(response.statusCode).toBe(303);
    const { rows } = await sql<{ fresh: boolean }>`select last_reviewed = current_date as fresh from services where id = ${id}`.execute(t.db.kysely);
    expect(rows[0]!.fresh).toBe(true);
    const last = await t.db.kysely.selectFrom('service_history').select('action').where('service_id', '=', id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last.action).toBe('gecontroleerd');
  });

  it('lets the region’s coordinator archive a partner’s service', async () => {
    const page = await coordinator.get(`/beheer/diensten/${id}`);
    expect(page.statusCode).toBe(200);
    const response = await coordinator.post(`/beheer/diensten/${id}`, { ...formOfPage(page.body), action: 'archiveren' });
    expect(response.statusCode).toBe(303);
    const row = await t.db.kysely.selectFrom('services').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('gearchiveerd');
    const history = await coordinator.get(`/beheer/diensten/${id}/geschiedenis`);
    expect(history.body).toMatch(/data-action="gearchiveerd"[\s\S]*?Carla Coördinator/);
    // The partner may not see the coordinator's name (row-level security), but sees in which role
    // the service was archived; their own changes show their name and role.
    const partnerView = await partner.get(`/beheer/diensten/${id}/geschiedenis`);
    const authors = [...partnerView.body.matchAll(/data-author>([^<]*)</g)].map((m) => m[1]);
    expect(authors[0]).toBe('Regiocoördinator');
    expect(authors.at(-1)).toBe('Paula Partner (Partnermedewerker)');
    expect(partnerView.body).not.toContain('Carla');
  });

  it('shows a seeded service as created by the system, and a role cannot be forged', async () => {
    const seeded = await serviceId('sollicitatietraining');
    const history = await coordinator.get(`/beheer/diensten/${seeded}/geschiedenis`);
    expect(history.body).toMatch(/data-action="aangemaakt"[\s\S]*?data-author>een import of het systeem</);
    // The database fills in the role from the session, whatever the insert says.
    await asOwner(t.db, 'catalogue-maintenance', async (tx) => {
      await sql`insert into service_history (service_id, organisation_id, region_code, version, action, changed_as, changes, snapshot)
        select id, organisation_id, region_code, 99, 'gewijzigd', 'platformbeheerder', '{}', '{}' from services where id = ${seeded}`.execute(tx);
    });
    const forged = await t.db.kysely.selectFrom('service_history').select('changed_as').where('service_id', '=', seeded).where('version', '=', 99).executeTakeFirstOrThrow();
    expect(forged.changed_as).toBe('systeem');
  });
});

describe('restoring an earlier version from the history', () => {
  it('takes the content of a snapshot, and keeps what an older snapshot does not have', () => {
    const current = { ...emptyServiceForm({ kind: 'all' }), name: 'Nu', responseDays: '5', keywords: 'nu', version: '7', owner: 'eigenaar', region: 'AM05' };
    const form = formOfSnapshot(
      { name: 'Toen', summary: 'Een samenvatting van toen.', cost_free: false, cost_amount_cents: 1250, wait_time: null, area_kind: 'municipalities', area_codes: ['GM0153'], keywords: ['toen', 'vroeger'], status: 'concept' },
      current,
      ['locatie-id'],
    );
    expect(form).toMatchObject({
      name: 'Toen',
      summary: 'Een samenvatting van toen.',
      costFree: 'nee',
      costAmount: '12,50',
      waitTime: '',
      areaKind: 'municipalities',
      areaMunicipalities: ['GM0153'],
      areaRegions: [],
      keywords: 'toen, vroeger',
      locations: ['locatie-id'],
      // Not in that snapshot (a later migration's column), and never restored: owner, region, version.
      responseDays: '5',
      owner: 'eigenaar',
      region: 'AM05',
      version: '7',
    });
  });

  const historyOf = (id: string) => t.db.kysely.selectFrom('service_history').select(['id', 'version', 'action']).where('service_id', '=', id).orderBy('id', 'desc').execute();
  const loggedInserts = async () =>
    (await t.db.kysely.selectFrom('processing_log').select('seq').where('name', '=', 'service_history.insert').where('processing_activity_id', '=', 'catalogue-maintenance').execute()).length;

  it('writes the old name and description back as a new version, keeps the status, and refuses another organisation and a stale page', async () => {
    const organisation = await buildOrganisation(t.db, { regions: ['AM05'] });
    const other = await buildOrganisation(t.db, { regions: ['AM05'] });
    const owner = await buildUser(t.db, { memberships: [{ organisation, role: 'partnermedewerker' }] });
    const stranger = await buildUser(t.db, { memberships: [{ organisation: other, role: 'partnermedewerker' }] });
    const { id } = await buildService(t.db, organisation, {
      name: 'Taalcafé op dinsdag',
      description: 'Elke dinsdag oefen je Nederlands met vrijwilligers, in een kleine groep.',
    });
    const agent = new Agent(t.app);
    await agent.login(owner);

    // The partner changes the name and the description: the history has the seed's entry and theirs.
    const page = await agent.get(`/beheer/diensten/${id}`);
    const changed = await agent.post(`/beheer/diensten/${id}`, {
      ...formOfPage(page.body),
      name: 'Taalcafé op woensdag',
      description: 'Elke woensdag oefen je Nederlands met vrijwilligers, in een grote groep.',
      action: 'opslaan',
    });
    expect(changed.statusCode).toBe(303);
    const before = await historyOf(id);
    expect(before.map((entry) => entry.action)).toEqual(['gewijzigd', 'aangemaakt']);
    const original = before[1]!;

    const history = await agent.get(`/beheer/diensten/${id}/geschiedenis`);
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('Deze versie terugzetten');
    // The newest entry is the current version: it has no restore button; the first one has.
    expect(history.body).not.toContain(`data-restore="${before[0]!.id}"`);
    expect(history.body).toContain(`action="/beheer/diensten/${id}/geschiedenis/${original.id}/terugzetten"`);
    const shownVersion = /name="version" value="(\d+)"/.exec(history.body)![1]!;
    const logged = await loggedInserts();

    // Someone of another organisation cannot restore it, nor learn that it exists.
    const strangerAgent = new Agent(t.app);
    await strangerAgent.login(stranger);
    const refused = await strangerAgent.post(`/beheer/diensten/${id}/geschiedenis/${original.id}/terugzetten`, { version: shownVersion });
    expect([403, 404]).toContain(refused.statusCode);

    const restored = await agent.post(`/beheer/diensten/${id}/geschiedenis/${original.id}/terugzetten`, { version: shownVersion });
    expect(restored.statusCode).toBe(303);
    expect(restored.headers.location).toBe(`/beheer/diensten/${id}/geschiedenis`);
    const row = await t.db.kysely.selectFrom('services').select(['name', 'description', 'status', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      name: 'Taalcafé op dinsdag',
      description: 'Elke dinsdag oefen je Nederlands met vrijwilligers, in een kleine groep.',
      status: 'gepubliceerd',
      version: Number(shownVersion) + 1,
    });
    // A new entry on top; the earlier ones are all still there.
    const after = await historyOf(id);
    expect(after).toHaveLength(3);
    expect(after.slice(1)).toEqual(before);
    expect(after[0]).toMatchObject({ action: 'gewijzigd', version: Number(shownVersion) + 1 });
    expect(await loggedInserts()).toBe(logged + 1);
    const page2 = await agent.get(`/beheer/diensten/${id}/geschiedenis`);
    expect(page2.body).toContain('De eerdere versie is teruggezet.');
    expect(page2.body).toContain('Taalcafé op woensdag');

    // The same form again, over the version it showed: now stale, refused with the history again.
    const stale = await agent.post(`/beheer/diensten/${id}/geschiedenis/${before[0]!.id}/terugzetten`, { version: shownVersion });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('De dienst is intussen gewijzigd');
    expect((await t.db.kysely.selectFrom('services').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name).toBe('Taalcafé op dinsdag');
    expect(await historyOf(id)).toHaveLength(3);

    // An entry of another service, or one that does not exist, is not found.
    const fresh = /name="version" value="(\d+)"/.exec(stale.body)![1]!;
    expect(fresh).toBe(String(Number(shownVersion) + 1));
    expect((await agent.post(`/beheer/diensten/${id}/geschiedenis/999999999/terugzetten`, { version: fresh })).statusCode).toBe(404);
    expect((await agent.post(`/beheer/diensten/${id}/geschiedenis/abc/terugzetten`, { version: fresh })).statusCode).toBe(404);
  });
});

describe('a coordinator', () => {
  it('creates a service for an organisation active in the region, and not for one that is not', async () => {
    const owner = async (name: string) => (await t.db.kysely.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    const form = await coordinator.get('/beheer/diensten/nieuw');
    expect(form.body).toContain('Buurtwerk Noord (demo)');
    expect(form.body).not.toContain('Techniekfonds Oost (demo)');
    const refused = await coordinator.post('/beheer/diensten/nieuw', validForm({ owner: await owner('Techniekfonds Oost (demo)'), action: 'publiceren' }));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('id="veld-owner-error"');
    const created = await coordinator.post('/beheer/diensten/nieuw', validForm({ owner: await owner('Buurtwerk Noord (demo)'), region: 'AM05', action: 'publiceren' }));
    expect(created.statusCode).toBe(303);
    const id = /([0-9a-f-]{36})$/.exec(String(created.headers.location))![1]!;
    const row = await t.db.kysely.selectFrom('services').select(['region_code', 'status', 'organisation_id']).where('id', '=', id).executeTakeFirstOrThrow();
    // A coordinator's services belong to their own region, whatever the form says.
    expect(row).toEqual({ region_code: 'AM18', status: 'gepubliceerd', organisation_id: await owner('Buurtwerk Noord (demo)') });
  });

  it('sees every service in the region but none of another region', async () => {
    const page = await coordinator.get('/beheer/diensten');
    expect(page.body).toContain(await serviceId('inloop-werkcentrum'));
    expect(page.body).toContain(await serviceId('sollicitatietraining'));
    expect(page.body).not.toContain(await serviceId('werkcentrum-inloop'));
    expect((await coordinator.get(`/beheer/diensten/${await serviceId('werkcentrum-inloop')}`)).statusCode).toBe(404);
  });
});

describe('locations', () => {
  it('creates a location with opening hours, placed in the municipality when no coordinates are given', async () => {
    const form = await partner.get('/beheer/locaties/nieuw');
    expect(form.statusCode).toBe(200);
    expect((form.body.match(/name="hours\[\d+\]\.opens"/g) ?? []).length).toBeGreaterThanOrEqual(3);
    const bad = await partner.post('/beheer/locaties/nieuw', {
      role: 'vestiging',
      name: 'De Wissel Zuidoost',
      street: 'Bijlmerplein 1',
      postalCode: '1102dh',
      city: 'Amsterdam',
      municipality: 'GM0363',
      status: 'gepubliceerd',
      'hours[0].days': ['1', '2'],
      'hours[0].opens': '17:00',
      'hours[0].closes': '09:00',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('De sluitingstijd moet na de openingstijd liggen.');
    expect(bad.body).toContain('value="De Wissel Zuidoost"');
    const response = await partner.post('/beheer/locaties/nieuw', {
      role: 'vestiging',
      name: 'De Wissel Zuidoost',
      street: 'Bijlmerplein 1',
      postalCode: '1102dh',
      city: 'Amsterdam',
      municipality: 'GM0363',
      status: 'gepubliceerd',
      'hours[0].days': ['1', '2'],
      'hours[0].opens': '09:00',
      'hours[0].closes': '17:00',
      'hours[1].days': ['5'],
      'hours[1].opens': '9:30',
      'hours[1].closes': '12:00',
      'hours[1].note': 'Alleen op afspraak',
    });
    expect(response.statusCode).toBe(303);
    const id = /\/beheer\/locaties\/([0-9a-f-]{36})$/.exec(String(response.headers.location))![1]!;
    const location = await t.db.kysely.selectFrom('locations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const municipality = await t.db.kysely.selectFrom('municipalities').selectAll().where('code', '=', 'GM0363').executeTakeFirstOrThrow();
    expect(location.postal_code).toBe('1102 DH');
    expect(location.region_code).toBe('AM18');
    expect([location.lat, location.lon]).toEqual([municipality.label_lat, municipality.label_lon]);
    const hours = await t.db.kysely.selectFrom('schedules').select(['days', 'opens', 'closes', 'note']).where('location_id', '=', id).orderBy('position').execute();
    expect(hours).toEqual([
      { days: [1, 2], opens: '09:00:00', closes: '17:00:00', note: null },
      { days: [5], opens: '09:30:00', closes: '12:00:00', note: 'Alleen op afspraak' },
    ]);
    const list = await partner.get('/beheer/locaties');
    expect(list.body).toContain('De Wissel Zuidoost');
    expect(list.body).not.toContain('Werkcentrum Groot Amsterdam');
  });

  it('saves over the version it loaded: a newer version, even of the opening hours alone, is not overwritten', async () => {
    const { id, version } = await t.db.kysely.selectFrom('locations').select(['id', 'version']).where('name', '=', 'De Wissel Zuidoost').executeTakeFirstOrThrow();
    const page = await partner.get(`/beheer/locaties/${id}`);
    const stale = formOfPage(page.body);
    expect(stale.version).toBe(String(version));
    // Someone else changes only the opening hours first: that is a new version too.
    const other = await partner.post(`/beheer/locaties/${id}`, { ...stale, 'hours[1].closes': '13:00' });
    expect(other.statusCode).toBe(303);
    expect((await t.db.kysely.selectFrom('locations').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version).toBe(version + 1);
    await partner.get(`/beheer/locaties/${id}`);
    const response = await partner.post(`/beheer/locaties/${id}`, { ...stale, name: 'De Wissel Bijlmer' });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('Iemand anders heeft deze locatie gewijzigd');
    expect(response.body).toContain('value="De Wissel Bijlmer"');
    const row = await t.db.kysely.selectFrom('locations').select(['name', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'De Wissel Zuidoost', version: version + 1 });
    const hours = await t.db.kysely.selectFrom('schedules').select('closes').where('location_id', '=', id).orderBy('position').execute();
    expect(hours.map((h) => h.closes)).toEqual(['17:00:00', '13:00:00']);
    // Saved again over the newest version, the change goes through.
    const fresh = formOfPage((await partner.get(`/beheer/locaties/${id}`)).body);
    expect((await partner.post(`/beheer/locaties/${id}`, { ...fresh, name: 'De Wissel Bijlmer' })).statusCode).toBe(303);
    expect((await t.db.kysely.selectFrom('locations').select(['name', 'version']).where('id', '=', id).executeTakeFirstOrThrow())).toEqual({
      name: 'De Wissel Bijlmer',
      version: version + 2,
    });
  });

  it('does not let a partner place a location in another region', async () => {
    await partner.get('/beheer/locaties/nieuw');
    const response = await partner.post('/beheer/locaties/nieuw', {
      role: 'vestiging',
      name: 'De Wissel Hengelo',
      street: 'Marktstraat 1',
      postalCode: '7551 AA',
      city: 'Hengelo',
      municipality: 'GM0164',
      status: 'gepubliceerd',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('id="veld-municipality-error"');
  });
});
