import { describe, expect, it } from 'vitest';
import { browserSession, expectAccessible, hasBrowser, newContext, PHONE, screenshot } from './browser.ts';

// Searching a region portal in Chromium: without JavaScript from the home page to a result, and the
// search page with filters, distance and the empty state checked with axe at two widths.

const session = browserSession();

describe.skipIf(!hasBrowser)('search in a region portal', () => {
  it('a resident of Enschede finds loopbaanadvies without JavaScript', async () => {
    const context = await newContext(session.browser, { javaScript: false, viewport: PHONE });
    const page = await context.newPage();
    await page.goto(session.served.baseUrl);
    await page.getByLabel('In welke gemeente woon of werk je?').fill('Enschede');
    await page.getByRole('button', { name: 'Ga naar mijn Werkcentrum' }).click();
    await page.waitForURL(/\/twente$/);
    await page.getByRole('search').getByLabel('Waar zoek je hulp bij?').fill('loopbaanadvies');
    await page.getByRole('search').getByRole('button', { name: 'Zoeken' }).click();
    await page.waitForURL(/\/twente\/zoeken\?q=loopbaanadvies/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Zoeken in Werkcentrum Twente');
    const first = page.locator('.wc-results > li').first().getByRole('link');
    expect(await first.textContent()).toMatch(/loopbaanadvies/i);
    expect(await first.locator('mark').count()).toBeGreaterThan(0);

    // A filter and the distance from a postcode area, still without JavaScript.
    await page.getByLabel('Postcode of gemeente').fill('Enschede');
    await page.getByLabel('Sorteren op').selectOption('distance');
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    await page.waitForURL(/plaats=Enschede/);
    expect(await page.locator('.wc-results > li').first().textContent()).toMatch(/\d+(,\d)? km/);
    await page.getByLabel(/^Gratis \(\d+\)$/).check();
    await page.getByRole('button', { name: 'Filters toepassen' }).click();
    await page.waitForURL(/kosten=gratis/);
    expect(await page.locator('.wc-results > li').count()).toBeGreaterThan(0);

    const response = await Promise.all([page.waitForNavigation(), page.locator('.wc-results > li').first().getByRole('link').click()]).then(([r]) => r);
    expect(page.url()).toMatch(/\/twente\/diensten\/[0-9a-f-]{36}$/);
    expect(response?.status()).toBeLessThan(400);
    await context.close();
  });

  it('the search page passes axe with results, filters and the empty state, at phone and desktop width', async () => {
    const context = await newContext(session.browser);
    const page = await context.newPage();
    await page.goto(`${session.served.baseUrl}/twente/zoeken?q=loopbaanadvies&plaats=7511&sorteer=distance`);
    await expectAccessible(page, 'search results');
    await screenshot(page, 'search-twente');
    await page.setViewportSize(PHONE);
    await expectAccessible(page, 'search results (phone)');
    await page.goto(`${session.served.baseUrl}/twente/zoeken?q=qqxxzzvv&kosten=gratis`);
    await expectAccessible(page, 'search without results');
    expect(await page.getByRole('link', { name: 'Stel een vraag aan een gids van het Werkcentrum' }).getAttribute('href')).toBe('/twente/vraag');
    await screenshot(page, 'search-empty');
    await page.goto(`${session.served.baseUrl}/twente/zoeken?q=werk&plaats=Atlantis`);
    await expectAccessible(page, 'search with an unknown place');
    await context.close();
  });
});
