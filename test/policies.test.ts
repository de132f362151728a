import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { asOwner, createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { buildContactRequest, buildLocation, buildOrganisation, buildReferral, buildService, buildUser, type BuiltOrganisation, type BuiltUser } from './factories.ts';
import { anonymous, withActor, type Actor, type Tx } from '../src/platform/db/tenancy.ts';
import { newTrace } from '../src/platform/http/trace.ts';
import { ROLES } from '../src/platform/db/schema.ts';
import type { ActivityId } from '../src/platform/privacy/register.ts';
import { locationPolicy, reviewPolicy, servicePolicy } from '../src/modules/catalogue/catalogue.policy.ts';
import { accountPolicy, membershipPolicy, organisationPolicy } from '../src/modules/organisations/organisations.policy.ts';
import { clientPolicy, contactPolicy, referralPolicy, subjectRequestPolicy } from '../src/modules/referrals/referrals.policy.ts';
import type { ReferralStatus } from '../src/platform/db/schema.ts';
import { catalogueImportPolicy } from '../src/modules/opendata/imports.policy.ts';

// Every policy says what row-level security says, for every role: for each actor (anonymous, and
// each role at one organisation in Twente) and each record of a small world built for it, the
// policy's answer equals whether the database lets that actor write the record. A rule changed in
// one place only (a policy, a migration) makes this test fail and names the actor and record.
//
// The world: organisation A active in Twente (AM05) and Groot Amsterdam (AM18), organisation B in
// Twente only, the platform's own organisation; their services and locations; and people in both
// regions, with and without an oversight role.

let db: TestDatabase;
let orgA: BuiltOrganisation;
let orgB: BuiltOrganisation;
let platformOrg: BuiltOrganisation;
const actors: { label: string; actor: Actor }[] = [];
let guideTwente: BuiltUser;
let guideAmsterdam: BuiltUser;
let privacyOfficer: BuiltUser;
let platformAdmin: BuiltUser;

class Rollback extends Error {
  constructor(readonly affected: number) {
    super('rollback');
  }
}

/** Whether the database lets the actor run the write: rows affected (then rolled back), no refusal. */
async function databaseAllows(actor: Actor, activity: ActivityId, write: (tx: Tx) => Promise<number>): Promise<boolean> {
  try {
    await withActor(db, { actor, trace: newTrace(), activity }, async (tx) => {
      throw new Rollback(await write(tx));
    });
    throw new Error('unreachable');
  } catch (error) {
    if (error instanceof Rollback) return error.affected > 0;
    if ((error as { code?: string }).code === '42501') return false;
    throw error;
  }
}

const affected = (result: { numAffectedRows?: bigint }) => Number(result.numAffectedRows ?? 0n);

beforeAll(async () => {
  db = await createTestDatabase();
  [orgA, orgB, platformOrg] = await Promise.all([
    buildOrganisation(db, { regions: ['AM05', 'AM18'] }),
    buildOrganisation(db, { regions: ['AM05'] }),
    buildOrganisation(db, { kind: 'platform', regions: ['AM05'] }),
  ]);
  actors.push({ label: 'anonymous', actor: anonymous });
  for (const role of ROLES) {
    const user = await buildUser(db, { password: null, memberships: [{ organisation: role === 'platformbeheerder' ? platformOrg : orgA, region: 'AM05', role }] });
    actors.push({ label: role, actor: user.actor });
  }
  [guideTwente, guideAmsterdam, privacyOfficer, platformAdmin] = await Promise.all([
    buildUser(db, { password: null, memberships: [{ organisation: orgB, region: 'AM05', role: 'gidsfunctionaris' }] }),
    buildUser(db, { password: null, memberships: [{ organisation: orgA, region: 'AM18', role: 'gidsfunctionaris' }] }),
    // A privacy officer in Amsterdam who also guides in Twente: out of Twente's coordinator's reach.
    buildUser(db, {
      password: null,
      memberships: [
        { organisation: orgA, region: 'AM05', role: 'gidsfunctionaris' },
        { organisation: orgA, region: 'AM18', role: 'privacy_officer' },
      ],
    }),
    buildUser(db, { password: null, memberships: [{ organisation: platformOrg, region: 'AM05', role: 'platformbeheerder' }] }),
  ]);
}, 120_000);
afterAll(async () => db?.destroy());

/** Each mismatch as "actor → record: policy says …, the database …", so a failure names them all. */
function mismatches(results: { actor: string; record: string; policy: boolean; database: boolean }[]): string[] {
  return results
    .filter((r) => r.policy !== r.database)
    .map((r) => `${r.actor} → ${r.record}: the policy says ${r.policy ? 'yes' : 'no'}, the database ${r.database ? 'allows it' : 'refuses'}`);
}

describe('the catalogue policies and row-level security', () => {
  it('agree on who edits which service', async () => {
    const services = [
      { label: 'A in Twente', organisation: () => orgA, regionCode: 'AM05' },
      { label: 'A national', organisation: () => orgA, regionCode: null },
      { label: 'A in Amsterdam', organisation: () => orgA, regionCode: 'AM18' },
      { label: 'B in Twente', organisation: () => orgB, regionCode: 'AM05' },
    ];
    const built = await Promise.all(services.map((s) => buildService(db, s.organisation(), { regionCode: s.regionCode })));
    const results = [];
    for (const { label, actor } of actors) {
      for (const [index, service] of services.entries()) {
        const record = { organisationId: service.organisation().id, regionCode: service.regionCode };
        results.push({
          actor: label,
          record: `service of ${service.label}`,
          policy: servicePolicy.can(actor, 'edit', record),
          database: await databaseAllows(actor, 'catalogue-maintenance', async (tx) =>
            affected(await sql`update services set wait_time = 'policy-test' where id = ${built[index]!.id}`.execute(tx)),
          ),
        });
      }
    }
    expect(mismatches(results)).toEqual([]);
    // The world is not trivial: some actors may, some may not.
    expect(results.some((r) => r.policy) && results.some((r) => !r.policy)).toBe(true);
  });

  it('agree on who edits which location', async () => {
    const locations = [
      { label: 'A in Enschede', organisation: () => orgA, municipality: 'GM0153', regionCode: 'AM05' },
      { label: 'A in Amsterdam', organisation: () => orgA, municipality: 'GM0363', regionCode: 'AM18' },
      { label: 'B in Enschede', organisation: () => orgB, municipality: 'GM0153', regionCode: 'AM05' },
    ];
    const built = await Promise.all(locations.map((l) => buildLocation(db, l.organisation(), { municipalityCode: l.municipality })));
    const results = [];
    for (const { label, actor } of actors) {
      for (const [index, location] of locations.entries()) {
        results.push({
          actor: label,
          record: `location of ${location.label}`,
          policy: locationPolicy.can(actor, 'edit', { organisationId: location.organisation().id, regionCode: location.regionCode }),
          database: await databaseAllows(actor, 'catalogue-maintenance', async (tx) =>
            affected(await sql`update locations set accessibility = 'policy-test' where id = ${built[index]!.id}`.execute(tx)),
          ),
        });
      }
    }
    expect(mismatches(results)).toEqual([]);
  });
});

describe('the administration policies and row-level security', () => {
  it('agree on who edits which organisation', async () => {
    const organisations = [
      { label: 'A (Twente, Amsterdam)', organisation: () => orgA },
      { label: 'B (Twente)', organisation: () => orgB },
      { label: 'the platform', organisation: () => platformOrg },
    ];
    const results = [];
    for (const { label, actor } of actors) {
      for (const { label: record, organisation } of organisations) {
        const org = organisation();
        results.push({
          actor: label,
          record,
          policy: organisationPolicy.can(actor, 'edit', { kind: org === platformOrg ? 'platform' : 're_integratiebedrijf', regionCodes: org.regions }),
          database: await databaseAllows(actor, 'account-management', async (tx) =>
            affected(await sql`update organisations set website = 'https://policy.example' where id = ${org.id}`.execute(tx)),
          ),
        });
      }
    }
    expect(mismatches(results)).toEqual([]);
  });

  it('agree on whose account each actor changes', async () => {
    const accounts = [
      { label: 'a guide in Twente', user: () => guideTwente, regionCodes: ['AM05'], oversight: false },
      { label: 'a guide in Amsterdam', user: () => guideAmsterdam, regionCodes: ['AM18'], oversight: false },
      { label: 'a privacy officer guiding in Twente', user: () => privacyOfficer, regionCodes: ['AM05', 'AM18'], oversight: true },
      { label: 'a platform administrator', user: () => platformAdmin, regionCodes: ['AM05'], oversight: true },
    ];
    const results = [];
    for (const { label, actor } of actors) {
      for (const account of accounts) {
        const user = account.user();
        // Changing one's own name is the profile, not administration: the policy is about others.
        if (actor.kind === 'user' && actor.userId === user.id) continue;
        results.push({
          actor: label,
          record: account.label,
          policy: accountPolicy.can(actor, 'edit', { regionCodes: account.regionCodes, holdsOversightRole: account.oversight }),
          database: await databaseAllows(actor, 'account-management', async (tx) =>
            affected(await sql`update users set name = 'Policy Test' where id = ${user.id}`.execute(tx)),
          ),
        });
      }
    }
    expect(mismatches(results)).toEqual([]);
  });

  it('agree on who grants which role in which region, to someone else and to themselves', async () => {
    const results = [];
    for (const { label, actor } of actors) {
      const self = actor.kind === 'user' ? actor.userId : null;
      const targets = [
        { label: 'a guide in Twente', userId: guideTwente.id },
        ...(self ? [{ label: 'themselves', userId: self }] : []),
      ];
      for (const target of targets) {
        for (const regionCode of ['AM05', 'AM18']) {
          for (const role of ROLES) {
            results.push({
              actor: label,
              record: `${role} in ${regionCode} for ${target.label}`,
              policy: membershipPolicy.can(actor, 'grant', { userId: target.userId, regionCode, role }),
              database: await databaseAllows(actor, 'account-management', async (tx) => {
                const inserted = await tx
                  .insertInto('memberships')
                  .values({ id: randomUUID(), user_id: target.userId, organisation_id: orgA.id, region_code: regionCode, role })
                  .onConflict((oc) => oc.doNothing())
                  .executeTakeFirst();
                return Number(inserted.numInsertedOrUpdatedRows ?? 0n);
              }),
            });
          }
        }
      }
    }
    expect(mismatches(results)).toEqual([]);
  });

  it('agree on who takes which role away', async () => {
    const memberships = [
      { label: 'a guide’s role in Twente', user: () => guideTwente, index: 0 },
      { label: 'a guide’s role in Amsterdam', user: () => guideAmsterdam, index: 0 },
      { label: 'a privacy officer’s guide role in Twente', user: () => privacyOfficer, index: 0 },
      { label: 'a privacy officer’s role in Amsterdam', user: () => privacyOfficer, index: 1 },
      { label: 'a platform administrator’s role', user: () => platformAdmin, index: 0 },
    ];
    const results = [];
    for (const { label, actor } of actors) {
      for (const { label: record, user, index } of memberships) {
        const membership = user().memberships[index]!;
        // The database's rule is per account: a coordinator never touches an overseer's roles.
        const policy =
          membershipPolicy.can(actor, 'remove', { id: membership.id, userId: user().id, regionCode: membership.regionCode, role: membership.role }) &&
          accountPolicy.can(actor, 'edit', { regionCodes: user().memberships.map((m) => m.regionCode), holdsOversightRole: user() === privacyOfficer || user() === platformAdmin });
        results.push({
          actor: label,
          record,
          policy,
          database: await databaseAllows(actor, 'account-management', async (tx) =>
            affected(await sql`delete from memberships where id = ${membership.id}`.execute(tx)),
          ),
        });
      }
    }
    expect(mismatches(results)).toEqual([]);
  });
});

describe('the referral policies and row-level security', () => {
  // Referrals in Twente from B's guides: to A (the organisation of the partner actor), to B, and one
  // in Amsterdam to A; each act is tried from the status it starts from.
  const ACTS = [
    { act: 'accept', from: 'verzonden', set: sql`status = 'geaccepteerd'` },
    { act: 'decline', from: 'ontvangen', set: sql`status = 'afgewezen', decline_reason = 'geen-plek'` },
    { act: 'start', from: 'geaccepteerd', set: sql`status = 'in-behandeling'` },
    { act: 'complete', from: 'in-behandeling', set: sql`status = 'afgerond', outcome = 'hulp-gestart'` },
    { act: 'withdraw', from: 'geaccepteerd', set: sql`status = 'ingetrokken'` },
  ] as const;
  const RECIPIENTS = [
    { label: 'to A in Twente', recipient: () => orgA, regionCode: 'AM05' },
    { label: 'to B in Twente', recipient: () => orgB, regionCode: 'AM05' },
    { label: 'to A in Amsterdam', recipient: () => orgA, regionCode: 'AM18' },
  ];

  it('agree on who reads which referral, and on who may take each step of it', async () => {
    const results = [];
    for (const { act, from, set } of ACTS) {
      for (const target of RECIPIENTS) {
        const referral = await buildReferral(db, { guideOrganisation: orgB, recipient: target.recipient(), regionCode: target.regionCode, status: from as ReferralStatus });
        const record = { regionCode: target.regionCode, recipientOrganisationId: target.recipient().id, status: from as ReferralStatus };
        for (const { label, actor } of actors) {
          results.push({
            actor: label,
            record: `${act} a referral ${target.label} (${from})`,
            policy: referralPolicy.can(actor, act, record),
            database: await databaseAllows(actor, 'referrals', async (tx) => affected(await sql`update referrals set ${set} where id = ${referral.id}`.execute(tx))),
          });
          if (act === 'accept') {
            results.push({
              actor: label,
              record: `view a referral ${target.label}`,
              policy: referralPolicy.can(actor, 'view', record),
              database: await databaseAllows(actor, 'referrals', async (tx) => (await sql`select id from referrals where id = ${referral.id}`.execute(tx)).rows.length),
            });
          }
        }
      }
    }
    expect(mismatches(results)).toEqual([]);
    expect(results.some((r) => r.policy) && results.some((r) => !r.policy)).toBe(true);
  });

  it('agree on whose privacy officer erases which client record', async () => {
    const results = [];
    for (const organisation of [orgA, orgB]) {
      for (const { label, actor } of actors) {
        const { clientId } = await buildReferral(db, { guideOrganisation: organisation, recipient: orgB });
        results.push({
          actor: label,
          record: `a client record made by ${organisation === orgA ? 'A' : 'B'}`,
          policy: subjectRequestPolicy.can(actor, 'erase', { organisationId: organisation.id }),
          database: await databaseAllows(actor, 'subject-requests', async (tx) =>
            affected(await sql`update clients set given_name = null, name_key = null, email = null, erased_at = now() where id = ${clientId}`.execute(tx)),
          ),
        });
      }
    }
    expect(mismatches(results)).toEqual([]);
    expect(results.some((r) => r.policy)).toBe(true);
  });

  it('agree on who keeps which client record', async () => {
    const results = [];
    for (const regionCode of ['AM05', 'AM18']) {
      const { clientId } = await buildReferral(db, { guideOrganisation: orgB, recipient: orgA, regionCode });
      for (const { label, actor } of actors) {
        results.push({
          actor: label,
          record: `a client record in ${regionCode}`,
          policy: clientPolicy.can(actor, 'edit', { regionCode }),
          database: await databaseAllows(actor, 'client-records', async (tx) =>
            affected(await sql`update clients set last_activity_at = now() where id = ${clientId}`.execute(tx)),
          ),
        });
      }
    }
    expect(mismatches(results)).toEqual([]);
  });
});

describe('the contact policies and row-level security', () => {
  it('agree on who reads which contact, who takes it on and who gives it to someone else', async () => {
    // Someone no actor is: a guide of A in Twente, to give contacts to.
    const assignee = await buildUser(db, { password: null, memberships: [{ organisation: orgA, region: 'AM05', role: 'gidsfunctionaris' }] });
    const results = [];
    for (const regionCode of ['AM05', 'AM18']) {
      for (const handledBy of [null, regionCode === 'AM05' ? guideTwente : guideAmsterdam]) {
        const label = `a contact in ${regionCode}, ${handledBy ? 'handled by a colleague' : 'handled by no one'}`;
        const record = { regionCode, status: handledBy ? ('in-behandeling' as const) : ('nieuw' as const), handledBy: handledBy?.id ?? null, erased: false };
        for (const { label: who, actor } of actors) {
          const { id } = await buildContactRequest(db, { region_code: regionCode, handled_by: handledBy?.id ?? null, status: record.status });
          results.push(
            {
              actor: who,
              record: `read ${label}`,
              // Besides the region's guides: the privacy officer of an organisation with guides in the
              // region, for a person's request (…T0023); orgA has guides in both regions of this world.
              policy: contactPolicy.can(actor, 'handle', record) || subjectRequestPolicy.can(actor, 'search', { organisationId: orgA.id }),
              database: await databaseAllows(actor, 'contact-requests', async (tx) => (await sql`select id from contact_requests where id = ${id}`.execute(tx)).rows.length),
            },
            {
              actor: who,
              record: `take on ${label}`,
              // Taking it on is claiming what is free, or (the coordinator) giving it to oneself.
              policy: contactPolicy.can(actor, 'claim', record) || contactPolicy.can(actor, 'assign', record),
              database: await databaseAllows(actor, 'contact-requests', async (tx) => affected(await sql`update contact_requests set handled_by = app_user_id() where id = ${id}`.execute(tx))),
            },
            {
              actor: who,
              record: `give ${label} to a guide of A in Twente`,
              policy: contactPolicy.can(actor, 'assign', record) && regionCode === 'AM05',
              database: await databaseAllows(actor, 'contact-requests', async (tx) => affected(await sql`update contact_requests set handled_by = ${assignee.id} where id = ${id}`.execute(tx))),
            },
          );
        }
      }
    }
    expect(mismatches(results)).toEqual([]);
    expect(results.some((r) => r.policy) && results.some((r) => !r.policy)).toBe(true);
  });
});

describe('the import policy and row-level security', () => {
  it('agree on who uploads, reads and applies a region’s catalogue import', async () => {
    const results = [];
    const everyone = [...actors, { label: 'platform administrator', actor: platformAdmin.actor }];
    for (const regionCode of ['AM05', 'AM18']) {
      for (const { label: who, actor } of everyone) {
        const userId = actor.kind === 'user' ? actor.userId : null;
        let id = '';
        await asOwner(db, 'catalogue-maintenance', async (tx) => {
          id = (await sql<{ id: string }>`insert into catalogue_imports (region_code, file_name, status) values (${regionCode}, 'kaart.json', 'gecontroleerd') returning id`.execute(tx)).rows[0]!.id;
        });
        results.push(
          {
            actor: who,
            record: `upload for ${regionCode}`,
            policy: catalogueImportPolicy.can(actor, 'upload', { regionCode }),
            database: await databaseAllows(actor, 'catalogue-maintenance', async (tx) =>
              affected(await sql`insert into catalogue_imports (region_code, file_name, created_by) values (${regionCode}, 'kaart.json', ${userId})`.execute(tx)),
            ),
          },
          {
            actor: who,
            record: `read an import of ${regionCode}`,
            policy: catalogueImportPolicy.can(actor, 'read', { regionCode }),
            database: await databaseAllows(actor, 'catalogue-maintenance', async (tx) => (await sql`select id from catalogue_imports where id = ${id}`.execute(tx)).rows.length),
          },
          {
            actor: who,
            record: `apply a checked import of ${regionCode}`,
            policy: catalogueImportPolicy.can(actor, 'apply', { regionCode }),
            database: await databaseAllows(actor, 'catalogue-maintenance', async (tx) => affected(await sql`update catalogue_imports set status = 'toepassen' where id = ${id}`.execute(tx))),
          },
        );
      }
    }
    expect(mismatches(results)).toEqual([]);
    expect(results.some((r) => r.policy) && results.some((r) => !r.policy)).toBe(true);
  });
});

describe('the publication review policy and row-level security', () => {
  it('agree on who chooses approval first for a region and who rejects a waiting request', async () => {
    const results = [];
    const everyone = [...actors, { label: 'platform administrator', actor: platformAdmin.actor }];
    for (const regionCode of ['AM05', 'AM18']) {
      const service = await buildService(db, orgA, { regionCode, areaCodes: [regionCode] });
      for (const { label: who, actor } of everyone) {
        const userId = actor.kind === 'user' ? actor.userId : null;
        await asOwner(db, 'catalogue-maintenance', async (tx) => {
          await sql`insert into service_review_requests (service_id, organisation_id, region_code, form, base_version, was_published)
            values (${service.id}, ${orgA.id}, ${regionCode}, '{}', 1, true)
            on conflict (service_id) do update set status = 'ter-controle', reason = null`.execute(tx);
        });
        results.push(
          {
            actor: who,
            record: `choose approval first for ${regionCode}`,
            policy: reviewPolicy.can(actor, 'configure', { regionCode }),
            database: await databaseAllows(actor, 'catalogue-maintenance', async (tx) =>
              affected(
                await sql`insert into region_catalogue_settings (region_code, review_before_publish) values (${regionCode}, true)
                  on conflict (region_code) do update set review_before_publish = true`.execute(tx),
              ),
            ),
          },
          {
            actor: who,
            record: `reject a request in ${regionCode}`,
            policy: reviewPolicy.can(actor, 'decide', { regionCode }),
            database: await databaseAllows(actor, 'catalogue-maintenance', async (tx) =>
              affected(
                await sql`update service_review_requests set status = 'afgewezen', reason = 'Vul de wachttijd in.', decided_by = ${userId}
                  where service_id = ${service.id}`.execute(tx),
              ),
            ),
          },
        );
      }
    }
    expect(mismatches(results)).toEqual([]);
    expect(results.some((r) => r.policy) && results.some((r) => !r.policy)).toBe(true);
  });
});
