import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { actorFor, createTestDatabase, type TestDatabase } from '../../../../test/helpers/db.ts';
import { anonymous, withActor, type Actor, type Tx } from '../../../platform/db/tenancy.ts';
import { newTrace } from '../../../platform/http/trace.ts';

// Row-level security of the catalogue, at the database: queries without any tenant filter, as a bug
// in a service would send them, still reach only what the actor may edit (migration 0004).

let db: TestDatabase;
let partner: Actor;
let coordinatorTwente: Actor;
let coordinatorAmsterdam: Actor;
let guide: Actor;

beforeAll(async () => {
  db = await createTestDatabase({ catalogue: true });
  [partner, coordinatorTwente, coordinatorAmsterdam, guide] = await Promise.all([
    actorFor(db, 'partner.amsterdam@werkcentrum.example'),
    actorFor(db, 'coordinator.twente@werkcentrum.example'),
    actorFor(db, 'coordinator.amsterdam@werkcentrum.example'),
    actorFor(db, 'gids.amsterdam@werkcentrum.example'),
  ]);
});
afterAll(async () => db?.destroy());

const as = <T>(actor: Actor, work: (tx: Tx) => Promise<T>) => withActor(db, { actor, trace: newTrace(), activity: 'catalogue-maintenance' }, work);
const idOf = async (key: string) => (await db.kysely.selectFrom('services').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;
const nameOf = async (key: string) => (await db.kysely.selectFrom('services').select('name').where('key', '=', key).executeTakeFirstOrThrow()).name;

describe('services', () => {
  it('lets a partner change only their organisation’s services in their region, even with an unfiltered update', async () => {
    const { organisationId } = (partner as Extract<Actor, { kind: 'user' }>).membership!;
    const changed = await as(partner, async (tx) => {
      const result = await sql`update services set wait_time = 'rls-test'`.execute(tx);
      return Number(result.numAffectedRows);
    });
    const rows = await db.kysely.selectFrom('services').select(['organisation_id', 'region_code', 'key']).where('wait_time', '=', 'rls-test').execute();
    expect(changed).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.organisation_id === organisationId && (row.region_code === 'AM18' || row.region_code === null))).toBe(true);
    expect(rows.map((row) => row.key)).toContain('sollicitatietraining');
    // The same organisation in Twente, and another organisation in Amsterdam, are untouched.
    expect(rows.map((row) => row.key)).not.toContain('sollicitatietraining-de-wissel');
    expect(rows.map((row) => row.key)).not.toContain('inloop-werkcentrum');
  });

  it('refuses a partner’s update of another organisation’s service by id, and an insert for another organisation', async () => {
    const target = await idOf('inloop-werkcentrum');
    const before = await nameOf('inloop-werkcentrum');
    const affected = await as(partner, async (tx) => Number((await sql`update services set name = 'Overgenomen' where id = ${target}`.execute(tx)).numAffectedRows));
    expect(affected).toBe(0);
    expect(await nameOf('inloop-werkcentrum')).toBe(before);
    const otherOrg = (await db.kysely.selectFrom('services').select('organisation_id').where('id', '=', target).executeTakeFirstOrThrow()).organisation_id;
    await expect(
      as(partner, (tx) =>
        sql`insert into services (key, organisation_id, region_code, name, summary, description, audiences, themes, eligibility, cost_free,
            languages, delivery_modes, area_kind, area_codes, access, application_process, review_interval_days, last_reviewed)
          values ('rls-insert', ${otherOrg}, 'AM18', 'Namaak', 'Een dienst op naam van een ander.', 'Een dienst op naam van een ander.',
            '{werkzoekende}', '{solliciteren}', 'Voor iedereen die dit test.', true, '{nl}', '{online}', 'regions', '{AM18}', '{direct}',
            'Zo meld je je aan voor de test.', 180, current_date)`.execute(tx),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    // Deleting a published service is refused too: it is archived, not deleted.
    const deleted = await as(partner, async (tx) => Number((await sql`delete from services where key = 'sollicitatietraining'`.execute(tx)).numAffectedRows));
    expect(deleted).toBe(0);
  });

  it('keeps a coordinator of Twente away from Groot Amsterdam, and lets them moderate Twente', async () => {
    const amsterdam = await idOf('sollicitatietraining');
    const twente = await idOf('sollicitatietraining-de-wissel');
    const [a, b] = await as(coordinatorTwente, async (tx) => [
      Number((await sql`update services set capacity = 'vol' where id = ${amsterdam}`.execute(tx)).numAffectedRows),
      Number((await sql`update services set capacity = 'vol' where id = ${twente}`.execute(tx)).numAffectedRows),
    ]);
    expect([a, b]).toEqual([0, 1]);
    // A concept in Amsterdam is not even visible to Twente's coordinator.
    const seen = await as(coordinatorTwente, (tx) => tx.selectFrom('services').select('key').where('key', '=', 'loopbaancheck-zzp').execute());
    expect(seen).toEqual([]);
    const seenByOwnCoordinator = await as(coordinatorAmsterdam, (tx) => tx.selectFrom('services').select('key').where('key', '=', 'loopbaancheck-zzp').execute());
    expect(seenByOwnCoordinator).toEqual([{ key: 'loopbaancheck-zzp' }]);
  });

  it('shows the public and a guide only published services', async () => {
    for (const actor of [anonymous, guide]) {
      const statuses = await withActor(db, { actor, trace: newTrace() }, (tx) => tx.selectFrom('services').select('status').distinct().execute());
      expect(statuses).toEqual([{ status: 'gepubliceerd' }]);
      const concept = await withActor(db, { actor, trace: newTrace() }, (tx) => tx.selectFrom('services').select('id').where('key', '=', 'loopbaancheck-zzp').execute());
      expect(concept).toEqual([]);
      const updated = await withActor(db, { actor, trace: newTrace() }, async (tx) => Number((await sql`update services set capacity = 'vol'`.execute(tx)).numAffectedRows));
      expect(updated).toBe(0);
    }
  });
});

describe('service history', () => {
  it('is readable only by the service’s editors', async () => {
    const total = Number((await sql<{ n: number }>`select count(*)::int as n from service_history`.execute(db.kysely)).rows[0]!.n);
    expect(total).toBeGreaterThan(0);
    const anonymousRows = await withActor(db, { actor: anonymous, trace: newTrace() }, (tx) => tx.selectFrom('service_history').select('id').execute());
    const guideRows = await as(guide, (tx) => tx.selectFrom('service_history').select('id').execute());
    expect(anonymousRows).toEqual([]);
    expect(guideRows).toEqual([]);
    const { organisationId } = (partner as Extract<Actor, { kind: 'user' }>).membership!;
    const partnerRows = await as(partner, (tx) => tx.selectFrom('service_history').select(['organisation_id', 'region_code']).execute());
    expect(partnerRows.length).toBeGreaterThan(0);
    expect(partnerRows.every((row) => row.organisation_id === organisationId && (row.region_code === 'AM18' || row.region_code === null))).toBe(true);
    const twenteRows = await as(coordinatorTwente, (tx) => tx.selectFrom('service_history').select('region_code').distinct().execute());
    expect(twenteRows).toEqual([{ region_code: 'AM05' }]);
  });
});

describe('locations', () => {
  it('lets a partner change only their own locations, and the public see only published ones', async () => {
    const changed = await as(partner, async (tx) => Number((await sql`update locations set accessibility = 'rls-test'`.execute(tx)).numAffectedRows));
    const rows = await db.kysely.selectFrom('locations').select('key').where('accessibility', '=', 'rls-test').execute();
    expect(changed).toBe(rows.length);
    expect(rows.map((row) => row.key)).toEqual(['de-wissel-keizersgracht']);
    await db.kysely.updateTable('locations').set({ status: 'concept' }).where('key', '=', 'bibliotheek-amstelveen').execute();
    const visible = await withActor(db, { actor: anonymous, trace: newTrace() }, (tx) => tx.selectFrom('locations').select('key').where('key', '=', 'bibliotheek-amstelveen').execute());
    expect(visible).toEqual([]);
  });
});
