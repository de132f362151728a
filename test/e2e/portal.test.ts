import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sql } from 'kysely';
import { buildContactRequest } from '../factories.ts';
import { browserSession, expectAccessible, hasBrowser, login, newContext, PHONE, screenshot } from './browser.ts';

// The region portal in Chromium: a worker in Enschede who fears for their job finds career advice
// from the home page (with and without JavaScript), an employer in Heerlen finds the
// WerkgeversServicepunt, someone asks the guides a question, and a guide reads it in the inbox.
// Every portal page is checked with axe and photographed at 390 and 1280 px.

const session = browserSession();

const idOf = async (table: 'services' | 'locations', key: string) =>
  (await session.served.db.kysely.selectFrom(table).select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;

async function check(page: Page, label: string, name: string): Promise<void> {
  await expectAccessible(page, label);
  await screenshot(page, name);
}

describe.skipIf(!hasBrowser)('the region portal', () => {
  it('leads a worker in Enschede whose job is at risk from the home page to career advice, with and without JavaScript', async () => {
    for (const javaScript of [true, false]) {
      const context = await newContext(session.browser, { javaScript, viewport: PHONE });
      const page = await context.newPage();
      await page.goto(session.served.baseUrl);
      await page.getByLabel('In welke gemeente woon of werk je?').fill('Enschede');
      await page.getByRole('button', { name: 'Ga naar mijn Werkcentrum' }).click();
      await page.waitForURL(/\/twente$/);
      // 1: the portal; 2: "Ik heb werk"; 3: the theme; then the service.
      await page.getByRole('link', { name: /Ik heb werk/ }).click();
      await page.waitForURL(/\/twente\/voor\/werkenden$/);
      await page.getByRole('link', { name: 'Je baan is in gevaar' }).click();
      await page.waitForURL(/\/twente\/zoeken\?/);
      const results = await page.locator('main').textContent();
      expect(results).toContain('Gratis loopbaanadvies als je baan onzeker is');
      expect(results).toMatch(/Techniekfonds|scholingsbudget/i);
      await page.getByRole('link', { name: 'Gratis loopbaanadvies als je baan onzeker is' }).click();
      await page.waitForURL(/\/twente\/diensten\/[0-9a-f-]{36}$/);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Gratis loopbaanadvies als je baan onzeker is');
      expect(await page.getByRole('link', { name: 'Stel een vraag over deze dienst' }).count()).toBe(1);
      await context.close();
    }
  });

  it('leads an employer in Heerlen to the WerkgeversServicepunt', async () => {
    const context = await newContext(session.browser, { javaScript: false });
    const page = await context.newPage();
    await page.goto(session.served.baseUrl);
    await page.getByLabel('In welke gemeente woon of werk je?').fill('Heerlen');
    await page.getByRole('button', { name: 'Ga naar mijn Werkcentrum' }).click();
    await page.waitForURL(/\/zuid-limburg$/);
    await page.getByRole('link', { name: /Ik ben werkgever/ }).click();
    await page.waitForURL(/\/zuid-limburg\/voor\/werkgevers$/);
    await page.getByRole('link', { name: 'Personeel vinden' }).click();
    await page.waitForURL(/\/zuid-limburg\/zoeken\?/);
    await page.getByRole('link', { name: /WerkgeversServicepunt Zuid-Limburg/ }).first().click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('WerkgeversServicepunt Zuid-Limburg');
    await context.close();
  });

  it('passes axe on every portal page, at phone and desktop width', async () => {
    const context = await newContext(session.browser);
    const page = await context.newPage();
    const base = `${session.served.baseUrl}/twente`;
    await page.goto(base);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Werkcentrum Twente');
    await check(page, 'region home', 'portal-home');
    await page.goto(`${base}/voor/werkenden`);
    await check(page, 'audience page', 'portal-werkenden');
    await page.goto(`${base}/voor/werkgevers`);
    await check(page, 'audience page employers', 'portal-werkgevers');
    await page.goto(`${base}/diensten/${await idOf('services', 'loopbaanadvies-baan-onzeker')}`);
    await check(page, 'service page', 'portal-service');
    await page.getByRole('link', { name: /Loopbaanbureau De Wissel/ }).first().click();
    await page.waitForURL(/\/organisaties\//);
    await check(page, 'organisation page', 'portal-organisation');
    await page.goto(`${base}/locaties/${await idOf('locations', 'werkcentrum-twente')}`);
    expect(await page.locator('svg[role="img"] circle').count()).toBe(1);
    await check(page, 'location page', 'portal-location');
    await page.goto(`${base}/ontwikkelpaden/ontwikkelpad-pedagogisch-medewerker-kinderopvang`);
    expect(await page.locator('ol.wc-steps > li').count()).toBe(7);
    await check(page, 'pathway page', 'portal-pathway');
    await context.close();
  });

  it('lets someone ask a question: errors next to the fields, then a confirmation', async () => {
    // axe runs as a script in the page, so this journey runs with JavaScript; the form itself needs none.
    const context = await newContext(session.browser);
    const page = await context.newPage();
    await page.goto(`${session.served.baseUrl}/twente/diensten/${await idOf('services', 'loopbaanadvies-baan-onzeker')}`);
    await page.getByRole('link', { name: 'Stel een vraag over deze dienst' }).click();
    await page.waitForURL(/\/twente\/vraag\?dienst=/);
    expect(await page.locator('main').textContent()).toContain('Je vraag gaat over:');
    await check(page, 'question form', 'portal-question');
    await page.getByLabel('E-mailadres').fill('geen-adres');
    await page.getByRole('button', { name: 'Vraag versturen' }).click();
    await page.waitForURL(/\/twente\/vraag$/);
    expect(await page.locator('#veld-naam-error').textContent()).toContain('Vul je naam in');
    expect(await page.locator('#veld-email-error').textContent()).toContain('e-mailadres');
    expect(await page.getByLabel('E-mailadres').inputValue()).toBe('geen-adres');
    await check(page, 'question form with errors', 'portal-question-errors');

    await page.getByLabel('Je naam').fill('Sam Twentenaar');
    await page.getByLabel('E-mailadres').fill('sam@example.org');
    await page.getByLabel('Je vraag').fill('Mijn baan is onzeker. Kan iemand met mij meedenken?');
    await page.getByLabel('Wie ben je? (niet verplicht)').selectOption('werkende');
    // People take a few seconds to write a question; the form refuses posts faster than that.
    await page.waitForTimeout(3_200);
    await page.getByRole('button', { name: 'Vraag versturen' }).click();
    await page.waitForURL(/\/twente\/vraag\/verstuurd/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Je vraag is verstuurd');
    expect(await page.locator('main').textContent()).toContain('binnen 2 werkdagen');
    await check(page, 'question sent', 'portal-question-sent');
    const rows = await session.served.db.kysely.selectFrom('contact_requests').select(['name', 'service_id', 'reference']).where('region_code', '=', 'AM05').where('name', '=', 'Sam Twentenaar').execute();
    expect(rows).toEqual([{ name: 'Sam Twentenaar', service_id: await idOf('services', 'loopbaanadvies-baan-onzeker'), reference: expect.stringMatching(/^V-/) as unknown }]);
    expect(await page.locator('main').textContent()).toContain(`Je vraag heeft nummer ${rows[0]!.reference}.`);
    await context.close();
  });

  it('keeps the typed question when many questions came from this computer, and says when to try again', async () => {
    // As if this computer (a library's, say) had sent the hour's 30 accepted questions already.
    const client = sql`app_pseudonym('submission-client:127.0.0.1')`;
    await sql`insert into form_submissions (scope, key, client_hash, result)
      select 'contact-request', substr(md5(random()::text), 1, 22), ${client}, '/twente/vraag/verstuurd' from generate_series(1, 30)`.execute(session.served.db.kysely);
    try {
      const context = await newContext(session.browser, { viewport: PHONE });
      const page = await context.newPage();
      await page.goto(`${session.served.baseUrl}/twente/vraag`);
      await page.getByLabel('Je naam').fill('Noor');
      await page.getByLabel('Telefoonnummer').fill('06 12345678');
      await page.getByLabel('Je vraag').fill('Ik wil graag hulp bij mijn cv.');
      await page.waitForTimeout(3_200);
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Vraag versturen' }).click()]);
      expect(response.status()).toBe(429);
      expect(await page.getByRole('alert').textContent()).toMatch(/Er zijn vanaf deze computer veel vragen gestuurd\..*Probeer het over \d+ minuten opnieuw, of bel 053 555 0100\./);
      expect(await page.getByLabel('Je vraag').inputValue()).toBe('Ik wil graag hulp bij mijn cv.');
      await check(page, 'question form after too many questions from one computer', 'portal-question-limit');
      await context.close();
    } finally {
      await sql`delete from form_submissions where client_hash = ${client}`.execute(session.served.db.kysely);
    }
  });

  it('shows a guide the questions of their region: picks one up, records the call and closes it; records a counter contact', async () => {
    await buildContactRequest(session.served.db, {
      region_code: 'AM18',
      name: 'Ayla',
      email: null,
      phone: '06 12345678',
      preferred_channel: 'telefoon',
      message: 'Ik zoek een leerbaan in de zorg.',
      audience: 'werkzoekende',
      municipality_code: 'GM0363',
    });
    const context = await newContext(session.browser);
    const page = await context.newPage();
    await login(page, session.served.baseUrl, 'gids.amsterdam@werkcentrum.example');
    await page.getByRole('link', { name: 'Vragen en contacten' }).first().click();
    await page.waitForURL(/\/vragen$/);
    expect(await page.locator('main').textContent()).not.toContain('Sam Twentenaar');
    await check(page, 'contacts', 'portal-inbox');
    await page.locator('tr', { hasText: 'Ayla' }).getByRole('link').click();
    await page.waitForURL(/\/vragen\/[0-9a-f-]{36}$/);
    await check(page, 'contact detail', 'portal-inbox-detail');
    await page.getByRole('button', { name: 'Ik pak deze vraag op' }).click();
    await page.waitForURL(/\/vragen\/[0-9a-f-]{36}$/);
    expect(await page.locator('main').textContent()).toContain('In behandeling');
    await page.getByLabel('Kort verslag (niet verplicht)').fill('Gebeld; ze komt dinsdag langs.');
    await page.getByRole('button', { name: 'Contact vastleggen' }).click();
    await page.waitForURL(/\/vragen\/[0-9a-f-]{36}$/);
    // Closing without a result says so next to the field.
    await page.getByRole('button', { name: 'Vraag afronden' }).click();
    expect(await page.locator('#veld-resultaat-error').textContent()).toContain('Kies een resultaat');
    await page.getByLabel('Resultaat').selectOption('afspraak-gemaakt');
    await page.getByRole('button', { name: 'Vraag afronden' }).click();
    await page.waitForURL(/\/vragen\/[0-9a-f-]{36}$/);
    const history = (await page.locator('main').textContent()) ?? '';
    expect(history).toContain('rondde de vraag af: Afspraak gemaakt.');
    expect(history).toContain('Gebeld; ze komt dinsdag langs.');
    await check(page, 'contact closed', 'contacts-closed');

    // Someone at the counter whose question was answered on the spot: anonymous, closed at once.
    await page.goto(`${session.served.baseUrl}/vragen/nieuw`);
    await check(page, 'record a contact', 'contacts-new');
    await page.getByLabel('Balie').check();
    await page.getByLabel('Werk vinden').check();
    await page.getByLabel('Nee, de vraag is meteen beantwoord (anoniem)').check();
    await page.getByRole('button', { name: 'Contact opslaan' }).click();
    expect(await page.locator('#veld-resultaat-error').textContent()).toContain('Kies een resultaat');
    expect(await page.getByLabel('Werk vinden').isChecked()).toBe(true);
    await page.getByLabel('Resultaat').selectOption('informatie-gegeven');
    await page.getByRole('button', { name: 'Contact opslaan' }).click();
    await page.waitForURL(/\/vragen\/[0-9a-f-]{36}$/);
    expect(await page.locator('main').textContent()).toContain('Anoniem');
    await context.close();
  });
});
