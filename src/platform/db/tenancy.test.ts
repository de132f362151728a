import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { actorFor as actorOf, createTestDatabase, membershipOf as membershipIn, type TestDatabase } from '../../../test/helpers/db.ts';
import { readPublic, withActor, type Tx } from './tenancy.ts';
import { todayIso } from '../../modules/catalogue/editor/quality.ts';
import { newTrace } from '../http/trace.ts';
import { personalDataTables } from '../privacy/register.ts';

// Tenant isolation is enforced by PostgreSQL row-level security, not by the queries: these tests
// run queries that "forget" their tenant filter and show they still see only the actor's rows.

let db: TestDatabase;
const actorFor = (email: string) => actorOf(db, email);
const membershipOf = (email: string) => membershipIn(db, email);

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
});
afterAll(async () => db?.destroy());

describe('row-level security', () => {
  it('a guide of organisation A reads no user or membership of organisation B, even without a filter', async () => {
    const guide = await actorFor('gids.amsterdam@werkcentrum.example');
    const ownOrg = guide.kind === 'user' ? guide.membership!.organisationId : '';
    const seen = await withActor(db, { actor: guide, trace: newTrace(), activity: 'account-management' }, async (tx) => ({
      memberships: await tx.selectFrom('memberships').select(['organisation_id', 'user_id']).execute(),
      users: await tx.selectFrom('users').select(['id', 'email']).execute(),
    }));
    const allMemberships = await db.kysely.selectFrom('memberships').select(['organisation_id']).execute();
    expect(allMemberships.some((m) => m.organisation_id !== ownOrg)).toBe(true);
    expect(seen.memberships.length).toBeGreaterThan(0);
    expect(seen.memberships.every((m) => m.organisation_id === ownOrg)).toBe(true);
    expect(seen.users.map((u) => u.email)).toContain('s.devries@werkcentrum.example');
    expect(seen.users.map((u) => u.email)).not.toContain('gids.zuidlimburg@werkcentrum.example');
    expect(seen.users.map((u) => u.email)).not.toContain('partner.amsterdam@werkcentrum.example');
  });

  it('a coordinator sees the people of their own region only', async () => {
    const coordinator = await actorFor('coordinator.twente@werkcentrum.example');
    const regions = await withActor(db, { actor: coordinator, trace: newTrace(), activity: 'account-management' }, (tx) =>
      tx.selectFrom('memberships').select('region_code').execute(),
    );
    expect(regions.length).toBeGreaterThan(1);
    expect(new Set(regions.map((r) => r.region_code))).toEqual(new Set(['AM05']));
  });

  it('an anonymous actor reads no personal data at all', async () => {
    const counts = await withActor(db, { actor: { kind: 'anonymous' }, trace: newTrace() }, async (tx) => ({
      users: (await tx.selectFrom('users').selectAll().execute()).length,
      memberships: (await tx.selectFrom('memberships').selectAll().execute()).length,
      log: (await tx.selectFrom('processing_log').selectAll().execute()).length,
      audit: (await tx.selectFrom('audit_log').selectAll().execute()).length,
    }));
    expect(counts).toEqual({ users: 0, memberships: 0, log: 0, audit: 0 });
  });

  it('the application role cannot read credentials or sessions, nor write the logs directly', async () => {
    const admin = await actorFor('beheer@werkcentrum.example');
    const attempt = (query: string) =>
      withActor(db, { actor: admin, trace: newTrace(), activity: 'account-management' }, (tx) => sql.raw(query).execute(tx));
    await expect(attempt('select password_hash from user_credentials')).rejects.toThrow(/permission denied/);
    await expect(attempt('select * from sessions')).rejects.toThrow(/permission denied/);
    await expect(attempt('delete from processing_log')).rejects.toThrow(/permission denied/);
    await expect(attempt('update audit_log set outcome = \'success\'')).rejects.toThrow(/permission denied/);
  });

  it('a coordinator cannot give anyone the platform administrator role', async () => {
    const coordinator = await actorFor('coordinator.amsterdam@werkcentrum.example');
    const target = await membershipOf('gids.amsterdam@werkcentrum.example');
    await expect(
      withActor(db, { actor: coordinator, trace: newTrace(), activity: 'account-management' }, (tx) =>
        tx
          .insertInto('memberships')
          .values({
            id: crypto.randomUUID(),
            user_id: target.userId,
            organisation_id: target.membership.organisationId,
            region_code: 'AM18',
            role: 'platformbeheerder',
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('every table with personal data has row-level security switched on', async () => {
    const { rows } = await sql<{ relname: string; relrowsecurity: boolean }>`
      select relname, relrowsecurity from pg_class
      where relkind = 'r' and relname in (${sql.join([...personalDataTables])})`.execute(db.kysely);
    expect(rows).toHaveLength(personalDataTables.length);
    expect(rows.filter((row) => !row.relrowsecurity).map((row) => row.relname)).toEqual([]);
  });

  it('sets the context as quoted literals: a hostile value is stored as text, not run', async () => {
    const hostile = "x', true); drop table users; select set_config('a";
    const seen = await withActor(db, { actor: { kind: 'anonymous' }, trace: { traceId: hostile, spanId: hostile, parentSpanId: undefined, sampled: true } }, (tx) =>
      sql<{ trace: string; role: string }>`select current_setting('app.trace_id') as trace, current_user as role`.execute(tx),
    );
    expect(seen.rows[0]).toEqual({ trace: hostile, role: 'wc_app' });
    expect(await db.kysely.selectFrom('users').select('id').limit(1).execute()).toHaveLength(1);
  });

  it('rolls back everything when the work fails, and the connection stays usable', async () => {
    const admin = await actorFor('beheer@werkcentrum.example');
    await expect(
      withActor(db, { actor: admin, trace: newTrace(), activity: 'account-management' }, async (tx) => {
        await tx.updateTable('users').set({ name: 'Halverwege' }).where('email', '=', 'gids.amsterdam@werkcentrum.example').execute();
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    const user = await db.kysely.selectFrom('users').select('name').where('email', '=', 'gids.amsterdam@werkcentrum.example').executeTakeFirstOrThrow();
    expect(user.name).toBe('Gijs Gids');
  });

  it('a write to personal data without a declared processing activity fails', async () => {
    const admin = await actorFor('beheer@werkcentrum.example');
    await expect(
      withActor(db, { actor: admin, trace: newTrace() }, (tx) =>
        tx.updateTable('users').set({ name: 'Zonder doel' }).where('email', '=', 'gids.amsterdam@werkcentrum.example').execute(),
      ),
    ).rejects.toThrow(/no processing activity declared/);
  });
});

describe('the sessions’ calendar', () => {
  it('is the Netherlands’: half past eleven at night in UTC is already the next day, on every connection', async () => {
    const dateOf = (tx: Tx) =>
      sql<{ date: string; today: string }>`select ('2026-11-22 23:30:00+00'::timestamptz)::date::text as date, current_date::text as today`
        .execute(tx)
        .then((result) => result.rows[0]!);
    const expected = { date: '2026-11-23', today: todayIso() };
    expect(await withActor(db, { actor: { kind: 'anonymous' }, trace: newTrace() }, dateOf)).toEqual(expected);
    expect(await readPublic(db, newTrace(), dateOf)).toEqual(expected);
  });
});
