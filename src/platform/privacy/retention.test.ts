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

it('deletes idle and expired sessions and old login attempts, and keeps live ones', async () => {
  const live = new Agent(t.app);
  await live.login('gids.amsterdam@werkcentrum.example');
  const idle = new Agent(t.app);
  await idle.login('partner.amsterdam@werkcentrum.example');
  await asOwner(t.db, 'authentication', async (tx) => {
    await sql`update sessions s set last_seen_at = now() - interval '2 hours'
      from users u where u.id = s.user_id and u.email = 'partner.amsterdam@werkcentrum.example'`.execute(tx);
    await sql`insert into login_attempts (account_hash, client_hash, succeeded, at)
      values ('a', 'c', false, now() - interval '31 days'), ('a', 'c', false, now() - interval '29 days')`.execute(tx);
  });

  const result = await sweepExpired(t.db, { idleMinutes: 30, absoluteHours: 12 });
  expect(result).toEqual({ sessions: 1, loginAttempts: 1 });
  expect((await live.get('/werkplek')).statusCode).toBe(200);
  const attempts = await t.db.kysely.selectFrom('login_attempts').select('at').execute();
  expect(attempts.every((a) => a.at.getTime() > Date.now() - 30 * 86_400_000)).toBe(true);
});
