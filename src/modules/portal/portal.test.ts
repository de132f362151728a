import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { asOwner } from '../../../test/helpers/db.ts';
import { FORM_MAX_AGE_MS, formTokenKey, issueFormToken } from './form-token.ts';
import { CONTACT_RATE_LIMIT } from '../referrals/contacts.service.ts';
import { buildApp } from '../../app.ts';

// The public portal of a region, its service/organisation/location/pathway pages, "stel een vraag"
// with its abuse protection and processing log, and the national home's way to
// a region by municipality or postcode area. Runs on the demo catalogue.

let t: TestApp;
let tokenKey: Buffer;

beforeAll(async () => {
  t = await createTestApp({ catalogue: true });
  const { rows } = await sql<{ value: Buffer }>`select value from platform_secrets where name = 'cookie_key'`.execute(t.db.kysely);
  tokenKey = formTokenKey(rows[0]!.value);
});
afterAll(async () => t?.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });
const idOf = async (table: 'services' | 'locations', key: string) =>
  (await t.db.kysely.selectFrom(table).select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;
const orgId = async (name: string) => (await t.db.kysely.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

/** A form post from a given client address (the contact form's rate limit is per address). */
async function postFrom(agent: Agent, url: string, form: Record<string, string>, remoteAddress: string) {
  const body = new URLSearchParams({ ...form, _csrf: agent.csrfToken() });
  return t.app.inject({
    method: 'POST',
    url,
    payload: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    cookies: Object.fromEntries(agent.cookies),
    remoteAddress,
  });
}

describe('the region portal', () => {
  it('shows Werkcentrum Twente with three entry points, search, wegwijzer, the Werkcentrum with today’s hours, partners and pathways', async () => {
    const page = await get('/twente');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="utrecht-heading-1">Werkcentrum Twente</h1>');
    for (const segment of ['werkzoekenden', 'werkenden', 'werkgevers']) expect(page.body).toContain(`href="/twente/voor/${segment}"`);
    expect(page.body).toContain('Ik zoek werk');
    expect(page.body).toContain('Ik heb werk');
    expect(page.body).toContain('Ik ben werkgever');
    expect(page.body).toMatch(/<form method="get" action="\/twente\/zoeken" role="search"/);
    expect(page.body).toContain('href="/twente/wegwijzer"');
    expect(page.body).toContain('href="/twente/vraag"');
    const werkcentrum = await idOf('locations', 'werkcentrum-twente');
    expect(page.body).toContain(`href="/twente/locaties/${werkcentrum}"`);
    expect(page.body).toContain('Molenstraat 47');
    expect(page.body).toMatch(/Nu (open|gesloten)/);
    expect(page.body).toMatch(/Vandaag (open: \d\d:\d\d tot \d\d:\d\d uur|gesloten)/);
    expect(page.body).toContain('Bibliotheek Twentse Linde Almelo – partner in Werkcentrum Twente');
    // National pathways are shown in every region.
    expect(page.body).toContain('href="/twente/ontwikkelpaden/ontwikkelpad-pedagogisch-medewerker-kinderopvang"');
    // The municipalities stay, behind a <details>.
    expect(page.body).toContain('<li>Almelo</li>');
    // Other regions' locations are not here.
    expect(page.body).not.toContain('Werkcentrum Zuid-Limburg');
  });

  it('lists the themes for workers with counts, linking to the search with audience and theme', async () => {
    const page = await get('/twente/voor/werkenden');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="utrecht-heading-1">Ik heb werk</h1>');
    const link = /href="\/twente\/zoeken\?doelgroep=werkende&(?:amp;)?onderwerp=baan-in-gevaar">Je baan is in gevaar<\/a> <span class="wc-muted">\((\d+) diensten\)/.exec(page.body);
    expect(link).not.toBeNull();
    const { n } = (await sql<{ n: number }>`select count(*)::int as n from services where status = 'gepubliceerd'
      and area_regions @> array['AM05'] and audiences @> array['werkende'] and themes @> array['baan-in-gevaar']`.execute(t.db.kysely)).rows[0]!;
    expect(Number(link![1])).toBe(n);
    // Employers see employer themes, not the ones for workers only.
    const employers = await get('/twente/voor/werkgevers');
    expect(employers.body).toContain('onderwerp=personeel-werven');
    expect(employers.body).not.toContain('onderwerp=baan-in-gevaar');
    expect((await get('/twente/voor/iedereen')).statusCode).toBe(404);
  });

  it('shows a service with everything a person needs, and a question button that names it', async () => {
    const id = await idOf('services', 'loopbaanadvies-baan-onzeker');
    const page = await get(`/twente/diensten/${id}`);
    expect(page.statusCode).toBe(200);
    const service = await t.db.kysely.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(page.body).toContain(`<h1 class="utrecht-heading-1">${service.name}</h1>`);
    for (const label of ['Voor wie?', 'Kosten', 'Talen', 'Zo meld je je aan', 'Wat moet je doen?', 'Contact', 'Deze informatie is gecontroleerd op']) {
      expect(page.body, label).toContain(label);
    }
    expect(page.body).toContain('Nederlands');
    expect(page.body).toContain(`href="/twente/vraag?dienst=${id}"`);
    expect(page.body).toMatch(new RegExp(`href="/twente/organisaties/${service.organisation_id}"`));
  });

  it('answers 404 for unknown, malformed, concept and archived services; sends a service of another region to that region', async () => {
    for (const key of ['banenmarkt-twente-2027', 'rmt-twente-gestopt']) {
      expect((await get(`/twente/diensten/${await idOf('services', key)}`)).statusCode, key).toBe(404);
    }
    expect((await get('/twente/diensten/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await get('/twente/diensten/niet-een-id')).statusCode).toBe(404);
    const limburg = await idOf('services', 'werkgeversservicepunt-zuid-limburg');
    const moved = await get(`/twente/diensten/${limburg}`);
    expect(moved.statusCode).toBe(302);
    expect(moved.headers.location).toBe(`/zuid-limburg/diensten/${limburg}`);
    // A national service is offered in every region.
    expect((await get(`/twente/diensten/${await idOf('services', 'leerwerkloket-advies')}`)).statusCode).toBe(200);
    // A region code leads to the slug.
    const byCode = await get(`/am05/diensten/${limburg}`);
    expect(byCode.statusCode).toBe(301);
    expect(byCode.headers.location).toBe(`/twente/diensten/${limburg}`);
  });

  it('shows an organisation with its services and locations in the region, and 404 outside it', async () => {
    const enschede = await orgId('Gemeente Enschede');
    const page = await get(`/twente/organisaties/${enschede}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/twente/diensten/${await idOf('services', 'bijstand-enschede')}"`);
    expect(page.body).toContain(`href="/twente/locaties/${await idOf('locations', 'werkcentrum-twente')}"`);
    expect(page.body).toContain('werk@enschede.example');
    expect((await get(`/twente/organisaties/${await orgId('Startershuis Amstel (demo)')}`)).statusCode).toBe(404);
    expect((await get(`/twente/organisaties/${await orgId('Werkcentrum Platformteam (demo)')}`)).statusCode).toBe(404);
    expect((await get('/twente/organisaties/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('shows a location with its week of opening hours, now open or closed, accessibility, services and a static map', async () => {
    const id = await idOf('locations', 'werkcentrum-twente');
    const page = await get(`/twente/locaties/${id}`);
    expect(page.statusCode).toBe(200);
    for (const day of ['Maandag', 'Dinsdag', 'Woensdag', 'Donderdag', 'Vrijdag', 'Zaterdag', 'Zondag']) expect(page.body).toContain(`scope="row">${day}</th>`);
    expect(page.body).toMatch(/Donderdag<\/th><td class="utrecht-table__cell">09:00 tot 17:00 uur<br ?\/?>18:30 tot 20:30 uur/);
    expect(page.body).toMatch(/Zondag<\/th><td class="utrecht-table__cell">Gesloten/);
    expect(page.body).toMatch(/Nu (open|gesloten)/);
    expect(page.body).toContain('Ringleiding bij de balie');
    expect(page.body).toMatch(/<svg viewBox="0 0 320 320" role="img"[^>]*><title id="kaart-titel">Kaart van de regio Twente/);
    expect(page.body).toMatch(/<circle cx="\d+(\.\d)?" cy="\d+(\.\d)?"/);
    // In an attribute `&` is written `&amp;`, as HTML wants it (the browser follows `&`).
    expect(page.body).toContain('href="https://www.openstreetmap.org/?mlat=52.2221&amp;mlon=6.8949');
    expect(page.body).toContain(`href="/twente/diensten/${await idOf('services', 'werkcentrum-inloop')}"`);
    const elsewhere = await get(`/twente/locaties/${await idOf('locations', 'werkcentrum-zuid-limburg')}`);
    expect(elsewhere.statusCode).toBe(302);
    expect((await get('/twente/locaties/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('shows a pathway as ordered steps, each linking its service where the region offers it', async () => {
    const page = await get('/twente/ontwikkelpaden/ontwikkelpad-pedagogisch-medewerker-kinderopvang');
    expect(page.statusCode).toBe(200);
    const steps = page.body.slice(page.body.indexOf('<ol class="wc-steps">'), page.body.indexOf('</ol>', page.body.indexOf('<ol class="wc-steps">')));
    expect(steps.match(/<li class="wc-card">/g)).toHaveLength(7);
    expect(steps).toContain(`href="/twente/diensten/${await idOf('services', 'leerwerkloket-advies')}"`);
    expect(steps.indexOf('Oriënteren')).toBeLessThan(steps.indexOf('Meeloopdag'));
    expect((await get('/twente/ontwikkelpaden/bestaat-niet')).statusCode).toBe(404);
  });
});

describe('stel een vraag', () => {
  const oldToken = (region = 'AM05') => issueFormToken(tokenKey, region, Date.now() - 10_000);
  const rowsIn = async (region: string) => t.db.kysely.selectFrom('contact_requests').selectAll().where('region_code', '=', region).where('intake_channel', '=', 'website').where('created_at', '>', new Date(Date.now() - 3_600_000)).execute();

  it('stores exactly one request and one processing-log entry, then confirms who will contact them', async () => {
    const service = await idOf('services', 'loopbaanadvies-baan-onzeker');
    const agent = new Agent(t.app);
    const form = await agent.get(`/twente/vraag?dienst=${service}`);
    expect(form.body).toContain('Je vraag gaat over:');
    expect(form.body).toContain('gidsfunctionarissen en de regiocoördinator van Werkcentrum Twente');
    expect(form.body).toContain('6 maanden nadat de vraag is afgerond');
    expect(form.body).toContain('href="/privacy"');
    const before = await t.db.kysely.selectFrom('processing_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow();
    const response = await postFrom(
      agent,
      '/twente/vraag',
      {
        naam: 'Sam',
        email: 'sam@example.org',
        telefoon: '',
        vraag: 'Mijn baan gaat misschien verdwijnen. Wat kan ik doen?',
        wie: 'werkende',
        gemeente: 'GM0153',
        dienst: service,
        formtoken: oldToken(),
        website: '',
      },
      '10.0.0.1',
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/twente\/vraag\/verstuurd\?via=email&referentie=V-[0-9A-Z]{8}$/);
    const rows = await rowsIn('AM05');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'Sam', email: 'sam@example.org', phone: null, preferred_channel: 'email', audience: 'werkende', municipality_code: 'GM0153', service_id: service, status: 'nieuw', intake_channel: 'website' });
    expect(response.headers.location).toContain(`referentie=${rows[0]!.reference}`);
    const log = await t.db.kysely
      .selectFrom('processing_log')
      .select(['name', 'processing_activity_id', 'data_subject_id_type'])
      .where('seq', '>', Number(before.seq ?? 0))
      .execute();
    expect(log).toEqual([{ name: 'contact_requests.insert', processing_activity_id: 'contact-requests', data_subject_id_type: 'contact_request' }]);
    const confirmation = await agent.get(response.headers.location as string);
    expect(confirmation.body).toContain('Een gidsfunctionaris van Werkcentrum Twente stuurt je binnen 2 werkdagen een e-mail.');
    expect(confirmation.body).toContain(`Je vraag heeft nummer ${rows[0]!.reference}. We hebben je een e-mail gestuurd met dit nummer.`);
  });

  it('rejects a filled honeypot and a form sent too fast, without a row, with the input kept', async () => {
    const agent = new Agent(t.app);
    const page = await agent.get('/twente/vraag');
    // The honeypot is hidden from everyone, cannot be reached by Tab, and is not filled by the browser.
    expect(page.body).toMatch(/<div class="wc-hp" aria-hidden="true"><label for="veld-website">[^<]+<\/label><input id="veld-website" type="text" name="website" value="" tabindex="-1" autocomplete="off"\/?>/);
    const pageToken = /name="formtoken" value="([^"]+)"/.exec(page.body)![1]!;
    const before = (await rowsIn('AM05')).length;
    const filled = { naam: 'Bot', email: 'bot@example.org', vraag: 'Koop nu goedkope horloges', website: 'https://spam.example' };
    const robot = await postFrom(agent, '/twente/vraag', { ...filled, formtoken: oldToken() }, '10.0.0.2');
    expect(robot.statusCode).toBe(400);
    expect(robot.body).toContain('Je vraag is niet verstuurd');
    const fast = await postFrom(agent, '/twente/vraag', { ...filled, website: '', naam: 'Snelle Sam', formtoken: pageToken }, '10.0.0.2');
    expect(fast.statusCode).toBe(400);
    expect(fast.body).toContain('dat ging heel snel');
    expect(fast.body).toContain('value="Snelle Sam"');
    expect(fast.body).toContain('Koop nu goedkope horloges</textarea>');
    const forged = await postFrom(agent, '/twente/vraag', { ...filled, website: '', formtoken: `${(Date.now() - 10_000).toString(36)}.${'A'.repeat(43)}` }, '10.0.0.2');
    expect(forged.statusCode).toBe(400);
    const otherRegion = await postFrom(agent, '/twente/vraag', { ...filled, website: '', formtoken: oldToken('AM18') }, '10.0.0.2');
    expect(otherRegion.statusCode).toBe(400);
    const expired = await postFrom(agent, '/twente/vraag', { ...filled, website: '', formtoken: issueFormToken(tokenKey, 'AM05', Date.now() - 3 * 3600_000) }, '10.0.0.3');
    expect(expired.statusCode).toBe(400);
    expect(expired.body).toContain('het formulier stond te lang open');
    expect((await rowsIn('AM05')).length).toBe(before);
  });

  it('shows validation errors next to the fields with the input kept', async () => {
    const agent = new Agent(t.app);
    await agent.get('/twente/vraag');
    const before = (await rowsIn('AM05')).length;
    const response = await postFrom(agent, '/twente/vraag', { naam: '', email: 'geen-adres', telefoon: 'bel me', vraag: '', gemeente: 'GM0363', formtoken: oldToken() }, '10.0.0.4');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('id="veld-naam-error">Vul je naam in. Je voornaam is genoeg.</div>');
    expect(response.body).toContain('id="veld-email-error">Vul een e-mailadres in zoals naam@organisatie.nl.</div>');
    expect(response.body).toContain('id="veld-telefoon-error">');
    expect(response.body).toContain('id="veld-vraag-error">Schrijf je vraag op.</div>');
    // Amsterdam is not a municipality of Twente.
    expect(response.body).toContain('id="veld-gemeente-error">');
    expect(response.body).toContain('value="geen-adres"');
    expect(response.body).toContain('href="#veld-naam"');
    const both = await postFrom(agent, '/twente/vraag', { naam: 'Kim', email: 'kim@example.org', telefoon: '06 12345678', vraag: 'Hulp?', formtoken: oldToken() }, '10.0.0.4');
    expect(both.statusCode).toBe(400);
    expect(both.body).toContain('id="veld-kanaal-error">Kies hoe je het liefst contact wilt.</div>');
    const tooLong = await postFrom(agent, '/twente/vraag', { naam: 'Kim', telefoon: '06 12345678', vraag: 'x'.repeat(2001), formtoken: oldToken() }, '10.0.0.4');
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('maximaal 2000 tekens');
    expect((await rowsIn('AM05')).length).toBe(before);
  });

  // Part of a valid question; each test adds its own words, so rows are found by text.
  const question = (vraag: string) => ({ naam: 'Sam', email: 'sam@example.org', vraag, website: '' });
  const rowsAsking = async (vraag: string) => t.db.kysely.selectFrom('contact_requests').select('id').where('message', '=', vraag).execute();
  const tokenOf = (page: string) => /name="formtoken" value="([^"]+)"/.exec(page)![1]!;

  it('counts only accepted questions: seven failed posts from one computer, then a good one goes through', async () => {
    const agent = new Agent(t.app);
    await agent.get('/twente/vraag');
    for (let i = 0; i < 7; i++) expect((await postFrom(agent, '/twente/vraag', { naam: '', formtoken: oldToken() }, '10.0.1.1')).statusCode).toBe(400);
    const accepted = await postFrom(agent, '/twente/vraag', { ...question('Na zeven pogingen lukt het wel.'), formtoken: oldToken() }, '10.0.1.1');
    expect(accepted.statusCode).toBe(303);
    expect(await rowsAsking('Na zeven pogingen lukt het wel.')).toHaveLength(1);
  });

  it('after the limit of accepted questions from one computer, keeps the typed text with 429, Retry-After and a way to call; in every app process', async () => {
    const agent = new Agent(t.app);
    await agent.get('/twente/vraag');
    const address = '10.0.1.2';
    for (let i = 0; i < CONTACT_RATE_LIMIT.max; i++) {
      expect((await postFrom(agent, '/twente/vraag', { ...question(`Vraag ${i} van de bibliotheek.`), formtoken: oldToken() }, address)).statusCode).toBe(303);
    }
    const typed = { naam: 'Noor', telefoon: '06 12345678', vraag: 'Wie helpt mij met mijn cv?', wie: 'werkzoekende', website: '' };
    const over = await postFrom(agent, '/twente/vraag', { ...typed, formtoken: oldToken() }, address);
    expect(over.statusCode).toBe(429);
    const retryAfter = Number(over.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(CONTACT_RATE_LIMIT.windowSeconds - 120);
    expect(retryAfter).toBeLessThanOrEqual(CONTACT_RATE_LIMIT.windowSeconds);
    expect(over.body).toContain('Er zijn vanaf deze computer veel vragen gestuurd.');
    expect(over.body).toContain(`over ${Math.ceil(retryAfter / 60)} minuten opnieuw, of bel 053 555 0100.`);
    expect(over.body).toContain('value="Noor"');
    expect(over.body).toContain('value="06 12345678"');
    expect(over.body).toContain('Wie helpt mij met mijn cv?</textarea>');
    expect(over.body).toMatch(/<option value="werkzoekende" selected/);
    expect(await rowsAsking('Wie helpt mij met mijn cv?')).toHaveLength(0);

    // The count is in the database: a second app process on it refuses the same computer too.
    const second = await buildApp({ config: t.config, db: t.db });
    try {
      await second.ready();
      const body = new URLSearchParams({ ...typed, formtoken: oldToken(), _csrf: agent.csrfToken() }).toString();
      const elsewhere = await second.inject({
        method: 'POST',
        url: '/twente/vraag',
        payload: body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        cookies: Object.fromEntries(agent.cookies),
        remoteAddress: address,
      });
      expect(elsewhere.statusCode).toBe(429);
    } finally {
      await second.close();
    }
    // Another computer is not affected.
    expect((await postFrom(agent, '/twente/vraag', { ...question('Van een andere computer.'), formtoken: oldToken() }, '10.0.1.3')).statusCode).toBe(303);

    // The limit is per computer, in every region; where no Werkcentrum phone number is known, walk in.
    const groningen = await postFrom(agent, '/groningen/vraag', { ...typed, formtoken: oldToken('AM01') }, address);
    expect(groningen.statusCode).toBe(429);
    expect(groningen.body).toContain('opnieuw, of loop binnen bij Werkcentrum Groningen.');

    // An hour later the kept form goes through as it is.
    await asOwner(t.db, 'submission-keys', (tx) =>
      sql`update form_submissions set created_at = created_at - interval '1 hour'
        where client_hash = app_pseudonym(${`submission-client:${address}`})`.execute(tx),
    );
    const later = await postFrom(agent, '/twente/vraag', { ...typed, formtoken: tokenOf(over.body) }, address);
    expect(later.statusCode).toBe(303);
    expect(later.headers.location).toMatch(/^\/twente\/vraag\/verstuurd\?via=telefoon&referentie=V-/);
    expect(await rowsAsking('Wie helpt mij met mijn cv?')).toHaveLength(1);
  });

  it('does not call a quick second try of a re-rendered form too fast: the time counts from when the form was first shown', async () => {
    const agent = new Agent(t.app);
    await agent.get('/twente/vraag');
    const first = await postFrom(agent, '/twente/vraag', { ...question('Snel verbeterd.'), email: 'sam@', formtoken: oldToken() }, '10.0.1.4');
    expect(first.statusCode).toBe(400);
    expect(first.body).toContain('value="sam@"');
    const fixed = await postFrom(agent, '/twente/vraag', { ...question('Snel verbeterd.'), formtoken: tokenOf(first.body) }, '10.0.1.4');
    expect(fixed.statusCode).toBe(303);
    expect(await rowsAsking('Snel verbeterd.')).toHaveLength(1);
  });

  it('stores a form sent twice at the same moment once, and shows both the confirmation', async () => {
    const agent = new Agent(t.app);
    await agent.get('/twente/vraag');
    const form = { ...question('Twee keer op de knop gedrukt.'), formtoken: oldToken() };
    const responses = await Promise.all([postFrom(agent, '/twente/vraag', form, '10.0.1.5'), postFrom(agent, '/twente/vraag', form, '10.0.1.5')]);
    const [stored] = await t.db.kysely.selectFrom('contact_requests').select('reference').where('message', '=', 'Twee keer op de knop gedrukt.').execute();
    const answer = `/twente/vraag/verstuurd?via=email&referentie=${stored!.reference}`;
    expect(responses.map((r) => [r.statusCode, r.headers.location])).toEqual([
      [303, answer],
      [303, answer],
    ]);
    expect(await rowsAsking('Twee keer op de knop gedrukt.')).toHaveLength(1);
  });

  it('answers a captured form replayed from ten addresses with the first result, and stores one question', async () => {
    const agent = new Agent(t.app);
    await agent.get('/twente/vraag');
    const form = { ...question('Opgenomen en tien keer verstuurd.'), formtoken: oldToken() };
    let first = '';
    for (let i = 1; i <= 10; i++) {
      // A replay that changes the contact details still shows where the first one led.
      const replay = i === 1 ? form : { ...form, email: '', telefoon: '06 12345678' };
      const response = await postFrom(agent, '/twente/vraag', replay, `10.0.2.${i}`);
      expect(response.statusCode, `from address ${i}`).toBe(303);
      first ||= response.headers.location as string;
      expect(response.headers.location).toBe(first);
      expect(first).toMatch(/^\/twente\/vraag\/verstuurd\?via=email&referentie=V-/);
    }
    expect(await rowsAsking('Opgenomen en tien keer verstuurd.')).toHaveLength(1);
  });

  it('answers a sent form that has since expired with the first result, not with a new question', async () => {
    const agent = new Agent(t.app);
    await agent.get('/twente/vraag');
    const form = { ...question('Later nog eens verstuurd.'), formtoken: issueFormToken(tokenKey, 'AM05', Date.now() - FORM_MAX_AGE_MS + 1_000) };
    const sent = await postFrom(agent, '/twente/vraag', form, '10.0.1.6');
    expect(sent.statusCode).toBe(303);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const again = await postFrom(agent, '/twente/vraag', form, '10.0.1.6');
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(sent.headers.location);
    expect(await rowsAsking('Later nog eens verstuurd.')).toHaveLength(1);
  });
});

describe('the search’s place field', () => {
  it('says a postcode does not exist, suggests names for a typo, and offers the region a place belongs to', async () => {
    const postcode = await get('/twente/zoeken?q=werk&plaats=1234');
    expect(postcode.statusCode).toBe(400);
    expect(postcode.body).toContain('Postcode 1234 bestaat niet of kennen we niet.');
    expect(postcode.body).toContain('value="1234"');
    const typo = await get(`/twente/zoeken?q=werk&plaats=${encodeURIComponent('Enschde')}`);
    expect(typo.statusCode).toBe(400);
    expect(typo.body).toContain('Bedoel je: Enschede?');
    const elsewhere = await get(`/twente/zoeken?q=werk&plaats=${encodeURIComponent('Den Haag')}`);
    expect(elsewhere.statusCode).toBe(200);
    expect(elsewhere.body).toContain('hoort bij Werkcentrum Haaglanden');
    expect(elsewhere.body).toContain('href="/haaglanden/zoeken');
  });
});

describe('the national home leads to the region', () => {
  beforeAll(async () => {
    await asOwner(t.db, 'reference-data', (tx) =>
      tx
        .insertInto('postcode_areas')
        .values([
          { pc4: '7511', municipality_code: 'GM0153', lat: 52.2215, lon: 6.8937 },
          { pc4: '6411', municipality_code: 'GM0917', lat: 50.8882, lon: 5.9795 },
        ])
        .onConflict((oc) => oc.column('pc4').doNothing())
        .execute(),
    );
  });

  it('by municipality or PC4 postcode area, with or without the letters', async () => {
    for (const [input, slug] of [
      ['Enschede', 'twente'],
      ['7511', 'twente'],
      ['7511 AB', 'twente'],
      ['7511ab', 'twente'],
      ['6411', 'zuid-limburg'],
    ] as const) {
      const response = await get(`/gemeente-kiezen?gemeente=${encodeURIComponent(input)}`);
      expect(response.statusCode, input).toBe(303);
      expect(response.headers.location, input).toBe(`/${slug}`);
    }
    // 1000 is not a postcode area (Amsterdam starts at 1011).
    await asOwner(t.db, 'reference-data', (tx) => tx.deleteFrom('postcode_areas').where('pc4', '=', '1000').execute());
    const unknown = await get('/gemeente-kiezen?gemeente=1000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('We kennen postcode 1000 niet.');
    expect(unknown.body).toContain('value="1000"');
    expect((await get('/')).body).toContain('je postcode');
  });
});
