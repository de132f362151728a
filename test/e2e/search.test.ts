import { describe, expect, it } from 'vitest';
import { browserSession, DESKTOP, expectAccessible, hasBrowser, newContext, PHONE, screenshot } from './browser.ts';

/** The narrowest common phone (the Galaxy A series). */
const NARROW_PHONE = { width: 360, height: 800 };

// Searching a region portal in Chromium: without JavaScript from the home page to a result, and the
// search page with filters, distance and the empty state checked with axe at two widths, and the
// page on a narrow phone: results first, the filters behind a button.

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
    // On a phone the filters wait, closed, behind a button under the results.
    await page.locator('.wc-filter-details > summary').click();
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

  it('on a 360 px phone the results come first and the filters wait behind a closed button', async () => {
    // The page has no script; the button is a <details>. (axe needs JavaScript, so it is on here.)
    const context = await newContext(session.browser, { viewport: NARROW_PHONE });
    const page = await context.newPage();
    await page.goto(`${session.served.baseUrl}/twente/zoeken?q=werk&kosten=gratis`);
    const filters = page.locator('.wc-search__filters');
    const details = filters.locator('details');
    const summary = details.locator('summary');
    const firstResult = page.locator('.wc-results > li').first();
    // Reading order: the first result, then the filters; on the screen too.
    // 4 is Node.DOCUMENT_POSITION_FOLLOWING: the filters come after the card.
    expect(await firstResult.evaluate((card, form) => card.compareDocumentPosition(form!) & 4, await filters.elementHandle())).toBe(4);
    expect((await firstResult.boundingBox())!.y).toBeLessThan((await summary.boundingBox())!.y);
    // Closed, and the button says how many filters are on; a link above the results leads there.
    expect(await details.getAttribute('open')).toBeNull();
    expect(await summary.textContent()).toBe('Filteren (1 actief)');
    expect(await page.getByLabel(/^Gratis \(\d+\)$/).isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: 'Filteren (1 actief)' }).getAttribute('href')).toBe('#filters');
    // Nothing sticks out sideways.
    expect(await page.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(NARROW_PHONE.width);
    await expectAccessible(page, 'search results, filters closed (360 px)');
    await summary.click();
    expect(await page.getByLabel(/^Gratis \(\d+\)$/).isChecked()).toBe(true);
    await expectAccessible(page, 'search results, filters open (360 px)');

    // On a wide screen the filters stand open beside the results, without the button.
    await page.reload();
    await page.setViewportSize(DESKTOP);
    expect(await page.getByLabel(/^Gratis \(\d+\)$/).isVisible()).toBe(true);
    expect(await summary.isVisible()).toBe(false);
    expect((await filters.boundingBox())!.x).toBeGreaterThan((await firstResult.boundingBox())!.x);
    await expectAccessible(page, 'search results, filters beside them (desktop)');
    await context.close();
  });
});
