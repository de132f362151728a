import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { asOwner } from '../../../test/helpers/db.ts';

// The per-address login limit counts the address the connection comes from. X-Forwarded-For is
// only believed from the proxies named in TRUSTED_PROXIES: otherwise a client that sends a new
// address with every request would never reach the limit.

const production = { NODE_ENV: 'production', BASE_URL: 'https://werkcentrum.example', FIELD_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') };
let untrusted: TestApp;
let trusted: TestApp;

beforeAll(async () => {
  [untrusted, trusted] = await Promise.all([
    createTestApp({ demo: false, env: production }),
    createTestApp({ demo: false, env: { ...production, TRUSTED_PROXIES: '127.0.0.1' } }),
  ]);
});
afterAll(async () => {
  await untrusted?.close();
  await trusted?.close();
});

/** Fills the per-address window of failed logins of an address, as 30 earlier wrong passwords would. */
async function exhaust(t: TestApp, address: string) {
  await asOwner(t.db, 'authentication', (tx) =>
    sql`insert into login_attempts (account_hash, client_hash, succeeded)
      select 'elders', app_pseudonym(${`client:${address}`}), false from generate_series(1, 30)`.execute(tx),
  );
}

async function clientHashes(t: TestApp, email: string): Promise<string[]> {
  const { rows } = await sql<{ client_hash: string }>`select client_hash from login_attempts
    where account_hash = app_pseudonym(${`account:${email}`}) order by id`.execute(t.db.kysely);
  return rows.map((row) => row.client_hash);
}

const pseudonym = async (t: TestApp, value: string) =>
  (await sql<{ p: string }>`select app_pseudonym(${value}) as p`.execute(t.db.kysely)).rows[0]!.p;

async function wrongLogin(t: TestApp, email: string, forwardedFor: string) {
  const agent = new Agent(t.app);
  await agent.get('/inloggen');
  return agent.post('/inloggen', { email, password: 'niet-het-wachtwoord' }, { headers: { 'x-forwarded-for': forwardedFor } });
}

describe('client address behind a proxy', () => {
  it('in production without TRUSTED_PROXIES, a rotating X-Forwarded-For does not change the address', async () => {
    const email = 'roterend@werkcentrum.example';
    for (const forwarded of ['198.51.100.1', '198.51.100.2', '2001:db8::3']) {
      expect((await wrongLogin(untrusted, email, forwarded)).statusCode).toBe(401);
    }
    expect(await clientHashes(untrusted, email)).toEqual(Array(3).fill(await pseudonym(untrusted, 'client:127.0.0.1')));

    await exhaust(untrusted, '127.0.0.1');
    const limited = await wrongLogin(untrusted, 'nog-een@werkcentrum.example', '198.51.100.99');
    expect(limited.statusCode).toBe(429);
  });

  it('with TRUSTED_PROXIES naming the proxy, its X-Forwarded-For is the client address', async () => {
    await exhaust(trusted, '127.0.0.1');
    const email = 'achter-proxy@werkcentrum.example';
    const response = await wrongLogin(trusted, email, '203.0.113.7');
    expect(response.statusCode).toBe(401);
    expect(await clientHashes(trusted, email)).toEqual([await pseudonym(trusted, 'client:203.0.113.7')]);
  });
});
