import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startSmtpServer } from '../helpers/smtp.ts';
import { expectAccessible, hasBrowser, launch, login, newContext, PHONE, screenshot, serve, type Served } from './browser.ts';

// The warm handover as its people walk it, in Chromium, with axe on every page and screenshots at
// phone and desktop width, once with JavaScript and once without: a citizen asks a question; the
// guide picks it up, records the person, chooses a UWV service and a private one, checks what each
// partner will see, records consent and sends; UWV sees the identity, the private reintegration
// firm only a pseudonym and the question; the firm accepts and reports the outcome; the guide sees
// the loop closed. Every e-mail the platform sent goes through a real SMTP server, and none carries
// the person's data.

let served: Served;
let browser: Browser;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  if (!hasBrowser) return;
  smtp = await startSmtpServer();
  [served, browser] = await Promise.all([serve({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) }), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
  await smtp?.close();
});

/** axe and screenshots in the JavaScript pass (axe runs as a script in the page); the HTML is the same without. */
async function check(page: Page, javaScript: boolean, label: string, name: string): Promise<void> {
  if (!javaScript) return;
  await expectAccessible(page, label);
  await screenshot(page, name);
}

async function journey(javaScript: boolean) {
  const suffix = javaScript ? 'js' : 'nojs';
  const person = { given: javaScript ? 'Noor' : 'Anouk', family: javaScript ? 'Vermeulen' : 'Dekker', email: `${javaScript ? 'met' : 'zonder'}-js.burger@voorbeeld.example` };
  const question = `Ik ben mijn baan in de zorg kwijt en zoek nieuw werk (${suffix}).`;
  const base = served.baseUrl;

  // A citizen asks a question on the region's portal.
  const citizen = await (await newContext(browser, { javaScript, viewport: PHONE })).newPage();
  await citizen.goto(`${base}/groot-amsterdam/vraag`);
  await citizen.getByLabel('Je naam').fill(`${person.given} ${person.family}`);
  await citizen.getByLabel('E-mailadres').fill(person.email);
  await citizen.getByLabel('Je vraag').fill(question);
  await citizen.waitForTimeout(3_200);
  await citizen.getByRole('button', { name: 'Vraag versturen' }).click();
  await citizen.waitForURL(/\/vraag\/verstuurd/);
  // The asker gets a reference, on the page and by e-mail.
  const reference = /V-[0-9A-Z]{8}/.exec((await citizen.locator('main').textContent()) ?? '')?.[0];
  expect(reference).toBeTruthy();
  await citizen.context().close();

  // The guide hears of the new question, picks it up and records the person from it.
  const guide = await (await newContext(browser, { javaScript })).newPage();
  await login(guide, base, 'gids.amsterdam@werkcentrum.example');
  await check(guide, javaScript, 'workspace with work', `referrals-workspace-guide`);
  await guide.getByRole('link', { name: /nieuwe vra(ag|gen)/ }).click();
  await guide.waitForURL(/\/vragen\?filter=nieuw$/);
  await check(guide, javaScript, 'new questions', 'contacts-list');
  await guide.getByRole('link', { name: reference! }).click();
  await guide.getByRole('button', { name: 'Ik pak deze vraag op' }).click();
  await guide.waitForURL(/\/vragen\/[0-9a-f-]{36}$/);
  await check(guide, javaScript, 'question picked up', 'contacts-detail');
  await guide.getByRole('link', { name: 'Cliënt vastleggen voor een verwijzing' }).click();
  await guide.waitForURL(/\/clienten\/nieuw\?vraag=/);
  await check(guide, javaScript, 'new client form', 'referrals-client-new');
  // Filled in from the question; the guide checks and completes it.
  expect(await guide.getByLabel('Voornaam').inputValue()).toBe(person.given);
  expect(await guide.getByLabel('Achternaam (niet verplicht)').inputValue()).toBe(person.family);
  expect(await guide.getByLabel('E-mailadres').inputValue()).toBe(person.email);
  await guide.getByLabel('Geboortedatum (niet verplicht)').fill('1980-04-02');
  await guide.getByLabel('BSN (niet verplicht)').fill(javaScript ? '230000010' : '230000022');
  await guide.getByLabel('Uitkering').selectOption('geen');
  await guide.getByRole('button', { name: 'Vastleggen' }).click();
  await guide.waitForURL(/\/clienten\/[0-9a-f-]{36}$/);
  const clientUrl = guide.url();
  await check(guide, javaScript, 'client record', 'referrals-client');

  // A referral to UWV: the purpose needs the identity, BSN included.
  await guide.getByRole('link', { name: 'Doorverwijzen' }).click();
  await guide.getByLabel('Zoek een dienst').fill('banenafspraak');
  await guide.getByRole('button', { name: 'Zoeken' }).click();
  await check(guide, javaScript, 'choose a service', 'referrals-choose');
  await guide.getByRole('link', { name: /^Kies deze dienst.*Werk vinden via de banenafspraak$/ }).click();
  await check(guide, javaScript, 'referral form', 'referrals-form');
  await guide.getByLabel('De vraag van de persoon').fill(question);
  await guide.getByRole('button', { name: 'Bekijk wat de partner ziet' }).click();
  await guide.waitForURL(/\/verwijzingen\/controleren$/);
  expect(await guide.locator('main').textContent()).toContain(javaScript ? '230000010' : '230000022');
  await check(guide, javaScript, 'preview and consent', 'referrals-preview-uwv');
  await guide.getByLabel('Mondeling').check();
  await guide.getByLabel('De persoon heeft deze tekst gelezen of gehoord en geeft toestemming.').check();
  await guide.getByRole('button', { name: 'Verwijzing versturen' }).click();
  await guide.waitForURL(/\/verwijzingen\/[0-9a-f-]{36}$/);
  await check(guide, javaScript, 'referral sent', 'referrals-sent');
  const uwvReference = (await guide.getByRole('heading', { level: 1 }).textContent())!.replace('Verwijzing ', '');

  // A referral to a private reintegration firm: without consent for identity, a pseudonym and the question.
  await guide.goto(clientUrl);
  await guide.getByRole('link', { name: 'Doorverwijzen' }).click();
  await guide.getByLabel('Zoek een dienst').fill('Sollicitatietraining');
  await guide.getByRole('button', { name: 'Zoeken' }).click();
  await guide.getByRole('link', { name: /^Kies deze dienst.*Sollicitatietraining/ }).first().click();
  await guide.getByLabel('De vraag van de persoon').fill(question);
  await guide.getByRole('button', { name: 'Bekijk wat de partner ziet' }).click();
  const preview = (await guide.locator('main').textContent())!;
  expect(preview).toContain('Alleen een pseudoniem');
  expect(preview).not.toContain(person.email);
  await check(guide, javaScript, 'preview without identity', 'referrals-preview-private');
  await guide.getByLabel('Digitaal').check();
  await guide.getByLabel('De persoon heeft deze tekst gelezen of gehoord en geeft toestemming.').check();
  await guide.getByRole('button', { name: 'Verwijzing versturen' }).click();
  await guide.waitForURL(/\/verwijzingen\/[0-9a-f-]{36}$/);
  const firmReference = (await guide.getByRole('heading', { level: 1 }).textContent())!.replace('Verwijzing ', '');
  await served.app.jobs.runUntilIdle();

  // UWV sees who it is.
  const uwv = await (await newContext(browser, { javaScript, viewport: PHONE })).newPage();
  await login(uwv, base, 'uwv.amsterdam@werkcentrum.example');
  await check(uwv, javaScript, 'partner workspace', 'referrals-workspace-partner');
  await uwv.goto(`${base}/verwijzingen?filter=nieuw`);
  await check(uwv, javaScript, 'partner inbox', 'referrals-inbox');
  await uwv.getByRole('link', { name: uwvReference }).click();
  const seenByUwv = (await uwv.locator('main').textContent())!;
  expect(seenByUwv).toContain(person.family);
  expect(seenByUwv).toContain(javaScript ? '230000010' : '230000022');
  await check(uwv, javaScript, 'referral at UWV', 'referrals-partner-uwv');
  await uwv.getByRole('button', { name: 'Aannemen' }).click();
  await uwv.waitForURL(/\/verwijzingen\/[0-9a-f-]{36}$/);
  await uwv.context().close();

  // The private firm sees the pseudonym and the question, accepts and reports the outcome.
  const firm = await (await newContext(browser, { javaScript })).newPage();
  await login(firm, base, 'partner.amsterdam@werkcentrum.example');
  await firm.goto(`${base}/verwijzingen?filter=nieuw`);
  await firm.getByRole('link', { name: firmReference }).click();
  const seenByFirm = (await firm.locator('main').textContent())!;
  expect(seenByFirm).toContain(question);
  expect(seenByFirm).toContain('Pseudoniem');
  for (const secret of [person.given, person.family, person.email, '230000010', '230000022']) expect(seenByFirm).not.toContain(secret);
  await check(firm, javaScript, 'referral at the private firm', 'referrals-partner-private');
  await firm.getByRole('button', { name: 'Aannemen' }).click();
  await firm.waitForURL(/\/verwijzingen\/[0-9a-f-]{36}$/);
  await firm.getByLabel('Uitkomst', { exact: true }).selectOption('hulp-gestart');
  await firm.getByRole('button', { name: 'Uitkomst melden en afronden' }).click();
  await firm.waitForURL(/\/verwijzingen\/[0-9a-f-]{36}$/);
  expect(await firm.locator('main').textContent()).toContain('Afgerond');
  await check(firm, javaScript, 'referral completed', 'referrals-completed');
  await firm.context().close();
  await served.app.jobs.runUntilIdle();

  // The guide sees the loop closed.
  await guide.goto(clientUrl);
  const record = (await guide.locator('main').textContent())!;
  expect(record).toContain('Afgerond');
  expect(record).toContain('Geaccepteerd');
  await guide.getByRole('link', { name: firmReference }).click();
  expect(await guide.locator('main').textContent()).toContain('Hulp gestart');
  await check(guide, javaScript, 'closed loop with timeline', 'referrals-closed');
  await guide.context().close();

  return { person, question, reference: reference! };
}

describe.skipIf(!hasBrowser)('the warm handover in the browser', () => {
  it('closes the loop with JavaScript and without, and no e-mail carries the person’s data', async () => {
    const walked = [await journey(true), await journey(false)];
    // The partners were told of the new referrals and the guide of the answers, by a reference and a link only.
    const referralMails = smtp.received.filter((mail) => /verwijzing VW-\d{6}/i.test(mail.raw));
    expect(referralMails.length).toBeGreaterThanOrEqual(8);
    expect(referralMails.some((mail) => mail.to.includes('uwv.amsterdam@werkcentrum.example'))).toBe(true);
    expect(referralMails.some((mail) => mail.to.includes('gids.amsterdam@werkcentrum.example'))).toBe(true);
    for (const { person, question, reference } of walked) {
      // The person who asked gets a confirmation with the reference, and not their question back.
      const own = smtp.received.filter((mail) => mail.to.includes(person.email));
      expect(own).toHaveLength(1);
      expect(own[0]!.raw).toContain(reference);
      expect(own[0]!.raw).not.toContain(question);
      // Everyone else: no personal data at all.
      for (const mail of smtp.received.filter((sent) => !sent.to.includes(person.email))) {
        for (const secret of [person.given, person.family, person.email, question, '230000010', '230000022']) expect(mail.raw, `${mail.to.join()}: ${/Subject: .*/.exec(mail.raw)?.[0]}`).not.toContain(secret);
      }
    }
    // The region's guides heard of each new question, by its reference.
    for (const { reference } of walked) expect(smtp.received.some((mail) => mail.to.includes('gids.amsterdam@werkcentrum.example') && mail.raw.includes(`Nieuwe vraag ${reference}`))).toBe(true);
  }, 180_000); // Two whole journeys, each with a citizen, a guide and two partners in their own browsers.

  it('lets the privacy officer find a person’s contact and client record, read everything held and the log, and export it', async () => {
    const officer = await (await newContext(browser, { javaScript: true })).newPage();
    await login(officer, served.baseUrl, 'privacy.amsterdam@werkcentrum.example');
    await officer.getByRole('link', { name: 'Verzoeken van personen' }).first().click();
    await officer.getByLabel('Naam, e-mailadres, telefoonnummer of BSN').fill('noor.haddad@voorbeeld.example');
    await officer.getByRole('button', { name: 'Zoeken' }).click();
    await officer.waitForURL(/\/privacy\/personen\?q=/);
    await check(officer, true, 'subject search', 'subjects-search');
    await officer.getByRole('link', { name: /^V-/ }).first().click();
    await officer.waitForURL(/\/privacy\/personen\/vragen\/[0-9a-f-]{36}$/);
    const contact = (await officer.locator('main').textContent()) ?? '';
    expect(contact).toContain('Noor Haddad');
    expect(contact).toContain('contact_requests.read');
    await check(officer, true, 'contact dossier', 'subjects-contact');
    // Erasing asks for a confirmation, next to the checkbox.
    await officer.getByRole('button', { name: 'Gegevens wissen' }).click();
    expect(await officer.locator('#veld-bevestig-error').textContent()).toContain('Vink aan');
    await check(officer, true, 'contact dossier, erasure not confirmed', 'subjects-contact-confirm');

    await officer.goto(`${served.baseUrl}/privacy/personen?q=${encodeURIComponent('Fatima El Amrani')}`);
    await officer.getByRole('link', { name: 'Fatima El Amrani' }).first().click();
    await officer.waitForURL(/\/privacy\/personen\/[0-9a-f-]{36}$/);
    expect((await officer.locator('main').textContent()) ?? '').toContain('Toestemming');
    await check(officer, true, 'client dossier', 'subjects-dossier');
    await officer.context().close();
  });
});
