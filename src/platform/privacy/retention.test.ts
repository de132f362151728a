import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { asOwner } from '../../../test/helpers/db.ts';
import { sweepExpired } from './retention.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
});
afterAll(async () => t?.close());

it('deletes what the register no longer keeps, and keeps what is still in its period', async () => {
  const live = new Agent(t.app);
  await live.login('gids.amsterdam@werkcentrum.example');
  const idle = new Agent(t.app);
  await idle.login('partner.amsterdam@werkcentrum.example');
  await asOwner(t.db, 'authentication', async (tx) => {
    await sql`update sessions s set last_seen_at = now() - interval '2 hours'
      from users u where u.id = s.user_id and u.email = 'partner.amsterdam@werkcentrum.example'`.execute(tx);
    await sql`insert into login_attempts (account_hash, client_hash, succeeded, at)
      values ('a', 'c', false, now() - interval '31 days'), ('a', 'c', false, now() - interval '29 days')`.execute(tx);
    await sql`insert into audit_log (action, outcome, at) values ('old', 'success', now() - interval '25 months'), ('recent', 'success', now() - interval '23 months')`.execute(tx);
    await sql`update users set disabled_at = now() - interval '13 months' where email = 'r.bakker@werkcentrum.example'`.execute(tx);
    await sql`update users set disabled_at = now() - interval '11 months' where email = 'm.jansen@werkcentrum.example'`.execute(tx);
  });

  const result = await sweepExpired(t.db, { idleMinutes: 30, absoluteHours: 12 });
  expect(result).toEqual({ sessions: 1, loginAttempts: 1, auditEntries: 1, disabledAccounts: 1 });
  const emails = (await t.db.kysely.selectFrom('users').select('email').execute()).map((u) => u.email);
  expect(emails).not.toContain('r.bakker@werkcentrum.example');
  expect(emails).toContain('m.jansen@werkcentrum.example');
  expect((await t.db.kysely.selectFrom('audit_log').select('action').where('action', 'in', ['old', 'recent']).execute()).map((a) => a.action)).toEqual(['recent']);
  const deletion = await t.db.kysely.selectFrom('processing_log').select(['processing_activity_id']).where('name', '=', 'users.delete').execute();
  expect(deletion).toEqual([{ processing_activity_id: 'account-management' }]);
  expect((await live.get('/werkplek')).statusCode).toBe(200);
  const attempts = await t.db.kysely.selectFrom('login_attempts').select('at').execute();
  expect(attempts.every((a) => a.at.getTime() > Date.now() - 30 * 86_400_000)).toBe(true);
});
