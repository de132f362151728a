import { describe, expect, it } from 'vitest';
import { demoAccounts, DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { currentTotpCode } from '../../src/platform/auth/auth.service.ts';
import { browserSession, expectAccessible, hasBrowser, login, newContext, PHONE, screenshot } from './browser.ts';

// Real user journeys in Chromium: a citizen finds their regional Werkcentrum, and every demo role
// logs in with password and TOTP, sees its own organisation and region, and visits each page its
// menu offers. Every page is checked with axe (WCAG 2.1 AA) and photographed at two widths.

const session = browserSession();


describe.skipIf(!hasBrowser)('citizen journeys', () => {
  it('finds the Werkcentrum of their municipality from the home page, with and without JavaScript', async () => {
    for (const javaScript of [true, false]) {
      const context = await newContext(session.browser, { javaScript, viewport: PHONE });
      const page = await context.newPage();
      await page.goto(session.served.baseUrl);
      // axe runs as a script in the page, so it checks the JavaScript pass; the HTML is the same.
      if (javaScript) await expectAccessible(page, 'home');
      if (javaScript) await screenshot(page, 'home');
      await page.getByLabel('In welke gemeente woon of werk je?').fill('Enschede');
      await page.getByRole('button', { name: 'Ga naar mijn Werkcentrum' }).click();
      await page.waitForURL(/\/twente$/);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Werkcentrum Twente');
      if (javaScript) await expectAccessible(page, 'region page');
      if (javaScript) await screenshot(page, 'region-twente');
      await context.close();
    }
  });

  it('gets a clear error next to the field for an unknown municipality, with the input kept', async () => {
    const context = await newContext(session.browser);
    const page = await context.newPage();
    await page.goto(session.served.baseUrl);
    await page.getByLabel('In welke gemeente woon of werk je?').fill('Enschedee');
    await page.getByRole('button', { name: 'Ga naar mijn Werkcentrum' }).click();
    expect(await page.getByLabel('In welke gemeente woon of werk je?').inputValue()).toBe('Enschedee');
    expect(await page.getByRole('alert').textContent()).toContain('We kennen geen gemeente met de naam “Enschedee”');
    expect(await page.getByRole('link', { name: 'Enschede' }).count()).toBeGreaterThan(0);
    await expectAccessible(page, 'home with error');
    await screenshot(page, 'home-error');
    await context.close();
  });

  it('uses the map of the 35 regions and reads it in English', async () => {
    const context = await newContext(session.browser);
    const page = await context.newPage();
    await page.goto(`${session.served.baseUrl}/regios`);
    expect(await page.locator('svg a').count()).toBe(35);
    expect(await page.locator('.wc-region-list a').count()).toBe(35);
    await expectAccessible(page, 'regions map');
    await screenshot(page, 'regions');
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/\/regios$/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('The 35 Werkcentra in the Netherlands');
    await expectAccessible(page, 'regions map (en)');
    await page.locator('svg a[aria-label="Werkcentrum Zuid-Limburg"]').click();
    await page.waitForURL(/\/zuid-limburg$/);
    await context.close();
  });

  it('reads the privacy statement, the API documentation and a problem type page', async () => {
    const context = await newContext(session.browser);
    const page = await context.newPage();
    for (const [path, name] of [['/privacy', 'privacy'], ['/api/docs', 'api-docs'], ['/problems/not-found', 'problem']] as const) {
      const response = await page.goto(`${session.served.baseUrl}${path}`);
      expect(response?.status(), path).toBe(200);
      await expectAccessible(page, path);
      await screenshot(page, name);
    }
    await context.close();
  });

  it('shows an accessible page for an address that does not exist', async () => {
    const context = await newContext(session.browser);
    const page = await context.newPage();
    const response = await page.goto(`${session.served.baseUrl}/bestaat-niet`);
    expect(response?.status()).toBe(404);
    await expectAccessible(page, '404');
    await context.close();
  });
});

describe.skipIf(!hasBrowser)('professional journeys', () => {
  const withTotp = demoAccounts.filter((account) => account.totpSecret);

  for (const account of withTotp) {
    it(`${account.role} (${account.email}) logs in, sees own organisation and region, and every menu page passes axe`, async () => {
      const context = await newContext(session.browser);
      const page = await context.newPage();
      await login(page, session.served.baseUrl, account.email, { checkCodePage: account.role === 'gidsfunctionaris' });
      const main = await page.locator('main').textContent();
      expect(main).toContain(account.name);
      expect(main).toContain(account.organisation);
      await expectAccessible(page, `workspace of ${account.role}`);

      const menu = (await page.locator('nav.wc-nav a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))).filter(Boolean);
      expect(menu).toContain('/werkplek');
      for (const path of menu) {
        const response = await page.goto(`${session.served.baseUrl}${path}`);
        expect(response?.status(), path).toBe(200);
        await expectAccessible(page, `${path} as ${account.role}`);
        await screenshot(page, `${account.role}${path.replace(/\//g, '-')}`);
      }
      await page.getByRole('button', { name: 'Uitloggen' }).first().click();
      await page.waitForURL(/\/inloggen$/);
      expect(await page.getByRole('status').textContent()).toContain('Je bent uitgelogd.');
      await context.close();
      // A platform administrator's menu has a dozen pages, each checked with axe and photographed twice.
    }, 180_000);
  }

  it('a platform administrator creates an organisation and a user, fixing mistakes the form points out', async () => {
    const context = await newContext(session.browser);
    const page = await context.newPage();
    await login(page, session.served.baseUrl, 'beheer@werkcentrum.example');

    await page.goto(`${session.served.baseUrl}/beheer/organisaties/nieuw`);
    await expectAccessible(page, 'new organisation form');
    await page.getByLabel('Naam', { exact: true }).fill('Taalhuis Noord (demo)');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    // Nothing chosen for kind, SUWI and regions: errors at the top and at the fields, name kept.
    expect(await page.getByRole('alert').textContent()).toContain('Er is iets niet goed ingevuld');
    expect(await page.getByLabel('Naam', { exact: true }).inputValue()).toBe('Taalhuis Noord (demo)');
    await expectAccessible(page, 'new organisation form with errors');
    await screenshot(page, 'admin-organisation-errors');
    await page.getByLabel('Soort organisatie').selectOption('welzijnsorganisatie');
    await page.getByLabel('Nee, een private of andere partij').check();
    await page.getByLabel('Groot Amsterdam').check();
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.waitForURL(/\/beheer\/organisaties(\?|$)/);
    expect(await page.getByRole('status').filter({ hasText: 'De organisatie is toegevoegd.' }).count()).toBe(1);
    await page.getByRole('link', { name: 'Taalhuis Noord (demo)' }).click();
    await expectAccessible(page, 'edit organisation form');

    await page.goto(`${session.served.baseUrl}/beheer/gebruikers/nieuw`);
    await expectAccessible(page, 'new user form');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await expectAccessible(page, 'new user form with errors');
    await screenshot(page, 'admin-user-errors');

    await page.goto(`${session.served.baseUrl}/beheer/gebruikers`);
    await page.getByRole('link', { name: 'Gijs Gids' }).click();
    await expectAccessible(page, 'edit user page with roles');
    await screenshot(page, 'admin-user-edit');

    await page.goto(`${session.served.baseUrl}/beheer/regios/AM30`);
    await expectAccessible(page, 'edit region');
    await screenshot(page, 'admin-region-edit');

    await page.goto(`${session.served.baseUrl}/privacy/logboek`);
    await page.getByRole('button', { name: 'Controleer het logboek' }).click();
    expect(await page.locator('main').textContent()).toContain('De keten is intact');
    await expectAccessible(page, 'processing log after chain check');
    await context.close();
  });

  it('logs in and out without JavaScript', async () => {
    const context = await newContext(session.browser, { javaScript: false });
    const page = await context.newPage();
    await login(page, session.served.baseUrl, 'gids.amsterdam@werkcentrum.example');
    expect(await page.locator('main').textContent()).toContain('Gijs Gids');
    await page.getByRole('button', { name: 'Uitloggen' }).first().click();
    await page.waitForURL(/\/inloggen$/);
    await context.close();
  });

  it('a new account sets up its second factor by QR code', async () => {
    const context = await newContext(session.browser);
    const page = await context.newPage();
    await page.goto(`${session.served.baseUrl}/inloggen`);
    await expectAccessible(page, 'login');
    await screenshot(page, 'login');
    await page.getByLabel('E-mailadres').fill('nieuw.twente@werkcentrum.example');
    await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL(/\/inloggen\/instellen/);
    await expectAccessible(page, 'TOTP enrolment');
    await screenshot(page, 'enrol');
    expect(await page.getByRole('img', { name: 'QR-code om de tweede inlogstap in te stellen' }).count()).toBe(1);
    await page.getByLabel('Code van 6 cijfers').fill('123');
    await page.getByRole('button', { name: 'Controleren' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Deze code klopt niet');
    await expectAccessible(page, 'TOTP enrolment with error');
    const secret = (await page.locator('code').textContent())!.replace(/ /g, '');
    await page.getByLabel('Code van 6 cijfers').fill(currentTotpCode(secret));
    await page.getByRole('button', { name: 'Controleren' }).click();
    expect(await page.locator('.wc-codes li').count()).toBe(10);
    await expectAccessible(page, 'recovery codes');
    await screenshot(page, 'recovery-codes');
    await context.close();
  });
});
