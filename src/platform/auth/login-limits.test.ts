import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { Agent, createTestApp, totpCodeFor, type TestApp } from '../../../test/helpers/app.ts';
import { buildOrganisation, buildUser, unique, type BuiltUser } from '../../../test/factories.ts';
import { startSmtpServer } from '../../../test/helpers/smtp.ts';
import { currentTotpCode } from './auth.service.ts';

// Login limits under concurrency: requests sent at the same moment must be counted as if they came
// one by one. PGlite runs them one after the other; on a server they really run at once. Each test
// uses its own client address, so the per-address limit of one test does not touch another.

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let t: TestApp;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ demo: false, env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) } });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

let addresses = 0;
/** A fresh client address for one test. */
const newAddress = () => `10.20.${Math.floor(++addresses / 250)}.${(addresses % 250) + 1}`;

async function member(overrides: { totp?: boolean } = {}): Promise<BuiltUser> {
  const organisation = await buildOrganisation(t.db);
  return buildUser(t.db, { memberships: [{ organisation, role: 'gidsfunctionaris' }], ...overrides });
}

const statuses = (responses: LightMyRequestResponse[]) => responses.map((r) => r.statusCode).sort();
const count = (responses: LightMyRequestResponse[], status: number) => responses.filter((r) => r.statusCode === status).length;

async function auditCount(userId: string, action: string, outcome: 'success' | 'failure' | 'denied'): Promise<number> {
  const row = await t.db.kysely
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('target_id', '=', userId)
    .where('action', '=', action)
    .where('outcome', '=', outcome)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function failures(column: 'account_hash' | 'client_hash', subject: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from login_attempts
    where ${sql.ref(column)} = app_pseudonym(${subject}) and not succeeded`.execute(t.db.kysely);
  return Number(rows[0]!.n);
}

describe('password step under concurrency', () => {
  it('40 parallel wrong passwords for one account: at most 5 are checked, and the right password in the burst is refused', async () => {
    const user = await member();
    const agent = new Agent(t.app, { remoteAddress: newAddress() });
    await agent.get('/inloggen');
    const forms = Array.from({ length: 41 }, (_, i) => ({ email: user.email, password: i === 20 ? user.password : `fout-${i}` }));
    const responses = await Promise.all(forms.map((form) => agent.post('/inloggen', form)));

    const right = responses[20]!;
    expect(right.statusCode).toBe(429);
    expect(right.body).toContain('Te veel mislukte pogingen');
    expect(count(responses, 303)).toBe(0);
    expect(count(responses, 401)).toBe(4);
    expect(count(responses, 429)).toBe(37);
    expect(await auditCount(user.id, 'login.password', 'failure')).toBe(5);
    expect(await auditCount(user.id, 'login.locked', 'denied')).toBe(1);
    expect(await failures('account_hash', `account:${user.email}`)).toBe(5);

    // Afterwards too: locked, even for the right password.
    const later = await agent.post('/inloggen', { email: user.email, password: user.password });
    expect(later.statusCode).toBe(429);
  });

  it('60 parallel failures from one address: no more than 30 are checked, the rest get 429', async () => {
    const address = newAddress();
    const known = await Promise.all(Array.from({ length: 6 }, () => member()));
    const emails = [...known.map((u) => u.email), ...Array.from({ length: 54 }, () => `${unique('onbekend')}@werkcentrum.example`)];
    const agent = new Agent(t.app, { remoteAddress: address });
    await agent.get('/inloggen');
    const responses = await Promise.all(emails.map((email) => agent.post('/inloggen', { email, password: 'niet-het-wachtwoord' })));

    expect(statuses(responses)).toEqual([...Array(30).fill(401), ...Array(30).fill(429)]);
    expect(await failures('client_hash', `client:${address}`)).toBe(30);
    // Another address is not affected.
    const other = new Agent(t.app, { remoteAddress: newAddress() });
    await other.get('/inloggen');
    expect((await other.post('/inloggen', { email: emails[0]!, password: 'niet-het-wachtwoord' })).statusCode).toBe(401);
  });
});

describe('no account enumeration by the lock', () => {
  it('five wrong passwords for an unknown and an existing e-mail give the same answers, and mail only the existing account', async () => {
    const user = await member();
    const unknown = `${unique('niemand')}@werkcentrum.example`;
    const mailsBefore = smtp.received.length;

    async function attempts(email: string, lastPassword: string) {
      const agent = new Agent(t.app, { remoteAddress: newAddress() });
      await agent.get('/inloggen');
      const responses: LightMyRequestResponse[] = [];
      for (let i = 0; i < 5; i++) responses.push(await agent.post('/inloggen', { email, password: `fout-${i}` }));
      responses.push(await agent.post('/inloggen', { email, password: lastPassword }));
      return responses;
    }
    const normalise = (response: LightMyRequestResponse, email: string) =>
      response.body.replaceAll(email, 'E-MAIL').replace(/name="_csrf" value="[^"]*"/g, 'CSRF');

    const forKnown = await attempts(user.email, user.password);
    const forUnknown = await attempts(unknown, 'wat-dan-ook-123');
    expect(forKnown.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 429, 429]);
    expect(forUnknown.map((r) => r.statusCode)).toEqual(forKnown.map((r) => r.statusCode));
    for (let i = 0; i < forKnown.length; i++) {
      expect(normalise(forUnknown[i]!, unknown), `attempt ${i + 1}`).toBe(normalise(forKnown[i]!, user.email));
    }

    await t.app.jobs.runUntilIdle();
    const mails = smtp.received.slice(mailsBefore).filter((mail) => mail.to.includes(user.email) || mail.to.includes(unknown));
    expect(mails.map((mail) => mail.to)).toEqual([[user.email]]);
  });
});

describe('second factor under concurrency', () => {
  it('the same TOTP code from 6 sessions at once is accepted exactly once', async () => {
    const user = await member();
    const address = newAddress();
    const agents = Array.from({ length: 6 }, () => new Agent(t.app, { remoteAddress: address }));
    for (const agent of agents) {
      await agent.get('/inloggen');
      expect((await agent.post('/inloggen', { email: user.email, password: user.password })).headers.location).toBe('/inloggen/code');
      await agent.get('/inloggen/code');
    }
    const code = totpCodeFor(user.email, user.totpSecret!);
    const responses = await Promise.all(agents.map((agent) => agent.post('/inloggen/code', { code })));
    expect(count(responses, 303)).toBe(1);
    expect(await auditCount(user.id, 'login.totp', 'success')).toBe(1);
  });

  it('the same recovery code from 6 sessions at once is accepted exactly once', async () => {
    const user = await member({ totp: false });
    const enrol = new Agent(t.app, { remoteAddress: newAddress() });
    await enrol.get('/inloggen');
    await enrol.post('/inloggen', { email: user.email, password: user.password });
    const page = await enrol.get('/inloggen/instellen');
    const secret = /<code class="utrecht-code">([A-Z2-7 ]+)<\/code>/.exec(page.body)![1]!.replace(/ /g, '');
    const done = await enrol.post('/inloggen/instellen', { code: currentTotpCode(secret) });
    const recoveryCode = /<li>([0-9a-f]{5}-[0-9a-f]{5})<\/li>/.exec(done.body)![1]!;

    const address = newAddress();
    const agents = Array.from({ length: 6 }, () => new Agent(t.app, { remoteAddress: address }));
    for (const agent of agents) {
      await agent.get('/inloggen');
      await agent.post('/inloggen', { email: user.email, password: user.password });
      await agent.get('/inloggen/code');
    }
    const responses = await Promise.all(agents.map((agent) => agent.post('/inloggen/code', { code: recoveryCode })));
    expect(count(responses, 303)).toBe(1);
    expect(await auditCount(user.id, 'login.recovery-code', 'success')).toBe(1);
    const { rows } = await sql<{ n: number }>`select cardinality(recovery_code_hashes) as n from user_credentials where user_id = ${user.id}`.execute(
      t.db.kysely,
    );
    expect(rows[0]!.n).toBe(9);
  });

  it('five wrong codes lock the account, for the password step too', async () => {
    const user = await member();
    const agent = new Agent(t.app, { remoteAddress: newAddress() });
    await agent.get('/inloggen');
    await agent.post('/inloggen', { email: user.email, password: user.password });
    await agent.get('/inloggen/code');
    const right = currentTotpCode(user.totpSecret!);
    const wrong = right === '000000' ? '111111' : '000000';
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await agent.post('/inloggen/code', { code: wrong })).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 429]);
    expect((await agent.post('/inloggen/code', { code: right })).statusCode).toBe(429);
    const again = new Agent(t.app, { remoteAddress: newAddress() });
    await again.get('/inloggen');
    expect((await again.post('/inloggen', { email: user.email, password: user.password })).statusCode).toBe(429);
  });
});
