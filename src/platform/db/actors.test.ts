import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { actorFor, createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';
import { audit, logRead, withActor, withSystem, type Actor, type Tx } from './tenancy.ts';
import { newTrace } from '../http/trace.ts';
import { verifyProcessingLog } from '../privacy/verify.ts';

// Every kind of actor is part of the transaction's context, and the system actor — the platform's
// own background work — has one way in (`withSystem`), a role of its own under row-level security,
// and shows in the audit log and the processing log as the system.

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
});
afterAll(async () => db?.destroy());

interface Context {
  kind: string | null;
  role: string;
  user: string | null;
  org: string | null;
  citizen: string | null;
  client: string | null;
  activity: string | null;
  trace: string | null;
}

const context = (tx: Tx) =>
  sql<Context>`select app_actor_kind() as kind, current_user as role, app_user_id()::text as user, app_org_id()::text as org,
    app_setting('app.citizen_id') as citizen, app_setting('app.client_id') as client, app_setting('app.activity') as activity,
    app_setting('app.trace_id') as trace`
    .execute(tx)
    .then((result) => result.rows[0]!);

describe('actor kinds', () => {
  it('puts the kind of actor in the context of every transaction', async () => {
    const trace = newTrace();
    const seen = (actor: Actor) => withActor(db, { actor, trace }, context);
    const guide = await actorFor(db, 'gids.amsterdam@werkcentrum.example');
    const organisationId = guide.kind === 'user' ? guide.membership!.organisationId : '';

    expect(await seen({ kind: 'anonymous' })).toMatchObject({ kind: 'anonymous', role: 'wc_app', user: null, org: null });
    expect(await seen(guide)).toMatchObject({ kind: 'professional', role: 'wc_app', org: organisationId });
    expect(await seen({ kind: 'citizen', citizenId: 'c-123' })).toMatchObject({ kind: 'citizen', role: 'wc_app', citizen: 'c-123', user: null });
    // An API client's organisation is not the context's: the policies for professionals would show it that organisation's people.
    expect(await seen({ kind: 'api-client', clientId: 'k-456', organisationId })).toMatchObject({ kind: 'api-client', client: 'k-456', org: null });
    expect(await withSystem(db, 'catalogue-maintenance', trace, context)).toEqual({
      kind: 'system',
      role: 'wc_system',
      user: null,
      org: null,
      citizen: null,
      client: null,
      activity: 'catalogue-maintenance',
      trace: trace.traceId,
    });
    // Without a trace, a system transaction starts its own.
    expect((await withSystem(db, 'catalogue-maintenance', context)).trace).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('the system actor', () => {
  it('is under row-level security: it does only what the activity of its transaction allows', async () => {
    const total = async (table: 'users' | 'audit_log') => Number((await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const [users, auditEntries] = [await total('users'), await total('audit_log')];

    // Accounts: only disabled ones may be deleted, and only for account management.
    const deleted = await withSystem(db, 'account-management', (tx) =>
      tx.deleteFrom('users').where('email', '=', 'gids.amsterdam@werkcentrum.example').executeTakeFirst(),
    );
    expect(Number(deleted.numDeletedRows)).toBe(0);
    expect(await withSystem(db, 'authentication', (tx) => tx.selectFrom('users').select('id').execute())).toEqual([]);
    expect(Number((await withSystem(db, 'catalogue-maintenance', (tx) => tx.deleteFrom('audit_log').executeTakeFirst())).numDeletedRows)).toBe(0);
    expect([await total('users'), await total('audit_log')]).toEqual([users, auditEntries]);

    // Never the credentials, and nothing it has no grant for.
    await expect(withSystem(db, 'authentication', (tx) => sql`select password_hash from user_credentials`.execute(tx))).rejects.toThrow(/permission denied/);
    await expect(withSystem(db, 'account-management', (tx) => sql`update users set name = 'x'`.execute(tx))).rejects.toThrow(/permission denied/);
    await expect(withSystem(db, 'account-management', (tx) => sql`delete from processing_log`.execute(tx))).rejects.toThrow(/permission denied/);
  });

  it('shows as the system in the audit log and the processing log, and the log’s chain stays intact', async () => {
    const subject = await actorFor(db, 'gids.zuidlimburg@werkcentrum.example');
    const userId = subject.kind === 'user' ? subject.userId : '';
    await withSystem(db, 'account-management', async (tx) => {
      await logRead(tx, 'users.read', [userId], 'professional');
      await audit(tx, 'test.system', { type: 'user', id: userId });
    });
    const log = await db.kysely.selectFrom('processing_log').select(['actor_kind', 'actor_user_id', 'processing_activity_id']).orderBy('seq', 'desc').limit(1).execute();
    expect(log).toEqual([{ actor_kind: 'system', actor_user_id: null, processing_activity_id: 'account-management' }]);
    const entry = await db.kysely.selectFrom('audit_log').select(['actor_kind', 'actor_user_id']).where('action', '=', 'test.system').execute();
    expect(entry).toEqual([{ actor_kind: 'system', actor_user_id: null }]);

    const guide = await actorFor(db, 'gids.amsterdam@werkcentrum.example');
    await withActor(db, { actor: guide, trace: newTrace(), activity: 'account-management' }, (tx) => logRead(tx, 'users.read', [userId], 'professional'));
    const last = await db.kysely.selectFrom('processing_log').select('actor_kind').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last.actor_kind).toBe('professional');
    // Rows of the seed (no kind) and rows with a kind are both verified by the same hash.
    expect(await db.kysely.selectFrom('processing_log').select('seq').where('actor_kind', 'is', null).limit(1).execute()).toHaveLength(1);
    expect(await verifyProcessingLog(db)).toMatchObject({ intact: true });
  });
});
