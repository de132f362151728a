import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';

// The user admin pages through HTTP: who sees whom, creating accounts that can really log in,
// granting and removing roles within the actor's rights, disabling accounts. Expected values come
// from the database as owner (past row-level security).

let t: TestApp;
let coordinator: Agent;
let admin: Agent;

const TEMP_PASSWORD = 'Tijdelijk-wachtwoord-42';

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  coordinator = new Agent(t.app);
  admin = new Agent(t.app);
  await coordinator.login('coordinator.amsterdam@werkcentrum.example');
  await admin.login('beheer@werkcentrum.example');
});
afterAll(async () => t?.close());

const db = () => t.db.kysely;
const userId = async (email: string) => (await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
const orgId = async (name: string) => (await db().selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const membershipsOf = async (id: string) =>
  db().selectFrom('memberships').select(['id', 'organisation_id', 'region_code', 'role']).where('user_id', '=', id).execute();
const auditRows = (action: string, targetId?: string) => {
  let query = db().selectFrom('audit_log').select(['outcome', 'actor_user_id', 'region_code', 'details']).where('action', '=', action);
  if (targetId) query = query.where('target_id', '=', targetId);
  return query.orderBy('id').execute();
};
const logCount = async (name: string) =>
  Number((await db().selectFrom('processing_log').select((eb) => eb.fn.countAll().as('n')).where('name', '=', name).executeTakeFirstOrThrow()).n);
const listedEmails = (body: string) => [...body.matchAll(/<td class="utrecht-table__cell"[^>]*>([^<@\s]+@[^<\s]+)<\/td>/g)].map((m) => m[1]!);

describe('user list', () => {
  it('a coordinator sees exactly the people working in their region, and the read is logged', async () => {
    const expected = await db()
      .selectFrom('users as u')
      .select('u.email')
      .where((eb) => eb.exists(eb.selectFrom('memberships as m').select('m.id').whereRef('m.user_id', '=', 'u.id').where('m.region_code', '=', 'AM18')))
      .execute();
    const before = await logCount('users.list');
    const response = await coordinator.get('/beheer/gebruikers');
    expect(response.statusCode).toBe(200);
    expect(listedEmails(response.body).sort()).toEqual(expected.map((u) => u.email).sort());
    expect(response.body).toContain(`${expected.length} gebruikers`);
    expect(listedEmails(response.body)).not.toContain('coordinator.twente@werkcentrum.example');
    const logged = await db()
      .selectFrom('processing_log')
      .select(['processing_activity_id', 'data_subject_id_type', 'actor_user_id'])
      .where('name', '=', 'users.list')
      .orderBy('seq', 'desc')
      .limit(expected.length)
      .execute();
    expect(await logCount('users.list')).toBe(before + expected.length);
    expect(new Set(logged.map((l) => `${l.processing_activity_id}/${l.data_subject_id_type}`))).toEqual(new Set(['account-management/professional']));
    expect(logged[0]!.actor_user_id).toBe(await userId('coordinator.amsterdam@werkcentrum.example'));
  });

  it('a platform administrator sees everyone', async () => {
    const all = await db().selectFrom('users').select('email').execute();
    const response = await admin.get('/beheer/gebruikers');
    expect(listedEmails(response.body).sort()).toEqual(all.map((u) => u.email).sort());
    expect(response.body).toContain(`${all.length} gebruikers`);
  });

  it('a coordinator gets 404 for a user in another region, on every page and action', async () => {
    const twente = await userId('coordinator.twente@werkcentrum.example');
    expect((await coordinator.get(`/beheer/gebruikers/${twente}`)).statusCode).toBe(404);
    await coordinator.get('/beheer/gebruikers');
    expect((await coordinator.post(`/beheer/gebruikers/${twente}`, { name: 'X', email: 'x@example.nl', language: 'nl' })).statusCode).toBe(404);
    expect((await coordinator.post(`/beheer/gebruikers/${twente}/uitschakelen`, {})).statusCode).toBe(404);
    const enschede = await orgId('Gemeente Enschede');
    expect((await coordinator.post(`/beheer/gebruikers/${twente}/rollen`, { organisation: enschede, region: 'AM05', role: 'beraadslid' })).statusCode).toBe(404);
    const [membership] = await membershipsOf(twente);
    expect((await coordinator.post(`/beheer/gebruikers/${twente}/rollen/${membership!.id}/verwijderen`, {})).statusCode).toBe(404);
    expect(await membershipsOf(twente)).toHaveLength(1);
    expect((await db().selectFrom('users').select('disabled_at').where('id', '=', twente).executeTakeFirstOrThrow()).disabled_at).toBeNull();
    expect((await coordinator.get('/beheer/gebruikers/niet-een-id')).statusCode).toBe(404);
  });

  it('a coordinator sees a platform administrator in their region but gets 403 for any change', async () => {
    const platform = await userId('beheer@werkcentrum.example');
    const page = await coordinator.get(`/beheer/gebruikers/${platform}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Alleen een platformbeheerder kan dit account wijzigen.');
    expect(page.body).not.toContain('/uitschakelen');
    expect((await coordinator.post(`/beheer/gebruikers/${platform}`, { name: 'Gekaapt', email: 'kaper@example.nl', language: 'nl' })).statusCode).toBe(403);
    expect((await coordinator.post(`/beheer/gebruikers/${platform}/uitschakelen`, {})).statusCode).toBe(403);
    const [membership] = await membershipsOf(platform);
    expect((await coordinator.post(`/beheer/gebruikers/${platform}/rollen/${membership!.id}/verwijderen`, {})).statusCode).toBe(403);
    const row = await db().selectFrom('users').select(['email', 'disabled_at']).where('id', '=', platform).executeTakeFirstOrThrow();
    expect(row).toEqual({ email: 'beheer@werkcentrum.example', disabled_at: null });
    expect(await membershipsOf(platform)).toHaveLength(1);
  });

  it('other roles get 403', async () => {
    const partner = new Agent(t.app);
    await partner.login('partner.amsterdam@werkcentrum.example');
    expect((await partner.get('/beheer/gebruikers')).statusCode).toBe(403);
    expect((await partner.get(`/beheer/gebruikers/${await userId('gids.amsterdam@werkcentrum.example')}`)).statusCode).toBe(403);
  });
});

describe('creating a user', () => {
  const newUser = async (overrides: Record<string, string> = {}) => ({
    name: 'Nina Nieuw',
    email: 'Nina.Nieuw@Werkcentrum.example',
    language: 'nl',
    organisation: await orgId('Gemeente Amsterdam'),
    region: 'AM18',
    role: 'gidsfunctionaris',
    password: TEMP_PASSWORD,
    ...overrides,
  });

  it('re-renders invalid input with the values kept, without echoing the password', async () => {
    await coordinator.get('/beheer/gebruikers/nieuw');
    const response = await coordinator.post('/beheer/gebruikers/nieuw', await newUser({ email: 'geen-adres', password: 'kort', role: '' }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('value="Nina Nieuw"');
    expect(response.body).toContain('value="geen-adres"');
    expect(response.body).toContain('Vul een e-mailadres in zoals naam@organisatie.nl.');
    expect(response.body).toContain('Dit is te kort: minimaal 12 tekens.');
    expect(response.body).toContain('id="veld-role-error"');
    expect(response.body).not.toContain('value="kort"');
  });

  it('a duplicate e-mail address (in any case) is a field error, not a 500', async () => {
    await coordinator.get('/beheer/gebruikers/nieuw');
    const response = await coordinator.post('/beheer/gebruikers/nieuw', await newUser({ email: 'GIDS.amsterdam@werkcentrum.example' }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Er is al een gebruiker met dit e-mailadres.');
  });

  it('an organisation that is not active in the region is a field error, and nothing is created', async () => {
    await admin.get('/beheer/gebruikers/nieuw');
    const response = await admin.post('/beheer/gebruikers/nieuw', await newUser({ email: 'fout@werkcentrum.example', organisation: await orgId('Gemeente Enschede') }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Deze organisatie is niet actief in deze regio.');
    expect(await db().selectFrom('users').select('id').where('email', '=', 'fout@werkcentrum.example').execute()).toEqual([]);
  });

  it('a coordinator cannot create a platform administrator; the attempt is audited', async () => {
    await coordinator.get('/beheer/gebruikers/nieuw');
    const response = await coordinator.post('/beheer/gebruikers/nieuw', await newUser({ email: 'stiekem@werkcentrum.example', role: 'platformbeheerder' }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Deze rol mag je niet toekennen.');
    expect(await db().selectFrom('users').select('id').where('email', '=', 'stiekem@werkcentrum.example').execute()).toEqual([]);
    expect((await auditRows('user.create')).filter((row) => row.outcome === 'denied')).toHaveLength(1);
  });

  it('creates the account with its first role; the new user logs in with the temporary password and must set up TOTP', async () => {
    await coordinator.get('/beheer/gebruikers/nieuw');
    const response = await coordinator.post('/beheer/gebruikers/nieuw', await newUser());
    expect(response.statusCode).toBe(303);
    const id = await userId('nina.nieuw@werkcentrum.example');
    expect(response.headers.location).toBe(`/beheer/gebruikers/${id}`);
    expect(await membershipsOf(id)).toMatchObject([{ organisation_id: await orgId('Gemeente Amsterdam'), region_code: 'AM18', role: 'gidsfunctionaris' }]);
    const credentials = await db().selectFrom('user_credentials').select(['password_hash', 'totp_secret']).where('user_id', '=', id).executeTakeFirstOrThrow();
    expect(credentials.password_hash).toMatch(/^\$argon2id\$/);
    expect(credentials.totp_secret).toBeNull();

    const coordinatorId = await userId('coordinator.amsterdam@werkcentrum.example');
    expect(await auditRows('user.create', id)).toMatchObject([{ outcome: 'success', actor_user_id: coordinatorId, region_code: 'AM18' }]);
    expect(await auditRows('membership.add', id)).toMatchObject([{ outcome: 'success', details: { role: 'gidsfunctionaris', regionCode: 'AM18' } }]);
    const written = await db().selectFrom('processing_log').select('name').where('processing_activity_id', '=', 'account-management').where('actor_user_id', '=', coordinatorId).execute();
    expect(written.map((row) => row.name)).toEqual(expect.arrayContaining(['users.insert', 'memberships.insert', 'user_credentials.insert']));

    const page = await coordinator.get(`/beheer/gebruikers/${id}`);
    expect(page.body).toContain('De gebruiker is aangemaakt.');
    expect(page.body).toContain('Nina Nieuw');

    const newcomer = new Agent(t.app);
    await newcomer.get('/inloggen');
    const login = await newcomer.post('/inloggen', { email: 'nina.nieuw@werkcentrum.example', password: TEMP_PASSWORD });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/inloggen/instellen');
    expect((await newcomer.get('/inloggen/instellen')).statusCode).toBe(200);
  });
});

describe('changing a user', () => {
  it('edits name, e-mail and language, and audits which fields changed', async () => {
    const id = await userId('s.devries@werkcentrum.example');
    await coordinator.get(`/beheer/gebruikers/${id}`);
    const invalid = await coordinator.post(`/beheer/gebruikers/${id}`, { name: '', email: 's.devries@werkcentrum.example', language: 'de' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('id="veld-name-error"');
    expect(invalid.body).toContain('id="veld-language-error"');
    const response = await coordinator.post(`/beheer/gebruikers/${id}`, { name: 'Sanne de Vries-Bos', email: ' S.deVries@werkcentrum.example ', language: 'en' });
    expect(response.statusCode).toBe(303);
    expect(await db().selectFrom('users').select(['name', 'email', 'preferred_language']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({
      name: 'Sanne de Vries-Bos',
      email: 's.devries@werkcentrum.example',
      preferred_language: 'en',
    });
    expect(await auditRows('user.update', id)).toMatchObject([{ outcome: 'success', details: { fields: 'name,preferred_language' } }]);
  });

  it('a coordinator adds a role in their region, but not in another region, not twice, and never the platform role', async () => {
    const id = await userId('a.yilmaz@werkcentrum.example');
    const uwv = await orgId('UWV');
    await coordinator.get(`/beheer/gebruikers/${id}`);
    const added = await coordinator.post(`/beheer/gebruikers/${id}/rollen`, { organisation: uwv, region: 'AM18', role: 'beraadslid' });
    expect(added.statusCode).toBe(303);
    expect((await membershipsOf(id)).map((m) => m.role).sort()).toEqual(['beraadslid', 'gidsfunctionaris']);
    expect(await auditRows('membership.add', id)).toMatchObject([{ outcome: 'success', details: { role: 'beraadslid' } }]);

    await coordinator.get(`/beheer/gebruikers/${id}`);
    const twice = await coordinator.post(`/beheer/gebruikers/${id}/rollen`, { organisation: uwv, region: 'AM18', role: 'beraadslid' });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('Deze gebruiker heeft deze rol al.');

    const elsewhere = await coordinator.post(`/beheer/gebruikers/${id}/rollen`, { organisation: uwv, region: 'AM05', role: 'gidsfunctionaris' });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.body).toContain('Je mag alleen rollen in je eigen regio toekennen.');

    const platform = await coordinator.post(`/beheer/gebruikers/${id}/rollen`, { organisation: uwv, region: 'AM18', role: 'platformbeheerder' });
    expect(platform.statusCode).toBe(400);
    expect(platform.body).toContain('Deze rol mag je niet toekennen.');
    // The form keeps what was chosen.
    expect(platform.body).toMatch(/<option value="platformbeheerder" selected|<option value="AM18" selected/);
    expect((await membershipsOf(id)).map((m) => m.role).sort()).toEqual(['beraadslid', 'gidsfunctionaris']);
    expect((await auditRows('membership.add', id)).map((row) => row.outcome)).toEqual(['success', 'denied']);
  });

  it('adding a role at an organisation that is not active in the region is a field error', async () => {
    const id = await userId('a.yilmaz@werkcentrum.example');
    await admin.get(`/beheer/gebruikers/${id}`);
    const response = await admin.post(`/beheer/gebruikers/${id}/rollen`, { organisation: await orgId('ROC Twentevaart (demo)'), region: 'AM18', role: 'partnermedewerker' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Deze organisatie is niet actief in deze regio.');
  });

  it('a platform administrator may grant the platform role', async () => {
    const id = await userId('e.kuipers@werkcentrum.example');
    await admin.get(`/beheer/gebruikers/${id}`);
    const response = await admin.post(`/beheer/gebruikers/${id}/rollen`, {
      organisation: await orgId('Werkcentrum Platformteam (demo)'),
      region: 'AM18',
      role: 'platformbeheerder',
    });
    expect(response.statusCode).toBe(303);
    expect((await membershipsOf(id)).map((m) => m.role).sort()).toEqual(['gidsfunctionaris', 'platformbeheerder']);
  });

  it('removes a role; when the last role in the region goes, the coordinator loses sight of the person', async () => {
    const id = await userId('a.yilmaz@werkcentrum.example');
    const [beraad] = (await membershipsOf(id)).filter((m) => m.role === 'beraadslid');
    await coordinator.get(`/beheer/gebruikers/${id}`);
    const first = await coordinator.post(`/beheer/gebruikers/${id}/rollen/${beraad!.id}/verwijderen`, {});
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`/beheer/gebruikers/${id}`);
    expect(await auditRows('membership.remove', id)).toMatchObject([{ outcome: 'success', details: { role: 'beraadslid' } }]);
    const [last] = await membershipsOf(id);
    await coordinator.get(`/beheer/gebruikers/${id}`);
    const second = await coordinator.post(`/beheer/gebruikers/${id}/rollen/${last!.id}/verwijderen`, {});
    expect(second.headers.location).toBe('/beheer/gebruikers');
    expect(await membershipsOf(id)).toEqual([]);
    expect((await coordinator.get(`/beheer/gebruikers/${id}`)).statusCode).toBe(404);
    expect((await admin.get(`/beheer/gebruikers/${id}`)).body).toContain('Geen rollen.');
  });

  it('nobody removes the role they are working in, nor disables themselves', async () => {
    const self = await userId('coordinator.amsterdam@werkcentrum.example');
    const page = await coordinator.get(`/beheer/gebruikers/${self}`);
    expect(page.body).toContain('Je kunt jezelf niet uitschakelen.');
    const [own] = await membershipsOf(self);
    expect((await coordinator.post(`/beheer/gebruikers/${self}/rollen/${own!.id}/verwijderen`, {})).statusCode).toBe(403);
    expect((await coordinator.post(`/beheer/gebruikers/${self}/uitschakelen`, {})).statusCode).toBe(403);
    expect(await membershipsOf(self)).toHaveLength(1);
  });
});

describe('disabling a user', () => {
  it('ends all their sessions at once, blocks login, and is audited; enabling lets them in again', async () => {
    const email = 'gids.amsterdam@werkcentrum.example';
    const id = await userId(email);
    const guide = new Agent(t.app);
    await guide.login(email);
    const sessions = () => db().selectFrom('sessions').select('id_hash').where('user_id', '=', id).execute();
    expect(await sessions()).toHaveLength(1);

    await coordinator.get(`/beheer/gebruikers/${id}`);
    const response = await coordinator.post(`/beheer/gebruikers/${id}/uitschakelen`, {});
    expect(response.statusCode).toBe(303);
    expect(await sessions()).toEqual([]);
    expect((await db().selectFrom('users').select('disabled_at').where('id', '=', id).executeTakeFirstOrThrow()).disabled_at).toBeInstanceOf(Date);
    expect(await auditRows('user.disable', id)).toMatchObject([{ outcome: 'success' }]);
    const ended = await db().selectFrom('processing_log').select('processing_activity_id').where('name', '=', 'sessions.delete').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(ended.processing_activity_id).toBe('account-management');

    const afterwards = await guide.get('/werkplek');
    expect(afterwards.statusCode).toBe(303);
    expect(afterwards.headers.location).toMatch(/^\/inloggen/);
    await expect(new Agent(t.app).login(email)).rejects.toThrow(/password step failed: 401/);

    const list = await coordinator.get('/beheer/gebruikers');
    expect(list.body).toContain('Uitgeschakeld');

    await coordinator.get(`/beheer/gebruikers/${id}`);
    expect((await coordinator.post(`/beheer/gebruikers/${id}/inschakelen`, {})).statusCode).toBe(303);
    expect(await auditRows('user.enable', id)).toMatchObject([{ outcome: 'success' }]);
    expect((await new Agent(t.app).login(email)).statusCode).toBe(200);
  });
});
