import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Agent, createTestApp, totpCodeFor, type TestApp } from '../../../test/helpers/app.ts';
import { asOwner } from '../../../test/helpers/db.ts';
import { mailText, startSmtpServer } from '../../../test/helpers/smtp.ts';
import { buildOrganisation, buildUser, unique, type BuiltUser } from '../../../test/factories.ts';
import { currentTotpCode } from './auth.service.ts';
import { SESSION_COOKIE } from './cookies.ts';

// Accounts through HTTP: "forgot password" with a link by e-mail (a real SMTP server on loopback),
// changing a password from the workspace, and a coordinator's temporary password that must be
// changed at first login. Each test builds its own people and uses its own client address.

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
const newAgent = () => new Agent(t.app, { remoteAddress: `10.30.${Math.floor(++addresses / 250)}.${(addresses % 250) + 1}` });

async function member(overrides: { role?: 'gidsfunctionaris' | 'regiocoordinator' } = {}): Promise<BuiltUser> {
  const organisation = await buildOrganisation(t.db, { regions: ['AM05'] });
  return buildUser(t.db, { memberships: [{ organisation, role: overrides.role ?? 'gidsfunctionaris' }] });
}

const mailsTo = (email: string) => smtp.received.filter((mail) => mail.to.includes(email));

/** Asks for a reset link on the form, as the person would. */
async function requestLink(agent: Agent, email: string) {
  await agent.get('/wachtwoord-vergeten');
  return agent.post('/wachtwoord-vergeten', { email });
}

const RESET_LINK = /http:\/\/localhost:3000(\/wachtwoord-herstellen\?token=[A-Za-z0-9_-]+)/;
/** The reset mails to an address (not, say, the notice that an account was locked). */
const resetMailsTo = (email: string) => mailsTo(email).filter((mail) => RESET_LINK.test(mailText(mail)));

/** Delivers the queued mail, then returns the path of the link in the n-th reset mail to an address. */
async function linkFromMail(email: string, nth = 1): Promise<string> {
  await t.app.jobs.runUntilIdle();
  const mail = resetMailsTo(email)[nth - 1];
  if (!mail) throw new Error(`no reset mail number ${nth} to ${email}`);
  return RESET_LINK.exec(mailText(mail))![1]!;
}

async function auditCount(userId: string, action: string): Promise<number> {
  const row = await t.db.kysely
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('target_id', '=', userId)
    .where('action', '=', action)
    .where('outcome', '=', 'success')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function passwordStep(agent: Agent, email: string, password: string) {
  await agent.get('/inloggen');
  return agent.post('/inloggen', { email, password });
}

describe('forgot password', () => {
  it('the login page links to it; a link by e-mail sets a new password once, and login still asks for the code', async () => {
    const user = await member();
    const elsewhere = newAgent();
    await elsewhere.login(user);

    const agent = newAgent();
    const login = await agent.get('/inloggen');
    expect(login.body).toContain('href="/wachtwoord-vergeten"');
    const requested = await requestLink(agent, user.email);
    expect(requested.statusCode).toBe(303);
    expect(requested.headers.location).toBe('/wachtwoord-vergeten/verstuurd');
    const sent = await agent.get('/wachtwoord-vergeten/verstuurd');
    expect(sent.body).toContain('Als er een account is met dit e-mailadres, krijg je een e-mail met een link.');

    const link = await linkFromMail(user.email);
    expect(resetMailsTo(user.email)[0]!.raw).not.toContain(user.password);
    const form = await agent.get(link);
    expect(form.statusCode).toBe(200);
    expect(form.headers['cache-control']).toBe('no-store');
    const token = new URL(link, 'http://x').searchParams.get('token')!;

    // Mistakes are shown next to the fields, and the link still works afterwards.
    const mismatch = await agent.post('/wachtwoord-herstellen', { token, password: 'Een-nieuw-wachtwoord-1', passwordRepeat: 'Een-ander-wachtwoord-1' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('id="veld-passwordRepeat-error"');
    expect(mismatch.body).toContain('De twee wachtwoorden zijn niet hetzelfde.');
    const short = await agent.post('/wachtwoord-herstellen', { token, password: 'kort', passwordRepeat: 'kort' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Dit is te kort: minimaal 12 tekens.');

    const newPassword = 'Mijn-nieuwe-wachtwoord-2026';
    const done = await agent.post('/wachtwoord-herstellen', { token, password: newPassword, passwordRepeat: newPassword });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/inloggen');
    expect((await agent.get('/inloggen')).body).toContain('Je wachtwoord is gewijzigd.');
    expect(await auditCount(user.id, 'password.reset')).toBe(1);

    // Used once: the link no longer works.
    const again = await newAgent().get(link);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('Deze link werkt niet meer');
    const reused = newAgent();
    await reused.get('/wachtwoord-vergeten');
    const second = await reused.post('/wachtwoord-herstellen', { token, password: 'Nog-een-wachtwoord-99', passwordRepeat: 'Nog-een-wachtwoord-99' });
    expect(second.statusCode).toBe(410);

    // Other sessions ended; the old password is gone; the new one still needs the second factor.
    expect((await elsewhere.get('/werkplek')).statusCode).toBe(303);
    expect((await passwordStep(newAgent(), user.email, user.password)).statusCode).toBe(401);
    const fresh = newAgent();
    const step1 = await passwordStep(fresh, user.email, newPassword);
    expect(step1.headers.location).toBe('/inloggen/code');
    expect((await fresh.get('/werkplek')).statusCode).toBe(303);
    await fresh.get('/inloggen/code');
    expect((await fresh.post('/inloggen/code', { code: totpCodeFor(user.email, user.totpSecret!) })).statusCode).toBe(303);
    expect((await fresh.get('/werkplek')).statusCode).toBe(200);
  });

  it('gives the same answer for an unknown address, and sends no mail', async () => {
    const user = await member();
    const unknown = `${unique('niemand')}@werkcentrum.example`;
    const before = smtp.received.length;
    const forUnknown = await requestLink(newAgent(), unknown);
    const forKnown = await requestLink(newAgent(), user.email);
    expect(forUnknown.statusCode).toBe(forKnown.statusCode);
    expect(forUnknown.headers.location).toBe(forKnown.headers.location);
    await linkFromMail(user.email);
    const mails = smtp.received.slice(before).filter((mail) => mail.to.includes(user.email) || mail.to.includes(unknown));
    expect(mails.map((mail) => mail.to)).toEqual([[user.email]]);
  });

  it('a link expires after 30 minutes, and a newer link replaces an older one', async () => {
    const user = await member();
    const agent = newAgent();
    await requestLink(agent, user.email);
    const first = await linkFromMail(user.email, 1);
    await requestLink(agent, user.email);
    const second = await linkFromMail(user.email, 2);
    expect((await agent.get(first)).statusCode).toBe(410);
    expect((await agent.get(second)).statusCode).toBe(200);

    await asOwner(t.db, 'authentication', (tx) =>
      sql`update password_reset_tokens set expires_at = now() - interval '1 second' where user_id = ${user.id}`.execute(tx),
    );
    expect((await agent.get(second)).statusCode).toBe(410);
    const token = new URL(second, 'http://x').searchParams.get('token')!;
    await agent.get('/wachtwoord-vergeten');
    const late = await agent.post('/wachtwoord-herstellen', { token, password: 'Te-laat-wachtwoord-1', passwordRepeat: 'Te-laat-wachtwoord-1' });
    expect(late.statusCode).toBe(410);
    expect((await passwordStep(newAgent(), user.email, user.password)).statusCode).toBe(303);
  });

  it('stores only a hash of the token, readable by the authentication role alone', async () => {
    const user = await member();
    await requestLink(newAgent(), user.email);
    const token = new URL(await linkFromMail(user.email), 'http://x').searchParams.get('token')!;
    const rows = await t.db.kysely.selectFrom('password_reset_tokens').select(['token_hash', 'expires_at']).where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toContain(token);
    expect(rows[0]!.expires_at.getTime() - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    const { rows: grants } = await sql<{ grantee: string }>`select distinct grantee from information_schema.role_table_grants
      where table_name = 'password_reset_tokens' and grantee in ('wc_app', 'wc_auth')`.execute(t.db.kysely);
    expect(grants.map((g) => g.grantee)).toEqual(['wc_auth']);
  });

  it('ends a lock: after a reset the person can log in again', async () => {
    const user = await member();
    const agent = newAgent();
    for (let i = 0; i < 5; i++) await passwordStep(agent, user.email, `fout-${i}`);
    expect((await passwordStep(agent, user.email, user.password)).statusCode).toBe(429);
    await requestLink(agent, user.email);
    const token = new URL(await linkFromMail(user.email), 'http://x').searchParams.get('token')!;
    await agent.get('/wachtwoord-vergeten');
    const newPassword = 'Weer-binnen-wachtwoord-7';
    expect((await agent.post('/wachtwoord-herstellen', { token, password: newPassword, passwordRepeat: newPassword })).statusCode).toBe(303);
    expect((await passwordStep(newAgent(), user.email, newPassword)).headers.location).toBe('/inloggen/code');
  });

  it('limits requests per account (3 mails an hour, the same answer) and per address (429)', async () => {
    const user = await member();
    const before = resetMailsTo(user.email).length;
    const responses = [];
    for (let i = 0; i < 4; i++) responses.push(await requestLink(newAgent(), user.email));
    expect(responses.map((r) => r.headers.location)).toEqual(Array(4).fill('/wachtwoord-vergeten/verstuurd'));
    await linkFromMail(user.email, before + 3);
    const another = await member();
    await requestLink(newAgent(), another.email);
    await linkFromMail(another.email);
    expect(resetMailsTo(user.email).length - before).toBe(3);

    const agent = newAgent();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await requestLink(agent, `${unique('iemand')}@werkcentrum.example`)).statusCode);
    expect(statuses).toEqual([...Array(10).fill(303), 429]);
  });

  it('asks for an e-mail address next to the field', async () => {
    const agent = newAgent();
    await agent.get('/wachtwoord-vergeten');
    const empty = await agent.post('/wachtwoord-vergeten', { email: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="veld-email-error"');
    const english = newAgent();
    await english.get('/taal/en?terug=/wachtwoord-vergeten');
    expect((await english.get('/wachtwoord-vergeten')).body).toContain('Forgot your password');
  });
});

describe('changing a password', () => {
  it('from the workspace: current password and the new one twice; other sessions end, this one stays', async () => {
    const user = await member();
    const other = newAgent();
    await other.login(user);
    const agent = newAgent();
    const workspace = await agent.login(user);
    expect(workspace.body).toContain('href="/werkplek/wachtwoord"');
    const page = await agent.get('/werkplek/wachtwoord');
    expect(page.statusCode).toBe(200);

    const wrong = await agent.post('/werkplek/wachtwoord', { current: 'niet-het-wachtwoord', password: 'Nieuw-wachtwoord-123', passwordRepeat: 'Nieuw-wachtwoord-123' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('id="veld-current-error"');
    const mismatch = await agent.post('/werkplek/wachtwoord', { current: user.password, password: 'Nieuw-wachtwoord-123', passwordRepeat: 'Nieuw-wachtwoord-456' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('id="veld-passwordRepeat-error"');
    const same = await agent.post('/werkplek/wachtwoord', { current: user.password, password: user.password, passwordRepeat: user.password });
    expect(same.statusCode).toBe(400);
    expect(same.body).toContain('Kies een ander wachtwoord dan je huidige.');

    const done = await agent.post('/werkplek/wachtwoord', { current: user.password, password: 'Nieuw-wachtwoord-123', passwordRepeat: 'Nieuw-wachtwoord-123' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/werkplek');
    const after = await agent.get('/werkplek');
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('Je wachtwoord is gewijzigd.');
    expect((await other.get('/werkplek')).statusCode).toBe(303);
    expect(await auditCount(user.id, 'password.change')).toBe(1);
    expect((await passwordStep(newAgent(), user.email, user.password)).statusCode).toBe(401);
    expect((await passwordStep(newAgent(), user.email, 'Nieuw-wachtwoord-123')).headers.location).toBe('/inloggen/code');
  });

  it('is only for a signed-in professional', async () => {
    const anonymous = newAgent();
    const page = await anonymous.get('/werkplek/wachtwoord');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/inloggen?terug=%2Fwerkplek%2Fwachtwoord');
  });
});

describe('a temporary password', () => {
  it('set by a coordinator must be changed at first login, before anything else', async () => {
    const coordinator = await member({ role: 'regiocoordinator' });
    const admin = newAgent();
    await admin.login(coordinator);
    await admin.get('/beheer/gebruikers/nieuw');
    const email = `${unique('nieuw')}@werkcentrum.example`;
    const temporary = 'Tijdelijk-wachtwoord-42';
    const created = await admin.post('/beheer/gebruikers/nieuw', {
      name: 'Nieuwe Collega',
      email,
      language: 'nl',
      organisation: coordinator.memberships[0]!.organisationId,
      region: 'AM05',
      role: 'gidsfunctionaris',
      password: temporary,
    });
    expect(created.statusCode).toBe(303);

    // Password, then setting up the second factor, as at every first login.
    const newcomer = newAgent();
    expect((await passwordStep(newcomer, email, temporary)).headers.location).toBe('/inloggen/instellen');
    const enrol = await newcomer.get('/inloggen/instellen');
    const secret = /<code class="utrecht-code">([A-Z2-7 ]+)<\/code>/.exec(enrol.body)![1]!.replace(/ /g, '');
    expect((await newcomer.post('/inloggen/instellen', { code: currentTotpCode(secret) })).statusCode).toBe(200);

    // Then nothing but changing the password (and logging out).
    for (const path of ['/werkplek', '/beheer/diensten', '/regios', '/twente']) {
      const blocked = await newcomer.get(path);
      expect(blocked.statusCode, path).toBe(303);
      expect(blocked.headers.location, path).toBe(`/werkplek/wachtwoord?terug=${encodeURIComponent(path)}`);
    }
    const page = await newcomer.get('/werkplek/wachtwoord?terug=%2Fwerkplek');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Je hebt een tijdelijk wachtwoord gekregen.');
    const switchRole = await newcomer.post('/werkplek/rol', { membership: 'x' });
    expect(switchRole.statusCode).toBe(303);
    expect(switchRole.headers.location).toBe('/werkplek/wachtwoord');
    expect((await newcomer.get('/api/v1/regions')).statusCode).toBe(200);

    await newcomer.get('/werkplek/wachtwoord?terug=%2Fwerkplek');
    const own = 'Mijn-eigen-wachtwoord-77';
    const changed = await newcomer.post('/werkplek/wachtwoord', { current: temporary, password: own, passwordRepeat: own, terug: '/werkplek' });
    expect(changed.statusCode).toBe(303);
    expect(changed.headers.location).toBe('/werkplek');
    expect((await newcomer.get('/werkplek')).statusCode).toBe(200);
    expect((await newcomer.get('/regios')).statusCode).toBe(200);
    const { rows } = await sql<{ must_change_password: boolean }>`select c.must_change_password from user_credentials c
      join users u on u.id = c.user_id where u.email = ${email}`.execute(t.db.kysely);
    expect(rows).toEqual([{ must_change_password: false }]);
    expect(newcomer.cookies.get(SESSION_COOKIE)).toBeTruthy();
  });
});
