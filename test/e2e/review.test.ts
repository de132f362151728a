import { describe, expect, it } from 'vitest';
import { browserSession, expectAccessible, hasBrowser, login, newContext, screenshot } from './browser.ts';

// Publication review in Chromium: Groot Amsterdam's coordinator chooses approval first; a partner
// changes a published service and sees that it waits; the coordinator rejects it (first without a
// reason: the error next to the field), the partner reads the reason and offers it again, and the
// coordinator approves it. Every page is checked with axe and photographed at phone and desktop width.

const session = browserSession();
const SERVICE = 'Sollicitatietraining: van cv tot gesprek';

describe.skipIf(!hasBrowser)('publication review journey', () => {
  it('a coordinator approves first: a partner’s change waits, is rejected with a reason, offered again and approved', async () => {
    const coordinatorContext = await newContext(session.browser);
    const coordinator = await coordinatorContext.newPage();
    await login(coordinator, session.served.baseUrl, 'coordinator.amsterdam@werkcentrum.example');
    await coordinator.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Ter controle' }).click();
    await coordinator.waitForURL(/\/beheer\/controle$/);
    expect(await coordinator.getByText('Er wacht niets op controle.').count()).toBe(1);
    await coordinator.getByLabel('Na controle: de regiocoördinator keurt eerst goed').check();
    await coordinator.getByRole('button', { name: 'Keuze opslaan' }).click();
    expect(await coordinator.getByRole('status').first().textContent()).toContain('Je keuze is opgeslagen.');
    await expectAccessible(coordinator, 'empty review queue');

    const partnerContext = await newContext(session.browser);
    const partner = await partnerContext.newPage();
    await login(partner, session.served.baseUrl, 'partner.amsterdam@werkcentrum.example');
    await partner.goto(`${session.served.baseUrl}/beheer/diensten`);
    await partner.getByRole('link', { name: SERVICE }).click();
    await partner.getByLabel('Korte samenvatting').fill('Oefen je sollicitatiegesprek met een coach en maak een cv dat opvalt.');
    await partner.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await partner.waitForURL(/\/beheer\/diensten\/[0-9a-f-]{36}$/);
    expect(await partner.getByRole('status').first().textContent()).toContain('De regiocoördinator controleert je wijziging');
    expect(await partner.getByLabel('Korte samenvatting').inputValue()).toBe('Oefen je sollicitatiegesprek met een coach en maak een cv dat opvalt.');
    await expectAccessible(partner, 'service awaiting review');
    await screenshot(partner, 'review-partner-waiting');
    const serviceUrl = partner.url();

    await coordinator.goto(`${session.served.baseUrl}/beheer/controle`);
    const item = coordinator.locator('[data-request]').filter({ hasText: SERVICE });
    expect(await item.textContent()).toContain('Wat verandert: Korte samenvatting');
    expect(await item.textContent()).not.toMatch(/Beschrijving|Organisatie/);
    await expectAccessible(coordinator, 'review queue');
    await screenshot(coordinator, 'review-queue');
    await item.getByRole('link', { name: 'Afwijzen' }).click();
    await coordinator.getByRole('button', { name: 'Afwijzen' }).click();
    expect(await coordinator.getByRole('alert').textContent()).toContain('Reden van afwijzen');
    await expectAccessible(coordinator, 'reject form with an error');
    await coordinator.getByLabel('Reden van afwijzen').fill('Noem ook hoe lang de training duurt.');
    await coordinator.getByRole('button', { name: 'Afwijzen' }).click();
    await coordinator.waitForURL(/\/beheer\/controle$/);
    expect(await coordinator.getByRole('status').first().textContent()).toContain('Afgewezen.');

    await partner.goto(serviceUrl);
    expect(await partner.locator('[data-review="afgewezen"]').textContent()).toContain('Noem ook hoe lang de training duurt.');
    await partner.getByLabel('Korte samenvatting').fill('In vier weken oefen je je sollicitatiegesprek met een coach en maak je een cv dat opvalt.');
    await partner.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await partner.waitForURL(/\/beheer\/diensten\/[0-9a-f-]{36}$/);

    await coordinator.goto(`${session.served.baseUrl}/beheer/controle`);
    await coordinator.locator('[data-request]').filter({ hasText: SERVICE }).getByRole('button', { name: 'Goedkeuren en publiceren' }).click();
    await coordinator.waitForURL(/\/beheer\/controle$/);
    expect(await coordinator.getByRole('status').first().textContent()).toContain('Goedgekeurd');
    expect(await coordinator.getByText('Er wacht niets op controle.').count()).toBe(1);

    const search = await coordinator.request.get(`${session.served.baseUrl}/api/v1/services?q=sollicitatiegesprek&region=AM18`);
    const found = (await search.json()) as { services: { name: string; summary: string }[] };
    expect(found.services.find((s) => s.name === SERVICE)?.summary).toBe('In vier weken oefen je je sollicitatiegesprek met een coach en maak je een cv dat opvalt.');
    await coordinatorContext.close();
    await partnerContext.close();
  });
});
