import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { buildOrganisation, buildUser, type BuiltOrganisation, type BuiltUser } from '../../../test/factories.ts';
import { withActor, type Actor, type Tx } from '../../platform/db/tenancy.ts';
import { newTrace } from '../../platform/http/trace.ts';
import type { Role } from '../../platform/db/schema.ts';

// Who may grant which role to whom (issue 11, finding 1a). A coordinator once gave their own
// account the privacy officer role at an organisation that is also active in another region, and
// then read that region's audit log. The rules: nobody grants a role to themselves; a coordinator
// grants only in their own region and never the privacy officer or platform role; only a platform
// administrator grants those. The admin pages answer with a field error and an audit entry; the
// database refuses the same inserts (migration T0012) when they come straight from wc_app.

let t: TestApp;
let home: BuiltOrganisation;
/** Active in the coordinator's region and in another one: the stepping stone of the finding. */
let bridge: BuiltOrganisation;
let coordinator: BuiltUser;
let colleague: BuiltUser;
let admin: BuiltUser;

beforeAll(async () => {
  t = await createTestApp({ demo: false });
  home = await buildOrganisation(t.db, { kind: 'gemeente', regions: ['AM18'] });
  bridge = await buildOrganisation(t.db, { regions: ['AM18', 'AM05'] });
  const platform = await buildOrganisation(t.db, { kind: 'platform', regions: ['AM18'] });
  coordinator = await buildUser(t.db, { memberships: [{ organisation: home, role: 'regiocoordinator' }] });
  colleague = await buildUser(t.db, { memberships: [{ organisation: home, role: 'gidsfunctionaris' }] });
  admin = await buildUser(t.db, { memberships: [{ organisation: platform, role: 'platformbeheerder' }] });
});
afterAll(async () => t?.close());

const db = () => t.db.kysely;
const rolesOf = async (user: BuiltUser) =>
  (await db().selectFrom('memberships').select(['organisation_id', 'region_code', 'role']).where('user_id', '=', user.id).execute())
    .map((m) => `${m.role}@${m.organisation_id === bridge.id ? 'bridge' : m.organisation_id === home.id ? 'home' : 'platform'}/${m.region_code}`)
    .sort();
const deniedGrants = (target: BuiltUser) =>
  db()
    .selectFrom('audit_log')
    .select(['actor_user_id', 'details'])
    .where('action', '=', 'membership.add')
    .where('target_id', '=', target.id)
    .where('outcome', '=', 'denied')
    .orderBy('id')
    .execute();

async function signedIn(user: BuiltUser): Promise<Agent> {
  const agent = new Agent(t.app);
  await agent.login(user);
  return agent;
}

describe('granting roles on the admin pages', () => {
  let asCoordinator: Agent;
  let asAdmin: Agent;
  beforeAll(async () => {
    asCoordinator = await signedIn(coordinator);
    asAdmin = await signedIn(admin);
  });

  it('a coordinator cannot give themselves a role, not even in their own region: a field error, an audit entry, no membership', async () => {
    const before = await rolesOf(coordinator);
    const page = await asCoordinator.get(`/beheer/gebruikers/${coordinator.id}`);
    expect(page.statusCode).toBe(200);
    // The own page offers no form to add a role, and says why.
    expect(page.body).not.toContain(`action="/beheer/gebruikers/${coordinator.id}/rollen"`);
    expect(page.body).toContain('Je kunt jezelf geen rol geven.');
    for (const role of ['privacy_officer', 'beraadslid'] as const) {
      const response = await asCoordinator.post(`/beheer/gebruikers/${coordinator.id}/rollen`, { organisation: bridge.id, region: 'AM18', role });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('Je kunt jezelf geen rol geven.');
      expect(response.body).toContain('id="veld-role-error"');
    }
    expect(await rolesOf(coordinator)).toEqual(before);
    expect((await deniedGrants(coordinator)).map((row) => row.details)).toEqual([
      { role: 'privacy_officer', reason: 'self' },
      { role: 'beraadslid', reason: 'self' },
    ]);
  });

  it('a coordinator is not offered the privacy officer role, and posting it is a field error with an audit entry', async () => {
    const page = await asCoordinator.get(`/beheer/gebruikers/${colleague.id}`);
    expect(page.body).toContain('<option value="beraadslid"');
    expect(page.body).not.toContain('<option value="privacy_officer"');
    expect(page.body).not.toContain('<option value="platformbeheerder"');
    const response = await asCoordinator.post(`/beheer/gebruikers/${colleague.id}/rollen`, { organisation: bridge.id, region: 'AM18', role: 'privacy_officer' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Deze rol mag je niet toekennen.');
    expect(await rolesOf(colleague)).toEqual(['gidsfunctionaris@home/AM18']);
    expect(await deniedGrants(colleague)).toMatchObject([{ actor_user_id: coordinator.id, details: { role: 'privacy_officer', reason: 'role' } }]);
  });

  it('nor can a coordinator create an account with the privacy officer role', async () => {
    await asCoordinator.get('/beheer/gebruikers/nieuw');
    const response = await asCoordinator.post('/beheer/gebruikers/nieuw', {
      name: 'Tweede Ik',
      email: `tweede-${randomUUID()}@werkcentrum.example`,
      language: 'nl',
      organisation: bridge.id,
      region: 'AM18',
      role: 'privacy_officer',
      password: 'Tijdelijk-wachtwoord-42',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Deze rol mag je niet toekennen.');
    expect(response.body).not.toContain('<option value="privacy_officer"');
  });

  it('a platform administrator grants the privacy officer role to someone else, but nothing to themselves', async () => {
    const page = await asAdmin.get(`/beheer/gebruikers/${colleague.id}`);
    expect(page.body).toContain('<option value="privacy_officer"');
    const granted = await asAdmin.post(`/beheer/gebruikers/${colleague.id}/rollen`, { organisation: bridge.id, region: 'AM05', role: 'privacy_officer' });
    expect(granted.statusCode).toBe(303);
    expect(await rolesOf(colleague)).toEqual(['gidsfunctionaris@home/AM18', 'privacy_officer@bridge/AM05']);

    await asAdmin.get(`/beheer/gebruikers/${admin.id}`);
    const own = await asAdmin.post(`/beheer/gebruikers/${admin.id}/rollen`, { organisation: bridge.id, region: 'AM05', role: 'privacy_officer' });
    expect(own.statusCode).toBe(400);
    expect(own.body).toContain('Je kunt jezelf geen rol geven.');
    expect(await rolesOf(admin)).toEqual(['platformbeheerder@platform/AM18']);
    expect(await deniedGrants(admin)).toMatchObject([{ details: { role: 'privacy_officer', reason: 'self' } }]);
  });
});

describe('the accounts of those who oversee a region', () => {
  it('a coordinator sees a privacy officer who also works in their region, but cannot disable them, change them or take a role away', async () => {
    const officer = await buildUser(t.db, {
      memberships: [
        { organisation: home, region: 'AM18', role: 'gidsfunctionaris' },
        { organisation: bridge, region: 'AM05', role: 'privacy_officer' },
      ],
    });
    const asCoordinator = await signedIn(coordinator);
    const page = await asCoordinator.get(`/beheer/gebruikers/${officer.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Alleen een platformbeheerder kan dit account wijzigen.');
    expect(page.body).not.toContain(`action="/beheer/gebruikers/${officer.id}/uitschakelen"`);
    const guideRole = officer.memberships[0]!.id;
    const attempts: [string, Record<string, string>][] = [
      [`/beheer/gebruikers/${officer.id}/uitschakelen`, {}],
      [`/beheer/gebruikers/${officer.id}`, { name: 'Overgenomen', email: 'kaper@example.org', language: 'nl' }],
      [`/beheer/gebruikers/${officer.id}/rollen/${guideRole}/verwijderen`, {}],
    ];
    for (const [url, form] of attempts) {
      await asCoordinator.get(`/beheer/gebruikers/${officer.id}`);
      const refused = await asCoordinator.post(url, form);
      expect(refused.statusCode).toBe(403);
    }
    // The same requests work for someone without an oversight role: the refusals above are the rule, not the form.
    const guide = await buildUser(t.db, { memberships: [{ organisation: home, region: 'AM18', role: 'gidsfunctionaris' }] });
    await asCoordinator.get(`/beheer/gebruikers/${guide.id}`);
    expect((await asCoordinator.post(`/beheer/gebruikers/${guide.id}/uitschakelen`, {})).statusCode).toBe(303);
    const account = await db().selectFrom('users').select(['name', 'email', 'disabled_at']).where('id', '=', officer.id).executeTakeFirstOrThrow();
    expect(account).toEqual({ name: officer.name, email: officer.email, disabled_at: null });
    expect(await rolesOf(officer)).toEqual(['gidsfunctionaris@home/AM18', 'privacy_officer@bridge/AM05']);

    // A platform administrator can.
    const asAdmin = await signedIn(admin);
    await asAdmin.get(`/beheer/gebruikers/${officer.id}`);
    expect((await asAdmin.post(`/beheer/gebruikers/${officer.id}/rollen/${guideRole}/verwijderen`, {})).statusCode).toBe(303);
    expect(await rolesOf(officer)).toEqual(['privacy_officer@bridge/AM05']);
  });
});

describe('granting roles in the database, as the attacker’s own role', () => {
  const as = <T>(actor: Actor, work: (tx: Tx) => Promise<T>) => withActor(t.db, { actor, trace: newTrace(), activity: 'account-management' }, work);
  const grant = (actor: Actor, user: BuiltUser, organisation: BuiltOrganisation, region: string, role: Role) =>
    as(actor, (tx) => tx.insertInto('memberships').values({ id: randomUUID(), user_id: user.id, organisation_id: organisation.id, region_code: region, role }).execute());

  it('refuses a coordinator’s insert of a membership for themselves, whatever the role', async () => {
    for (const role of ['privacy_officer', 'beraadslid', 'regiocoordinator'] as const) {
      await expect(grant(coordinator.actor, coordinator, bridge, 'AM18', role)).rejects.toThrow(/row-level security/);
    }
    expect(await rolesOf(coordinator)).toEqual(['regiocoordinator@home/AM18']);
  });

  it('refuses the privacy officer and platform roles from a coordinator, also for someone else', async () => {
    const target = await buildUser(t.db, { memberships: [{ organisation: home, role: 'gidsfunctionaris' }] });
    await expect(grant(coordinator.actor, target, bridge, 'AM18', 'privacy_officer')).rejects.toThrow(/row-level security/);
    await expect(grant(coordinator.actor, target, bridge, 'AM18', 'platformbeheerder')).rejects.toThrow(/row-level security/);
    // Roles of the region's daily work the coordinator still grants.
    await grant(coordinator.actor, target, bridge, 'AM18', 'partnermedewerker');
    expect(await rolesOf(target)).toEqual(['gidsfunctionaris@home/AM18', 'partnermedewerker@bridge/AM18']);
  });

  it('refuses a platform administrator’s own membership too, but lets them grant oversight roles to others', async () => {
    await expect(grant(admin.actor, admin, bridge, 'AM05', 'privacy_officer')).rejects.toThrow(/row-level security/);
    await expect(grant(admin.actor, admin, bridge, 'AM05', 'platformbeheerder')).rejects.toThrow(/row-level security/);
    const target = await buildUser(t.db, { memberships: [{ organisation: home, role: 'gidsfunctionaris' }] });
    await grant(admin.actor, target, bridge, 'AM05', 'privacy_officer');
    expect(await rolesOf(target)).toEqual(['gidsfunctionaris@home/AM18', 'privacy_officer@bridge/AM05']);
  });

  it('refuses every update of a membership: a role or a holder is changed by removing and adding, each checked', async () => {
    const target = await buildUser(t.db, { memberships: [{ organisation: bridge, region: 'AM18', role: 'beraadslid' }] });
    const [membership] = target.memberships;
    // Turning a colleague's role into the privacy officer role, moving it to oneself, or changing one's own.
    await expect(as(coordinator.actor, (tx) => tx.updateTable('memberships').set({ role: 'privacy_officer' }).where('id', '=', membership!.id).execute())).rejects.toThrow(
      /permission denied/,
    );
    await expect(as(coordinator.actor, (tx) => tx.updateTable('memberships').set({ user_id: coordinator.id }).where('id', '=', membership!.id).execute())).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      as(coordinator.actor, (tx) => tx.updateTable('memberships').set({ organisation_id: bridge.id, role: 'privacy_officer' }).where('user_id', '=', coordinator.id).execute()),
    ).rejects.toThrow(/permission denied/);
    await expect(as(admin.actor, (tx) => tx.updateTable('memberships').set({ role: 'privacy_officer' }).where('id', '=', membership!.id).execute())).rejects.toThrow(
      /permission denied/,
    );
    expect(await rolesOf(target)).toEqual(['beraadslid@bridge/AM18']);
    expect(await rolesOf(coordinator)).toEqual(['regiocoordinator@home/AM18']);
  });

  it('lets a coordinator give up one of their own roles: taking a role away is never an escalation', async () => {
    const twoHats = await buildUser(t.db, {
      memberships: [
        { organisation: home, role: 'regiocoordinator' },
        { organisation: bridge, region: 'AM18', role: 'beraadslid' },
      ],
    });
    const [active, other] = twoHats.memberships;
    const removed = await as(twoHats.actor, (tx) => tx.deleteFrom('memberships').where('id', '=', other!.id).executeTakeFirst());
    expect(Number(removed.numDeletedRows)).toBe(1);
    expect(active!.role).toBe('regiocoordinator');
  });

  it('leaves the owner (seeding, operators) unaffected', async () => {
    const officer = await buildUser(t.db, { memberships: [{ organisation: bridge, region: 'AM05', role: 'privacy_officer' }] });
    expect(await rolesOf(officer)).toEqual(['privacy_officer@bridge/AM05']);
  });
});
