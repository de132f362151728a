import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { hashToken } from '../../src/platform/auth/sessions.ts';
import { buildOrganisation, buildUser } from '../factories.ts';
import { asOwner } from '../helpers/db.ts';
import { totpCodeFor } from '../helpers/app.ts';
import { browserSession, expectAccessible, hasBrowser, newContext, PHONE, screenshot } from './browser.ts';

// "Forgot password", a new password by link, and a temporary password changed at first login, in
// Chromium: every page and its error state passes axe, works without JavaScript and is photographed.

const session = browserSession();

async function member(options: { temporaryPassword?: boolean } = {}) {
  const organisation = await buildOrganisation(session.served.db, { regions: ['AM05'] });
  const user = await buildUser(session.served.db, { memberships: [{ organisation, role: 'gidsfunctionaris' }] });
  if (options.temporaryPassword) {
    await asOwner(session.served.db, 'authentication', (tx) =>
      sql`update user_credentials set must_change_password = true where user_id = ${user.id}`.execute(tx),
    );
  }
  return user;
}

describe.skipIf(!hasBrowser)('accounts', () => {
  it('asks for a reset link without JavaScript, and gives the same answer for any address', async () => {
    const context = await newContext(session.browser, { javaScript: false, viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${session.served.baseUrl}/inloggen`);
    await page.getByRole('link', { name: 'Wachtwoord vergeten?' }).click();
    await page.waitForURL(/\/wachtwoord-vergeten$/);
    await page.getByRole('button', { name: 'Stuur mij een link' }).click();
    expect(await page.locator('#veld-email-error').textContent()).toContain('Vul je e-mailadres in.');
    await page.getByLabel('E-mailadres').fill('wie-dan-ook@werkcentrum.example');
    await page.getByRole('button', { name: 'Stuur mij een link' }).click();
    await page.waitForURL(/\/wachtwoord-vergeten\/verstuurd$/);
    expect(await page.locator('main').textContent()).toContain('Als er een account is met dit e-mailadres');
    await context.close();
  });

  it('forgot password: the form, its errors, the answer and the new-password page pass axe', async () => {
    const user = await member();
    const context = await newContext(session.browser);
    const page = await context.newPage();
    await page.goto(`${session.served.baseUrl}/wachtwoord-vergeten`);
    await expectAccessible(page, 'forgot password');
    await screenshot(page, 'forgot-password');
    await page.getByRole('button', { name: 'Stuur mij een link' }).click();
    await expectAccessible(page, 'forgot password with error');
    await page.getByLabel('E-mailadres').fill(user.email);
    await page.getByRole('button', { name: 'Stuur mij een link' }).click();
    await page.waitForURL(/\/verstuurd$/);
    await expectAccessible(page, 'reset link sent');
    await screenshot(page, 'forgot-password-sent');

    // The link as the e-mail carries it (this server sends no mail): a token whose hash is stored.
    const token = randomBytes(32).toString('base64url');
    await asOwner(session.served.db, 'authentication', (tx) =>
      sql`insert into password_reset_tokens (token_hash, user_id, expires_at) values (${hashToken(token)}, ${user.id}, now() + interval '30 minutes')`.execute(tx),
    );
    await page.goto(`${session.served.baseUrl}/wachtwoord-herstellen?token=${token}`);
    await expectAccessible(page, 'choose a new password');
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('Een-nieuw-wachtwoord-1');
    await page.getByLabel('Nieuw wachtwoord nog een keer').fill('Iets-anders-123');
    await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
    expect(await page.locator('#veld-passwordRepeat-error').textContent()).toContain('De twee wachtwoorden zijn niet hetzelfde.');
    await expectAccessible(page, 'choose a new password with errors');
    await screenshot(page, 'reset-password-errors');
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('Een-nieuw-wachtwoord-1');
    await page.getByLabel('Nieuw wachtwoord nog een keer').fill('Een-nieuw-wachtwoord-1');
    await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
    await page.waitForURL(/\/inloggen$/);
    expect(await page.getByRole('status').textContent()).toContain('Je wachtwoord is gewijzigd.');

    await page.goto(`${session.served.baseUrl}/wachtwoord-herstellen?token=${token}`);
    await expectAccessible(page, 'used reset link');
    await screenshot(page, 'reset-link-used');
    await context.close();
  });

  it('a temporary password: after both login steps, the change form comes first', async () => {
    const user = await member({ temporaryPassword: true });
    const context = await newContext(session.browser);
    const page = await context.newPage();
    await page.goto(`${session.served.baseUrl}/inloggen`);
    await page.getByLabel('E-mailadres').fill(user.email);
    await page.getByLabel('Wachtwoord').fill(user.password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL(/\/inloggen\/code/);
    await page.getByLabel('Code van 6 cijfers').fill(totpCodeFor(user.email, user.totpSecret!));
    await page.getByRole('button', { name: 'Controleren' }).click();
    await page.waitForURL(/\/werkplek\/wachtwoord\?terug=%2Fwerkplek$/);
    expect(await page.getByRole('status').textContent()).toContain('Je hebt een tijdelijk wachtwoord gekregen.');
    await expectAccessible(page, 'change a temporary password');
    await screenshot(page, 'change-temporary-password');

    await page.getByLabel('Je huidige wachtwoord').fill('niet-het-wachtwoord');
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('Mijn-eigen-wachtwoord-1');
    await page.getByLabel('Nieuw wachtwoord nog een keer').fill('Mijn-eigen-wachtwoord-1');
    await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
    expect(await page.locator('#veld-current-error').textContent()).toContain('Dit wachtwoord klopt niet.');
    await expectAccessible(page, 'change password with errors');
    await screenshot(page, 'change-password-errors');

    await page.getByLabel('Je huidige wachtwoord').fill(user.password);
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('Mijn-eigen-wachtwoord-1');
    await page.getByLabel('Nieuw wachtwoord nog een keer').fill('Mijn-eigen-wachtwoord-1');
    await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
    await page.waitForURL(/\/werkplek$/);
    expect(await page.getByRole('status').textContent()).toContain('Je wachtwoord is gewijzigd.');
    await expectAccessible(page, 'workspace after a password change');
    await context.close();
  });
});
