import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { actorFor, createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';
import { withActor, type Actor } from '../../platform/db/tenancy.ts';
import { newTrace } from '../../platform/http/trace.ts';
import { hashPassword } from '../../platform/auth/auth.service.ts';

// The second wall (migration 0002): queries that skip the service's checks are still refused by
// the database. Each test acts as a coordinator directly on the database.

let db: TestDatabase;
let coordinator: Actor;

const userId = async (email: string) => (await db.kysely.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
const asCoordinator = <T>(work: Parameters<typeof withActor<T>>[2]) =>
  withActor(db, { actor: coordinator, trace: newTrace(), activity: 'account-management' }, work);

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  coordinator = await actorFor(db, 'coordinator.amsterdam@werkcentrum.example');
});
afterAll(async () => db?.destroy());

describe('account administration in the database', () => {
  it('a coordinator cannot change a platform administrator who works in their region', async () => {
    const platform = await userId('beheer@werkcentrum.example');
    const result = await asCoordinator((tx) => tx.updateTable('users').set({ email: 'kaper@example.nl' }).where('id', '=', platform).executeTakeFirst());
    expect(Number(result.numUpdatedRows)).toBe(0);
    const removed = await asCoordinator((tx) => tx.deleteFrom('memberships').where('user_id', '=', platform).executeTakeFirst());
    expect(Number(removed.numDeletedRows)).toBe(0);
    // The same coordinator can change someone else in their region.
    const guide = await userId('gids.amsterdam@werkcentrum.example');
    const allowed = await asCoordinator((tx) => tx.updateTable('users').set({ name: 'Gijs G.' }).where('id', '=', guide).executeTakeFirst());
    expect(Number(allowed.numUpdatedRows)).toBe(1);
  });

  it('first credentials only for a managed user without credentials, and only as an argon2id hash', async () => {
    const hash = await hashPassword('Een-tijdelijk-wachtwoord');
    const twente = await userId('m.jansen@werkcentrum.example');
    await expect(asCoordinator((tx) => sql`select app_admin_create_credentials(${twente}::uuid, ${hash})`.execute(tx))).rejects.toThrow(/not allowed/);
    const existing = await userId('gids.amsterdam@werkcentrum.example');
    await expect(asCoordinator((tx) => sql`select app_admin_create_credentials(${existing}::uuid, ${hash})`.execute(tx))).rejects.toThrow(/duplicate key/);
    const colleague = await userId('s.devries@werkcentrum.example');
    await expect(asCoordinator((tx) => sql`select app_admin_create_credentials(${colleague}::uuid, ${'plain-text'})`.execute(tx))).rejects.toThrow(/argon2id/);
    await asCoordinator((tx) => sql`select app_admin_create_credentials(${colleague}::uuid, ${hash})`.execute(tx));
    const stored = await db.kysely.selectFrom('user_credentials').select('password_hash').where('user_id', '=', colleague).executeTakeFirstOrThrow();
    expect(stored.password_hash).toBe(hash);
  });

  it('disabling an account deletes its sessions in the same transaction', async () => {
    const guide = await userId('gids.amsterdam@werkcentrum.example');
    await db.kysely.transaction().execute(async (tx) => {
      await sql`select set_config('app.activity', 'authentication', true)`.execute(tx);
      await tx
        .insertInto('sessions')
        .values({ id_hash: randomUUID(), user_id: guide, stage: 'full', auth_method: 'password', expires_at: new Date(Date.now() + 3600_000) })
        .execute();
    });
    await asCoordinator((tx) => tx.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', guide).execute());
    expect(await db.kysely.selectFrom('sessions').select('id_hash').where('user_id', '=', guide).execute()).toEqual([]);
  });
});
