import { describe, expect, it } from 'vitest';
import { browserSession, expectAccessible, hasBrowser, login, newContext, screenshot } from './browser.ts';

// Importing another system's catalogue in Chromium, as Twente's coordinator: choose a file, read the
// check's report in Dutch (nothing changed yet), apply it, find the new services among the concepts. Every
// page is checked with axe and photographed at phone and desktop width.

const session = browserSession();

/** An HSDS 3.0 list as another region's system exports it: no Werkcentrum attributes. */
const file = JSON.stringify([
  {
    id: '7b0f3c1e-2d4a-4b5c-8d6e-0f1a2b3c4d5e',
    name: 'Schuldenpreventie Hengelo',
    status: 'active',
    description: 'Loop je achter met betalen? Een geldcoach helpt je op tijd, voordat het schulden worden.',
    organization: { id: '8b0f3c1e-2d4a-4b5c-8d6e-0f1a2b3c4d5e', name: 'Stichting Geldfit Twente', description: 'Vrijwilligers die helpen met geldzaken.' },
    service_areas: [{ id: '9b0f3c1e-2d4a-4b5c-8d6e-0f1a2b3c4d5e', name: 'Hengelo' }],
    service_at_locations: [
      {
        id: 'ab0f3c1e-2d4a-4b5c-8d6e-0f1a2b3c4d5e',
        location: {
          id: 'bb0f3c1e-2d4a-4b5c-8d6e-0f1a2b3c4d5e',
          location_type: 'physical',
          name: 'Wijkcentrum De Slinge',
          addresses: [{ id: 'cb0f3c1e-2d4a-4b5c-8d6e-0f1a2b3c4d5e', address_1: 'Slingeplein 3', city: 'Hengelo', state_province: 'Overijssel', postal_code: '7553 AB', country: 'NL', address_type: 'physical' }],
        },
      },
    ],
  },
  {
    id: 'db0f3c1e-2d4a-4b5c-8d6e-0f1a2b3c4d5e',
    name: 'Digicafé Almelo',
    status: 'active',
    description: 'Hulp met je telefoon, DigiD en e-mail. Loop binnen op woensdag.',
    organization: { id: 'eb0f3c1e-2d4a-4b5c-8d6e-0f1a2b3c4d5e', name: 'Bibliotheek Almelo', description: 'Openbare bibliotheek.' },
    service_areas: [{ id: 'fb0f3c1e-2d4a-4b5c-8d6e-0f1a2b3c4d5e', name: 'Gemeente Almelo' }],
  },
]);

describe.skipIf(!hasBrowser)('import journey', () => {
  it('a coordinator checks a file from another system, reads the report and applies it as concepts', async () => {
    const context = await newContext(session.browser);
    const page = await context.newPage();
    await login(page, session.served.baseUrl, 'coordinator.twente@werkcentrum.example');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Importeren' }).click();
    await page.waitForURL(/\/beheer\/import$/);
    await expectAccessible(page, 'import form');
    await screenshot(page, 'import-form');

    // Without a file: the error next to the field.
    await page.getByRole('button', { name: 'Bestand controleren' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Bestand: kies een bestand.');
    await expectAccessible(page, 'import form with an error');

    await page.getByLabel('Bestand').setInputFiles({ name: 'sociale-kaart-twente.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await page.getByRole('button', { name: 'Bestand controleren' }).click();
    await page.waitForURL(/\/beheer\/import\/[0-9a-f-]{36}$/);
    expect(await page.getByText('Wordt gecontroleerd').count()).toBe(1);
    await expectAccessible(page, 'import being checked');
    await session.served.app.jobs.runUntilIdle();
    await page.getByRole('link', { name: 'Voortgang bijwerken' }).click();
    await page.getByText('Gecontroleerd, wacht op jou').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-count="created"]').textContent()).toBe('2');
    await page.getByText(/Opmerkingen/).click();
    // Each remark in Dutch, after the field's HSDS path (neither service names its languages).
    const remark = page.getByRole('listitem').filter({ hasText: /^languages: / });
    expect(await remark.allTextContents()).toEqual([
      'languages: Er is geen taal opgegeven. We nemen aan dat de dienst in het Nederlands is.',
      'languages: Er is geen taal opgegeven. We nemen aan dat de dienst in het Nederlands is.',
    ]);
    expect(await page.locator('main').textContent()).not.toContain('opendata.problem.');
    await expectAccessible(page, 'checked import report');
    await screenshot(page, 'import-report');

    await page.getByRole('button', { name: 'Toepassen' }).click();
    await page.waitForURL(/\/beheer\/import\/[0-9a-f-]{36}$/);
    await session.served.app.jobs.runUntilIdle();
    await page.getByRole('link', { name: 'Voortgang bijwerken' }).click();
    await page.getByText('Toegepast').first().waitFor({ timeout: 10_000 });
    await expectAccessible(page, 'applied import');
    await page.getByRole('link', { name: 'Bekijk de concepten' }).click();
    await page.waitForURL(/\/beheer\/diensten\?status=concept$/);
    expect(await page.getByRole('link', { name: 'Schuldenpreventie Hengelo' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Digicafé Almelo' }).count()).toBe(1);
    await context.close();
  });
});
