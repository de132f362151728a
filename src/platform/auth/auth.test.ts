import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { asOwner } from '../../../test/helpers/db.ts';
import { currentTotpCode } from './auth.service.ts';
import { demoAccounts, DEMO_PASSWORD } from '../../seed/demo.ts';
import { SESSION_COOKIE } from './cookies.ts';
import { hashToken } from './sessions.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ demo: true, env: { SESSION_IDLE_MINUTES: '30' } });
});
afterAll(async () => t?.close());

const secretOf = (email: string) => demoAccounts.find((a) => a.email === email)!.totpSecret!;

async function passwordStep(agent: Agent, email: string, password = DEMO_PASSWORD) {
  await agent.get('/inloggen');
  return agent.post('/inloggen', { email, password });
}

describe('login with password and TOTP', () => {
  it('logs a guide in, renews the session token at each stage and shows their organisation and region', async () => {
    const agent = new Agent(t.app);
    const step1 = await passwordStep(agent, 'gids.amsterdam@werkcentrum.example');
    expect(step1.statusCode).toBe(303);
    expect(step1.headers.location).toBe('/inloggen/code');
    const halfToken = agent.cookies.get(SESSION_COOKIE);
    const setCookie = String(step1.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    // Half-way through, the workspace is not open yet.
    const early = await agent.get('/werkplek');
    expect(early.statusCode).toBe(303);

    await agent.get('/inloggen/code');
    const step2 = await agent.post('/inloggen/code', { code: currentTotpCode(secretOf('gids.amsterdam@werkcentrum.example')) });
    expect(step2.statusCode).toBe(303);
    expect(agent.cookies.get(SESSION_COOKIE)).not.toBe(halfToken);

    const workspace = await agent.get('/werkplek');
    expect(workspace.statusCode).toBe(200);
    expect(workspace.body).toContain('Gijs Gids');
    expect(workspace.body).toContain('Gemeente Amsterdam');
    expect(workspace.body).toContain('Groot Amsterdam');
    expect(workspace.headers['cache-control']).toBe('no-store');
  });

  it('gives the same answer for an unknown e-mail and a wrong password, and keeps the e-mail in the form', async () => {
    const unknown = await passwordStep(new Agent(t.app), 'niemand@werkcentrum.example');
    const wrong = await passwordStep(new Agent(t.app), 'beraad.amsterdam@werkcentrum.example', 'verkeerd-wachtwoord');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.body).toContain('Het e-mailadres of wachtwoord klopt niet.');
    expect(wrong.body).toContain('value="beraad.amsterdam@werkcentrum.example"');
    expect(wrong.body).not.toContain('verkeerd-wachtwoord');
  });

  it('shows field errors for an empty form instead of failing', async () => {
    const agent = new Agent(t.app);
    await agent.get('/inloggen');
    const response = await agent.post('/inloggen', { email: '', password: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Vul je e-mailadres in.');
    expect(response.body).toContain('Vul je wachtwoord in.');
    expect(response.body).toContain('aria-invalid="true"');
  });

  it('locks an account after five wrong passwords, even for the right password', async () => {
    const email = 'coordinator.twente@werkcentrum.example';
    const agent = new Agent(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await passwordStep(agent, email, `fout-${i}`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const right = await passwordStep(agent, email);
    expect(right.statusCode).toBe(429);
    expect(right.body).toContain('Te veel mislukte pogingen');
    const audit = await t.db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'login.locked').execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses a wrong TOTP code and a code that was already used', async () => {
    const email = 'partner.amsterdam@werkcentrum.example';
    const first = new Agent(t.app);
    await passwordStep(first, email);
    await first.get('/inloggen/code');
    const wrong = await first.post('/inloggen/code', { code: '000000' === currentTotpCode(secretOf(email)) ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Deze code klopt niet');
    const code = currentTotpCode(secretOf(email));
    expect((await first.post('/inloggen/code', { code })).statusCode).toBe(303);

    const second = new Agent(t.app);
    await passwordStep(second, email);
    await second.get('/inloggen/code');
    expect((await second.post('/inloggen/code', { code })).statusCode).toBe(401);
  });

  it('enrols a new account: QR code, first code, recovery codes that each work once', async () => {
    const email = 'nieuw.twente@werkcentrum.example';
    const agent = new Agent(t.app);
    const step1 = await passwordStep(agent, email);
    expect(step1.headers.location).toBe('/inloggen/instellen');
    const page = await agent.get('/inloggen/instellen');
    expect(page.body).toContain('<svg');
    const secret = /<code class="utrecht-code">([A-Z2-7 ]+)<\/code>/.exec(page.body)![1]!.replace(/ /g, '');
    const done = await agent.post('/inloggen/instellen', { code: currentTotpCode(secret) });
    expect(done.statusCode).toBe(200);
    const codes = [...done.body.matchAll(/<li>([0-9a-f]{5}-[0-9a-f]{5})<\/li>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    expect((await agent.get('/werkplek')).statusCode).toBe(200);

    const withRecovery = new Agent(t.app);
    await passwordStep(withRecovery, email);
    await withRecovery.get('/inloggen/code');
    expect((await withRecovery.post('/inloggen/code', { code: codes[0]! })).statusCode).toBe(303);
    const again = new Agent(t.app);
    await passwordStep(again, email);
    await again.get('/inloggen/code');
    expect((await again.post('/inloggen/code', { code: codes[0]! })).statusCode).toBe(401);
  });

  it('rejects a form without a valid CSRF token', async () => {
    const agent = new Agent(t.app);
    await agent.get('/inloggen');
    const response = await agent.post('/inloggen', { email: 'gids.amsterdam@werkcentrum.example', password: DEMO_PASSWORD, _csrf: 'vervalst' });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Het formulier is verlopen');
  });
});

describe('sessions', () => {
  it('logout ends the session; logout everywhere ends the sessions on other devices too', async () => {
    const email = 'coordinator.amsterdam@werkcentrum.example';
    const laptop = new Agent(t.app);
    const phone = new Agent(t.app);
    await laptop.login(email);
    await phone.login(email);
    expect((await phone.get('/werkplek')).statusCode).toBe(200);

    const out = await laptop.post('/uitloggen/overal', {});
    expect(out.statusCode).toBe(303);
    expect((await laptop.get('/werkplek')).statusCode).toBe(303);
    expect((await phone.get('/werkplek')).statusCode).toBe(303);
    const audit = await t.db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'logout.everywhere').execute();
    expect(audit).toHaveLength(1);
  });

  it('expires a session after the idle timeout and after the absolute timeout', async () => {
    const idle = new Agent(t.app);
    await idle.login('privacy.amsterdam@werkcentrum.example');
    await asOwner(t.db, 'authentication', (tx) => sql`update sessions set last_seen_at = now() - interval '31 minutes'`.execute(tx));
    expect((await idle.get('/werkplek')).statusCode).toBe(303);

    const old = new Agent(t.app);
    await old.login('privacy.amsterdam@werkcentrum.example');
    await asOwner(t.db, 'authentication', (tx) => sql`update sessions set expires_at = now() - interval '1 second'`.execute(tx));
    const oldHash = hashToken(old.cookies.get(SESSION_COOKIE)!);
    expect((await old.get('/werkplek')).statusCode).toBe(303);
    const left = await t.db.kysely.selectFrom('sessions').select('id_hash').where('id_hash', '=', oldHash).execute();
    expect(left).toHaveLength(0);
  });

  it('stores only a hash of the session token', async () => {
    const agent = new Agent(t.app);
    await agent.login('gids.zuidlimburg@werkcentrum.example');
    const token = agent.cookies.get(SESSION_COOKIE)!;
    const rows = await t.db.kysely.selectFrom('sessions').select('id_hash').execute();
    expect(rows.some((row) => row.id_hash === token)).toBe(false);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('logs logins in the audit log and the processing log under authentication', async () => {
    const audit = await t.db.kysely.selectFrom('audit_log').select(['action', 'outcome']).where('action', '=', 'login.totp').execute();
    expect(audit.some((row) => row.outcome === 'success')).toBe(true);
    const log = await t.db.kysely
      .selectFrom('processing_log')
      .select('name')
      .where('processing_activity_id', '=', 'authentication')
      .execute();
    expect(log.map((row) => row.name)).toEqual(expect.arrayContaining(['sessions.insert', 'login.credentials.read']));
  });
});
