import { describe, expect, it } from 'vitest';
import { browserSession, expectAccessible, hasBrowser, login, newContext, screenshot } from './browser.ts';

// Search tuning in Chromium: three visitors ask Twente's search something it does not know; its
// coordinator finds the question (without the name one visitor typed), links it to the words the
// services use in one step. Checked with axe and photographed.

const session = browserSession();

describe.skipIf(!hasBrowser)('search tuning journey', () => {
  it('a coordinator turns a question without a good result into a search word of the region', async () => {
    const visitors = await newContext(session.browser);
    for (const [index, question] of ['zeilinstructeur', 'Zeilinstructeur', 'zeilinstructeur Bram'].entries()) {
      const response = await visitors.request.get(`${session.served.baseUrl}/twente/zoeken?q=${encodeURIComponent(question)}`, {
        headers: { 'user-agent': `Bezoeker ${index}` },
      });
      expect(response.status()).toBe(200);
    }
    await visitors.close();

    const context = await newContext(session.browser);
    const page = await context.newPage();
    await login(page, session.served.baseUrl, 'coordinator.twente@werkcentrum.example');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Zoekvragen' }).click();
    await page.waitForURL(/\/beheer\/zoekvragen$/);
    const question = page.locator('[data-question="zeilinstructeur"]');
    expect(await question.count()).toBe(1);
    expect(await page.getByText('Bram').count()).toBe(0);
    expect(await question.textContent()).toContain('3 bezoekers, 3 keer gevraagd, 0 resultaten');
    await expectAccessible(page, 'search questions');
    await screenshot(page, 'search-tuning');

    await question.getByLabel('Dit betekent hetzelfde als').fill('sportinstructeur, opleiding sport');
    await question.getByRole('button', { name: 'Toevoegen aan de zoekwoorden' }).click();
    await page.waitForURL(/\/beheer\/zoekvragen$/);
    expect(await page.getByRole('status').first().textContent()).toContain('Het zoekwoord is toegevoegd.');
    expect(await page.getByText('“zeilinstructeur” zoekt ook op: sportinstructeur, opleiding sport').count()).toBe(1);
    await expectAccessible(page, 'search questions with a search word');
    await context.close();
  });
});
