import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { buildOrganisation, buildService, buildUser, unique, type BuiltUser } from '../../../test/factories.ts';

// The pages of the warm handover as people use them (without JavaScript: plain forms): a guide
// records a client, is offered the duplicate, chooses a service, checks the preview and sends; the
// partner finds it in the inbox, sees only what was shared, accepts and reports; another partner
// finds nothing; a withdrawn consent closes the partner's page. Errors keep the input.

let t: TestApp;
let guide: BuiltUser;
let partner: BuiltUser;
let otherPartner: BuiltUser;
let serviceName: string;
const guideAgent = () => agents.guide;
const agents = {} as Record<'guide' | 'partner' | 'other', Agent>;

const location = (response: { headers: Record<string, unknown> }) => String(response.headers.location ?? '');

beforeAll(async () => {
  t = await createTestApp({ demo: false });
  const [werkcentrum, firm, otherFirm] = await Promise.all([
    buildOrganisation(t.db, { kind: 'gemeente', suwiParty: true, regions: ['AM05'] }),
    buildOrganisation(t.db, { kind: 're_integratiebedrijf', regions: ['AM05'] }),
    buildOrganisation(t.db, { kind: 're_integratiebedrijf', regions: ['AM05'] }),
  ]);
  [guide, partner, otherPartner] = await Promise.all([
    buildUser(t.db, { memberships: [{ organisation: werkcentrum, role: 'gidsfunctionaris' }] }),
    buildUser(t.db, { memberships: [{ organisation: firm, role: 'partnermedewerker' }] }),
    buildUser(t.db, { memberships: [{ organisation: otherFirm, role: 'partnermedewerker' }] }),
  ]);
  serviceName = unique('Loopbaanadvies op maat');
  await buildService(t.db, firm, { name: serviceName, capacity: 'beperkt', access: ['via-verwijzing'] });
  agents.guide = new Agent(t.app);
  agents.partner = new Agent(t.app);
  agents.other = new Agent(t.app);
  await agents.guide.login(guide);
  await agents.partner.login(partner);
  await agents.other.login(otherPartner);
}, 120_000);
afterAll(async () => t?.close());

describe('the guide’s pages', () => {
  let clientId: string;
  let referralPath: string;

  it('records a client: errors next to the field with the input kept; a wrong BSN is named', async () => {
    const agent = guideAgent();
    const workspace = await agent.get('/werkplek');
    expect(workspace.body).toContain('Mijn werk: wat op je wacht');
    expect(workspace.body).toContain('href="/clienten/nieuw"');
    await agent.get('/clienten/nieuw');
    const invalid = await agent.post('/clienten/nieuw', { voornaam: '', achternaam: 'Bos', email: 'sam@voorbeeld.example', bsn: '123456789', uitkering: 'geen' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('Vul de voornaam in.');
    expect(invalid.body).toContain('Dit BSN klopt niet');
    expect(invalid.body).toContain('value="sam@voorbeeld.example"');
    const created = await agent.post('/clienten/nieuw', { voornaam: 'Sam', achternaam: 'Bos', email: 'sam@voorbeeld.example', bsn: '123456782', uitkering: 'geen', gemeente: 'GM0153' });
    expect(created.statusCode).toBe(303);
    clientId = location(created).split('/').pop()!;
    const page = await agent.get(`/clienten/${clientId}`);
    expect(page.body).toContain('*****6782');
    expect(page.body).not.toContain('123456782');
  });

  it('offers the record that exists when the same person is recorded again, and merges on request', async () => {
    const agent = guideAgent();
    await agent.get('/clienten/nieuw');
    const offered = await agent.post('/clienten/nieuw', { voornaam: 'sam', achternaam: 'BOS', telefoon: '06 11122233', email: 'sam@voorbeeld.example', uitkering: 'geen' });
    expect(offered.statusCode).toBe(200);
    expect(offered.body).toContain('Is dit iemand die al is vastgelegd?');
    const merged = await agent.post('/clienten/nieuw', { voornaam: 'sam', achternaam: 'BOS', telefoon: '06 11122233', email: 'sam@voorbeeld.example', uitkering: 'geen', besluit: `samenvoegen:${clientId}` });
    expect(location(merged)).toBe(`/clienten/${clientId}`);
    expect((await agent.get(`/clienten/${clientId}`)).body).toContain('06 11122233');
  });

  it('chooses a service with its capacity, checks the preview, and sends only after confirming consent', async () => {
    const agent = guideAgent();
    // The search finds it by its words (the random suffix of the name is not a word to search by).
    const choose = await agent.get(`/verwijzingen/nieuw?client=${clientId}&q=${encodeURIComponent('Loopbaanadvies op maat')}`);
    expect(choose.body).toContain(serviceName);
    expect(choose.body).toContain('Plek: wachtlijst');
    const serviceId = /dienst=([0-9a-f-]{36})/.exec(choose.body)![1]!;
    await agent.get(`/verwijzingen/nieuw?client=${clientId}&dienst=${serviceId}`);
    const fields = { client: clientId, dienst: serviceId, doel: 'loopbaanadvies', identiteit: 'nee', afhankelijk: 'nee', regie: 'werkcentrum', betaler: 'geen', geldig: '6' };
    const noQuestion = await agent.post('/verwijzingen/controleren', { ...fields, vraag: '' });
    expect(noQuestion.statusCode).toBe(400);
    expect(noQuestion.body).toContain('Schrijf de vraag van de persoon op.');
    const question = 'Wil graag weten welk werk bij haar past na 20 jaar in de zorg.';
    const preview = await agent.post('/verwijzingen/controleren', { ...fields, vraag: question });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Alleen een pseudoniem');
    expect(preview.body).toContain(question);
    expect(preview.body).not.toContain('sam@voorbeeld.example');
    const unconfirmed = await agent.post('/verwijzingen', { ...fields, vraag: question, grondslag: 'toestemming', hoe: 'mondeling', tekstversie: /name="tekstversie" value="([^"]+)"/.exec(preview.body)![1]! });
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.body).toContain('Bevestig dat de persoon deze tekst heeft gelezen');
    const sent = await agent.post('/verwijzingen', {
      ...fields,
      vraag: question,
      grondslag: 'toestemming',
      hoe: 'mondeling',
      toestemming_bevestigd: 'ja',
      tekstversie: /name="tekstversie" value="([^"]+)"/.exec(unconfirmed.body)![1]!,
    });
    expect(sent.statusCode).toBe(303);
    referralPath = location(sent);
    expect(referralPath).toMatch(/^\/verwijzingen\/[0-9a-f-]{36}$/);
    const page = await agent.get(referralPath);
    expect(page.body).toContain('Verzonden');
  });

  it('the partner sees it in the inbox, only the pseudonym and the question, accepts and reports; another partner finds nothing', async () => {
    const inbox = await agents.partner.get('/verwijzingen');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain(serviceName);
    // The partner's workspace counts it among the new ones, one click from the list.
    expect((await agents.partner.get('/werkplek')).body).toMatch(/<strong class="wc-count">1<\/strong> nieuwe verwijzing/);
    const page = await agents.partner.get(referralPath);
    expect(page.body).toContain('Pseudoniem');
    expect(page.body).not.toContain('Sam');
    expect(page.body).not.toContain('sam@voorbeeld.example');
    expect((await agents.other.get(referralPath)).statusCode).toBe(404);
    expect((await agents.other.get('/verwijzingen')).body).not.toContain(serviceName);

    expect(location(await agents.partner.post(`${referralPath}/accepteren`, {}))).toBe(referralPath);
    const missingOutcome = await agents.partner.post(`${referralPath}/afronden`, { uitkomst: '', toelichting: 'Een toelichting' });
    expect(missingOutcome.statusCode).toBe(400);
    expect(missingOutcome.body).toContain('Kies de uitkomst.');
    expect(missingOutcome.body).toContain('Een toelichting');
    await agents.partner.get(referralPath);
    expect(location(await agents.partner.post(`${referralPath}/afronden`, { uitkomst: 'hulp-gestart' }))).toBe(referralPath);
    const closed = await guideAgent().get(referralPath);
    expect(closed.body).toContain('Afgerond');
    expect(closed.body).toContain('Hulp gestart');
  });

  it('a partner chooses a daily digest instead of a mail per notice; a wrong value is refused', async () => {
    expect((await agents.partner.get('/verwijzingen/meldingen')).body).toContain('value="direct" checked');
    expect((await agents.partner.post('/verwijzingen/meldingen', { meldingen: 'elk-uur' })).statusCode).toBe(400);
    expect(location(await agents.partner.post('/verwijzingen/meldingen', { meldingen: 'dagelijks' }))).toBe('/verwijzingen');
    expect((await agents.partner.get('/verwijzingen/meldingen')).body).toContain('value="dagelijks" checked');
  });

  it('a guide cannot accept, and a partner cannot withdraw: the page says it can no longer be done', async () => {
    const refused = await guideAgent().post(`${referralPath}/accepteren`, {});
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Dit kan nu niet meer');
  });

  it('after the consent is withdrawn on the client page, the partner’s page is gone', async () => {
    const agent = guideAgent();
    // A second referral, still running, under its own consent.
    const client = await agent.get(`/clienten/${clientId}`);
    expect(client.body).toContain('Toestemming intrekken');
    const withdrawPath = /action="(\/clienten\/[^"]+\/toestemming\/[^"]+\/intrekken)"/.exec(client.body)![1]!;
    expect(location(await agent.post(withdrawPath, {}))).toBe(`/clienten/${clientId}`);
    expect((await agents.partner.get(referralPath)).statusCode).toBe(404);
    expect((await agent.get(`/clienten/${clientId}`)).body).toContain('Ingetrokken');
  });
});
