import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { buildOrganisation, buildService, buildUser, type BuiltOrganisation } from '../../../test/factories.ts';
import { anonymiseQuestion, MIN_VISITORS, VisitorCounter } from './search-gaps.ts';
import { buildSearchQuery } from './search-query.ts';

// "Zoekvragen zonder goed resultaat" and the region's own thesaurus (T0029): questions that find
// little are counted without personal data and shown to the region's coordinator only once several
// different visitors asked them; one step turns a question into a thesaurus entry or a keyword, after
// which the region's search finds the service.

describe('anonymising a question', () => {
  it('leaves out numbers, e-mail and web addresses, phone numbers and names typed with a capital', () => {
    expect(anonymiseQuestion('Schulden hulp voor Jan de Vries 0612345678')).toBe('schulden hulp voor de');
    expect(anonymiseQuestion('mail me op piet@example.nl over werk')).toBe('mail me op over werk');
    expect(anonymiseQuestion('huurachterstand 7511AB www.huur.nl')).toBe('huurachterstand');
    expect(anonymiseQuestion('+31 6 1234 5678')).toBeNull();
    expect(anonymiseQuestion('Fatima')).toBe('fatima');
  });

  it('tells a visitor asking again from a new visitor, for one day', () => {
    const counter = new VisitorCounter();
    const day = new Date('2026-12-07T10:00:00Z');
    expect(counter.isNew('AM05', 'geen geld', '10.0.0.1', 'Firefox', day)).toBe(true);
    expect(counter.isNew('AM05', 'geen geld', '10.0.0.1', 'Firefox', day)).toBe(false);
    expect(counter.isNew('AM05', 'geen geld', '10.0.0.2', 'Firefox', day)).toBe(true);
    expect(counter.isNew('AM18', 'geen geld', '10.0.0.1', 'Firefox', day)).toBe(true);
    expect(counter.isNew('AM05', 'geen geld', '10.0.0.1', 'Firefox', new Date('2026-12-08T10:00:00Z'))).toBe(true);
  });

  it('expands a question with the region’s terms, a phrase included', () => {
    const query = buildSearchQuery('hulp bij geen geld', undefined, [{ term: 'geen geld', meaning: ['schulden'] }]);
    expect(query?.groups.find((g) => g.typed === 'geen')?.expanded).toContain('schulden:*');
    expect(buildSearchQuery('hulp bij geen geld')?.groups.some((g) => g.expanded.includes('schulden:*'))).toBe(false);
  });
});

describe('search tuning for a region’s coordinator', () => {
  const REGION = 'AM13';
  let t: TestApp;
  let slug: string;
  let provider: BuiltOrganisation;
  let coordinator: Agent;
  let otherCoordinator: Agent;
  let partner: Agent;
  let serviceId: string;

  beforeAll(async () => {
    t = await createTestApp();
    slug = (await t.db.kysely.selectFrom('regions').select('slug').where('code', '=', REGION).executeTakeFirstOrThrow()).slug;
    provider = await buildOrganisation(t.db, { regions: [REGION] });
    const municipality = await buildOrganisation(t.db, { kind: 'gemeente', regions: [REGION] });
    const elsewhere = await buildOrganisation(t.db, { kind: 'gemeente', regions: ['AM05'] });
    serviceId = (
      await buildService(t.db, provider, {
        name: 'Budgetmaatje',
        summary: 'Een vrijwilliger helpt je je post en rekeningen op orde te krijgen.',
        description: 'Samen maak je een overzicht van inkomsten en uitgaven.',
        themes: ['budgetcoaching'],
        regionCode: REGION,
        areaCodes: [REGION],
      })
    ).id;
    const [coordinatorUser, otherUser, partnerUser] = await Promise.all([
      buildUser(t.db, { memberships: [{ organisation: municipality, role: 'regiocoordinator' }] }),
      buildUser(t.db, { memberships: [{ organisation: elsewhere, role: 'regiocoordinator' }] }),
      buildUser(t.db, { memberships: [{ organisation: provider, role: 'partnermedewerker' }] }),
    ]);
    coordinator = new Agent(t.app);
    otherCoordinator = new Agent(t.app);
    partner = new Agent(t.app);
    await Promise.all([coordinator.login(coordinatorUser), otherCoordinator.login(otherUser), partner.login(partnerUser)]);
  });
  afterAll(async () => t?.close());

  const ask = (q: string, address: string, extra = '') => new Agent(t.app, { remoteAddress: address }).get(`/${slug}/zoeken?q=${encodeURIComponent(q)}${extra}`);
  const resultsFor = async (q: string) => {
    const page = await ask(q, '192.0.2.200');
    return page.body;
  };

  it('shows a question only once enough different visitors asked it, without the name in it', async () => {
    for (let visitor = 1; visitor < MIN_VISITORS; visitor++) await ask('Kwijtschelding voor Jansen', `192.0.2.${visitor}`);
    await ask('Kwijtschelding voor Jansen', '192.0.2.1'); // the same visitor again
    await ask('kwijtschelding', '192.0.2.9', '&kosten=gratis'); // filtered: not counted
    expect((await coordinator.get('/beheer/zoekvragen')).body).not.toContain('data-question="kwijtschelding voor"');
    await ask('Kwijtschelding voor Jansen', `192.0.2.${MIN_VISITORS}`);
    const page = await coordinator.get('/beheer/zoekvragen');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-question="kwijtschelding voor"');
    expect(page.body).not.toContain('Jansen');
    const stored = await t.db.kysely.selectFrom('search_gaps').selectAll().where('region_code', '=', REGION).execute();
    expect(stored.map((row) => [row.question, row.visitors, row.asks])).toEqual([['kwijtschelding voor', MIN_VISITORS, MIN_VISITORS + 1]]);
  });

  it('answers a question with a thesaurus entry in one step, after which the region’s search finds the service', async () => {
    expect(await resultsFor('kwijtschelding')).not.toContain('Budgetmaatje');
    await coordinator.get('/beheer/zoekvragen');
    const empty = await coordinator.post('/beheer/zoekvragen/zoekwoorden', { term: 'kwijtschelding voor', meaning: ' , ', vraag: '0' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="betekenis-0-error"');
    const added = await coordinator.post('/beheer/zoekvragen/zoekwoorden', { term: 'kwijtschelding voor', meaning: 'rekeningen, geldzorgen', vraag: '0' });
    expect(added.statusCode).toBe(303);
    expect(await resultsFor('kwijtschelding')).toContain('Budgetmaatje');
    const page = await coordinator.get('/beheer/zoekvragen');
    expect(page.body).not.toContain('data-question="kwijtschelding voor"');
    expect(page.body).toContain('“kwijtschelding” zoekt ook op: rekeningen, geldzorgen');
  });

  it('adds a question as a keyword to a service, as a new version of it', async () => {
    for (let visitor = 1; visitor <= MIN_VISITORS; visitor++) await ask('belastingaanslag', `198.51.100.${visitor}`);
    expect(await resultsFor('belastingaanslag')).not.toContain('Budgetmaatje');
    const before = await t.db.kysely.selectFrom('services').select('version').where('id', '=', serviceId).executeTakeFirstOrThrow();
    await coordinator.get('/beheer/zoekvragen');
    const added = await coordinator.post('/beheer/zoekvragen/trefwoord', { keyword: 'belastingaanslag', service: serviceId });
    expect(added.statusCode).toBe(303);
    const after = await t.db.kysely.selectFrom('services').select(['version', 'keywords']).where('id', '=', serviceId).executeTakeFirstOrThrow();
    expect(after.keywords).toContain('belastingaanslag');
    expect(after.version).toBe(before.version + 1);
    expect(await resultsFor('belastingaanslag')).toContain('Budgetmaatje');
  });

  it('keeps a region’s questions and thesaurus to its coordinator', async () => {
    expect((await partner.get('/beheer/zoekvragen')).statusCode).toBe(403);
    const other = await otherCoordinator.get('/beheer/zoekvragen');
    expect(other.body).not.toContain('kwijtschelding');
    const entry = await t.db.kysely.selectFrom('search_thesaurus').select('id').where('region_code', '=', REGION).executeTakeFirstOrThrow();
    expect((await otherCoordinator.post(`/beheer/zoekvragen/zoekwoorden/${entry.id}/verwijderen`, {})).statusCode).toBe(404);
    await coordinator.get('/beheer/zoekvragen');
    expect((await coordinator.post(`/beheer/zoekvragen/zoekwoorden/${entry.id}/verwijderen`, {})).statusCode).toBe(303);
    expect(await resultsFor('kwijtschelding')).not.toContain('Budgetmaatje');
  });
});
