import { describe, expect, it } from 'vitest';
import { browserSession, expectAccessible, hasBrowser, login, newContext, screenshot } from './browser.ts';
import { buildService } from '../factories.ts';

// The service directory editor in Chromium: a partnermedewerker creates a service with a mistake,
// fixes it, publishes it and reads its history, and maintains a location; a coordinator archives a
// service in the region. Every page is checked with axe and photographed at phone and desktop width.

const session = browserSession();


describe.skipIf(!hasBrowser)('editor journeys', () => {
  it('a partnermedewerker creates a service, fixes a mistake, publishes it and reads its history', async () => {
    const context = await newContext(session.browser);
    const page = await context.newPage();
    await login(page, session.served.baseUrl, 'partner.amsterdam@werkcentrum.example');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Diensten' }).click();
    await page.waitForURL(/\/beheer\/diensten$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Diensten beheren');
    expect(await page.getByRole('link', { name: 'Sollicitatietraining: van cv tot gesprek' }).count()).toBe(1);
    await expectAccessible(page, 'service list');
    await screenshot(page, 'editor-services');

    await page.getByRole('link', { name: 'Nieuwe dienst' }).click();
    await page.waitForURL(/\/beheer\/diensten\/nieuw$/);
    await expectAccessible(page, 'new service form');
    await page.getByLabel('Naam van de dienst').fill('Werkfit in de wijk');
    await page.getByLabel('Korte samenvatting').fill('Kort');
    await page.getByLabel('Beschrijving', { exact: true }).fill('Je krijgt een coach die met je meedenkt over werk en scholing.');
    await page.getByLabel('Loopbaanadvies', { exact: true }).check();
    await page.getByLabel('Werkzoekende', { exact: true }).check();
    await page.getByLabel('Wie kan er gebruik van maken?').fill('Iedereen in Groot Amsterdam die werk zoekt.');
    await page.getByLabel('Je kunt zelf contact opnemen').check();
    await page.getByLabel('Hoe meld je je aan?').fill('Bel of mail ons, dan plannen we een gesprek.');
    await page.getByLabel('Online', { exact: true }).check();
    await page.getByLabel('E-mailadres').fill('info@dewissel.example.nl');
    await page.getByRole('button', { name: 'Opslaan als concept' }).click();

    const alert = page.getByRole('alert');
    expect(await alert.textContent()).toContain('Korte samenvatting: dit is te kort');
    expect(await page.getByLabel('Naam van de dienst').inputValue()).toBe('Werkfit in de wijk');
    await expectAccessible(page, 'service form with errors');
    await screenshot(page, 'editor-service-errors');

    await page.getByLabel('Korte samenvatting').fill('Samen met een coach zet je je eerste stap naar werk.');
    await page.getByRole('button', { name: 'Opslaan als concept' }).click();
    await page.waitForURL(/\/beheer\/diensten\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('status').first().textContent()).toContain('De dienst is opgeslagen.');
    expect(await page.getByRole('heading', { name: 'Wat kun je verbeteren?' }).count()).toBe(1);
    await expectAccessible(page, 'service edit form');
    await screenshot(page, 'editor-service-edit');

    await page.getByRole('button', { name: 'Publiceren' }).click();
    await page.waitForURL(/\/beheer\/diensten\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('status').first().textContent()).toContain('De dienst is gepubliceerd.');
    await page.getByRole('link', { name: 'Geschiedenis van deze dienst' }).click();
    await page.waitForURL(/\/geschiedenis$/);
    const entries = await page.locator('.wc-history > li h2').allTextContents();
    expect(entries).toEqual(['Versie 2: Gepubliceerd', 'Versie 1: Aangemaakt']);
    expect(await page.getByText('Paula Partner').count()).toBe(2);
    await expectAccessible(page, 'service history');
    await screenshot(page, 'editor-service-history');

    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Locaties' }).click();
    await page.waitForURL(/\/beheer\/locaties$/);
    await expectAccessible(page, 'location list');
    await screenshot(page, 'editor-locations');
    await page.getByRole('link', { name: 'Nieuwe locatie' }).click();
    await page.waitForURL(/\/beheer\/locaties\/nieuw$/);
    await expectAccessible(page, 'location form');
    await screenshot(page, 'editor-location-form');
    await page.getByLabel('Naam van de locatie').fill('De Wissel Zuidoost');
    await page.getByLabel('Straat en huisnummer').fill('Bijlmerplein 1');
    await page.getByLabel('Postcode').fill('1102 DH');
    await page.getByLabel('Plaats', { exact: true }).fill('Amsterdam');
    await page.getByLabel('Gemeente', { exact: true }).selectOption({ label: 'Amsterdam' });
    await page.locator('#uren-0-dag-1').check();
    await page.locator('#uren-0-opens').fill('09:00');
    await page.locator('#uren-0-closes').fill('17:00');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.waitForURL(/\/beheer\/locaties\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('status').first().textContent()).toContain('De locatie is opgeslagen.');
    expect(await page.locator('#uren-0-opens').inputValue()).toBe('09:00');
    await context.close();
  });

  it('a name with markup characters and character references comes back unchanged after saving twice', async () => {
    const tricky = `R&amp;D &lt;script&gt;alert(1)&lt;/script&gt; & "dubbel" 'enkel' <b>`;
    const { db, baseUrl } = session.served;
    const wissel = await db.kysely.selectFrom('organisations').select(['id', 'name']).where('name', '=', 'Loopbaanbureau De Wissel (demo)').executeTakeFirstOrThrow();
    const service = await buildService(db, { ...wissel, regions: ['AM18'] });
    const context = await newContext(session.browser);
    const page = await context.newPage();
    await login(page, baseUrl, 'partner.amsterdam@werkcentrum.example');
    await page.goto(`${baseUrl}/beheer/diensten/${service.id}`);
    await page.getByLabel('Naam van de dienst').fill(tricky);
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.waitForURL(/\/beheer\/diensten\/[0-9a-f-]{36}$/);
    expect(await page.getByLabel('Naam van de dienst').inputValue()).toBe(tricky);
    // Saved once more as the page shows it: nothing decoded on the way.
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.waitForURL(/\/beheer\/diensten\/[0-9a-f-]{36}$/);
    expect(await page.getByLabel('Naam van de dienst').inputValue()).toBe(tricky);
    const row = await db.kysely.selectFrom('services').select('name').where('id', '=', service.id).executeTakeFirstOrThrow();
    expect(row.name).toBe(tricky);
    await context.close();
  });

  it('a coordinator archives a service in the region', async () => {
    const context = await newContext(session.browser);
    const page = await context.newPage();
    await login(page, session.served.baseUrl, 'coordinator.amsterdam@werkcentrum.example');
    await page.goto(`${session.served.baseUrl}/beheer/diensten?status=gepubliceerd`);
    await page.getByRole('link', { name: 'Netwerkgroep 50-plus', exact: false }).first().click();
    await page.waitForURL(/\/beheer\/diensten\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: 'Archiveren' }).click();
    await page.waitForURL(/\/beheer\/diensten\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('status').first().textContent()).toContain('De dienst is gearchiveerd.');
    const row = await session.served.db.kysely.selectFrom('services').select('status').where('key', '=', 'netwerkgroep-50-plus').executeTakeFirstOrThrow();
    expect(row.status).toBe('gearchiveerd');
    await context.close();
  });
});
