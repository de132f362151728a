import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { actorFor } from '../../../test/helpers/db.ts';
import { anonymous, withActor } from '../../platform/db/tenancy.ts';
import { newTrace } from '../../platform/http/trace.ts';
import { defaultTree } from './needfinder.default.ts';

// The wegwijzer over HTTP on the demo catalogue: the public flow (answers only as option codes in
// the address, a shareable outcome without them, the region's services that fit), the
// coordinator's editor (own region only, errors at the field, audit; changes in a draft with a
// preview, publish, undo and throw away; adding and removing questions and outcomes) and row-level
// security on need_finder_trees and need_finder_drafts when the application's checks are bypassed.

let served: TestApp;

beforeAll(async () => {
  served = await createTestApp({ catalogue: true });
});
afterAll(async () => {
  await served?.close();
});

const PATH_URL = /^\/[a-z-]+\/wegwijzer(\?pad=[a-z0-9-]+(\.[a-z0-9-]+)*)?$/;
const OUTCOME_URL = /^\/[a-z-]+\/wegwijzer\/uitkomst\/[a-z0-9-]+$/;

const decode = (text: string) => text.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"');

/** The href of the answer link with this text on a question page. */
function answerHref(page: string, label: string): string {
  const links = [...page.matchAll(/<a class="wc-choice" href="([^"]+)">([^<]+)<\/a>/g)].map((m) => ({ href: decode(m[1]!), label: decode(m[2]!) }));
  const link = links.find((candidate) => candidate.label.startsWith(label));
  if (!link) throw new Error(`no answer "${label}" among ${links.map((l) => l.label).join(' | ')}`);
  return link.href;
}

async function serviceIds(keys: string[], region: string): Promise<Map<string, string>> {
  const rows = await served.db.kysely.selectFrom('services').select(['id', 'key']).where('key', 'in', keys).where('region_code', '=', region).execute();
  return new Map(rows.map((row) => [row.key, row.id]));
}

describe('the public wegwijzer', () => {
  it('brings a worker in Enschede whose job is at risk to career advice and the sector training fund in three answers', async () => {
    const agent = new Agent(served.app);
    let url = '/twente/wegwijzer';
    const visited: string[] = [url];
    let page = await agent.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Wie ben je?');
    expect(page.body).toContain('Vraag 1 van hooguit 3');
    for (const answer of ['Ik heb werk', 'Mijn baan is in gevaar', 'Weten wat ik kan doen']) {
      url = answerHref(page.body, answer);
      visited.push(url);
      page = await agent.get(url);
      expect(page.statusCode, url).toBe(200);
    }
    // Every step's address holds only option codes; the outcome's address holds no answers at all.
    expect(visited.slice(0, -1).every((step) => PATH_URL.test(step)), visited.join(' ')).toBe(true);
    expect(visited[2]).toBe('/twente/wegwijzer?pad=werkende.baan-in-gevaar');
    expect(visited.at(-1)).toMatch(OUTCOME_URL);
    expect(visited.at(-1)).not.toContain('?');

    expect(page.body).toContain('Dit past bij jou');
    const ids = await serviceIds(['loopbaanadvies-baan-onzeker', 'techniekfonds-ontwikkeladvies', 'techniekfonds-scholingsbudget'], 'AM05');
    expect(ids.size).toBe(3);
    for (const id of ids.values()) expect(page.body).toContain(`href="/twente/diensten/${id}"`);
    expect(page.body).toContain('href="/twente/vraag"');
    expect(decode(page.body)).toMatch(/href="\/twente\/zoeken\?doelgroep=werkende&onderwerp=baan-in-gevaar&onderwerp=loopbaanadvies&onderwerp=ontwikkeladvies&onderwerp=scholingsgeld"/);
    // Terug leads to the last question, Opnieuw beginnen to the first.
    expect(page.body).toContain('href="/twente/wegwijzer?pad=werkende.baan-in-gevaar"');
    expect(page.body).toContain('href="/twente/wegwijzer"');
  });

  it('shows only published services of the region for the outcome', async () => {
    const page = await new Agent(served.app).get('/twente/wegwijzer/uitkomst/werkende-baan-in-gevaar-advies');
    const archived = await serviceIds(['rmt-twente-gestopt'], 'AM05');
    const amsterdam = await serviceIds(['loopbaanadvies-baan-in-gevaar'], 'AM18');
    expect(page.body).not.toContain(archived.get('rmt-twente-gestopt')!);
    expect(page.body).not.toContain(amsterdam.get('loopbaanadvies-baan-in-gevaar')!);
  });

  it('brings an employer in Heerlen to the WerkgeversServicepunt', async () => {
    const agent = new Agent(served.app);
    let page = await agent.get('/zuid-limburg/wegwijzer');
    page = await agent.get(answerHref(page.body, 'Ik ben werkgever'));
    expect(page.body).toContain('Vraag 2 van 2');
    const url = answerHref(page.body, 'Ik zoek personeel');
    expect(url).toBe('/zuid-limburg/wegwijzer/uitkomst/werkgever-personeel-vinden');
    page = await agent.get(url);
    const ids = await serviceIds(['werkgeversservicepunt-zuid-limburg'], 'AM30');
    expect(page.body).toContain(`/zuid-limburg/diensten/${ids.get('werkgeversservicepunt-zuid-limburg')}`);
  });

  it('has a Terug link to the previous question and shows the answers so far', async () => {
    const page = await new Agent(served.app).get('/twente/wegwijzer?pad=werkende.baan-in-gevaar');
    expect(page.body).toContain('Vraag 3 van 3');
    expect(page.body).toMatch(/<a class="utrecht-link" href="\/twente\/wegwijzer\?pad=werkende">← Terug<\/a>/);
    expect(page.body).toContain('Opnieuw beginnen');
    expect(page.body).toContain('Ik heb werk');
  });

  it('redirects a path that ends in an outcome to the short outcome address', async () => {
    const response = await new Agent(served.app).get('/twente/wegwijzer?pad=werkende.baan-in-gevaar.advies');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/twente/wegwijzer/uitkomst/werkende-baan-in-gevaar-advies');
  });

  it('asks again from the last valid answer when a path no longer exists, and 404s unknown regions and outcomes', async () => {
    const agent = new Agent(served.app);
    const gone = await agent.get('/twente/wegwijzer?pad=werkende.bestaat-niet');
    expect(gone.statusCode).toBe(404);
    expect(gone.body).toContain('Hoe gaat het met je werk?');
    expect(gone.body).toContain('bestaat niet meer');
    const hostile = await agent.get(`/twente/wegwijzer?pad=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(hostile.statusCode).toBe(404);
    expect(hostile.body).not.toContain('<script>alert(1)');
    expect((await agent.get('/nergens/wegwijzer')).statusCode).toBe(404);
    expect((await agent.get('/twente/wegwijzer/uitkomst/bestaat-niet')).statusCode).toBe(404);
  });

  it('speaks English when asked, with the same codes in the address', async () => {
    const page = await served.app.inject({ method: 'GET', url: '/twente/wegwijzer?pad=werkende', headers: { 'accept-language': 'en' } });
    expect(page.body).toContain('How is your work going?');
    expect(page.body).toContain('href="/twente/wegwijzer?pad=werkende.baan-in-gevaar"');
  });
});

describe('the editor', () => {
  // Each account signs in once per file: a TOTP code counts once per 30 seconds.
  let twente: Agent;
  beforeAll(async () => {
    twente = new Agent(served.app);
    await twente.login('coordinator.twente@werkcentrum.example');
  });

  const live = (region: string) => served.db.kysely.selectFrom('need_finder_trees').select(['tree', 'version', 'previous_tree', 'previous_version']).where('region_code', '=', region).executeTakeFirst();
  const draft = (region: string) => served.db.kysely.selectFrom('need_finder_drafts').select(['tree', 'version', 'based_on']).where('region_code', '=', region).executeTakeFirst();
  /** The Twente question a visitor sees after "Ik heb werk", as someone who is not signed in. */
  const visitorSees = async () => (await new Agent(served.app).get('/twente/wegwijzer?pad=werkende')).body;
  const draftVersion = async () => /data-draft="(\d+)"/.exec((await twente.get('/beheer/wegwijzer/AM05')).body)?.[1] ?? '';

  it('keeps a change in a draft visitors do not see, until the coordinator has previewed and published it; undo puts the previous version back', async () => {
    const agent = twente;
    expect((await agent.get('/werkplek')).body).toContain('href="/beheer/wegwijzer"');
    const start = await agent.get('/beheer/wegwijzer');
    expect(start.statusCode).toBe(303);
    expect(start.headers.location).toBe('/beheer/wegwijzer/AM05');
    const overview = await agent.get('/beheer/wegwijzer/AM05');
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('standaard wegwijzer');
    expect(overview.body).toContain('Er is geen concept.');
    expect(overview.body).not.toContain('Ongedaan maken');

    // A validation error keeps the input and shows the message next to the field.
    const form = await agent.get('/beheer/wegwijzer/AM05/vragen/werkende-situatie');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Je wijziging komt in het concept.');
    const fields = formFields(form.body);
    const invalid = await agent.post('/beheer/wegwijzer/AM05/vragen/werkende-situatie', { ...fields, textNl: '', 'option.0.labelEn': 'My job is gone' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toMatch(/id="veld-textNl-error">Vul dit in\./);
    expect(invalid.body).toContain('value="My job is gone"');

    // Saved into a draft: visitors still see the live (default) tree, nothing is stored as live.
    const saved = await agent.post('/beheer/wegwijzer/AM05/vragen/werkende-situatie', { ...formFields(form.body), textNl: 'Hoe gaat het op je werk?' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/beheer/wegwijzer/AM05');
    expect(await visitorSees()).toContain('Hoe gaat het met je werk?');
    expect(await visitorSees()).not.toContain('Hoe gaat het op je werk?');
    expect((await agent.get('/twente/wegwijzer?pad=werkende')).body).not.toContain('Hoe gaat het op je werk?');
    expect(await live('AM05')).toBeUndefined();
    expect(await draft('AM05')).toMatchObject({ based_on: 0 });

    // The overview says there is a draft and what it changes.
    const withDraft = await agent.get('/beheer/wegwijzer/AM05');
    expect(withDraft.body).toContain('Concept — niet gepubliceerd');
    expect(withDraft.body).toContain('data-changed="werkende-situatie">Gewijzigd: Vraag: Hoe gaat het op je werk?');
    expect(/data-node="werkende-situatie"[\s\S]*?<\/li>/.exec(withDraft.body)?.[0]).toContain('gewijzigd in het concept');

    // The preview walks the draft as a visitor would, marked and not indexed, its links staying in the preview.
    const preview = await agent.get('/beheer/wegwijzer/AM05/voorbeeld?pad=werkende');
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(preview.body).toContain('Voorbeeld van het concept. Bezoekers zien dit nog niet.');
    expect(preview.body).toContain('Hoe gaat het op je werk?');
    expect(preview.body).toContain('href="/beheer/wegwijzer/AM05/voorbeeld?pad=werkende.baan-in-gevaar"');
    expect(preview.body).toContain('href="/beheer/wegwijzer/AM05/voorbeeld/uitkomst/werkende-taal"');
    expect(preview.body).not.toContain('href="/twente/wegwijzer?pad=');
    const previewOutcome = await agent.get('/beheer/wegwijzer/AM05/voorbeeld/uitkomst/werkende-taal');
    expect(previewOutcome.statusCode).toBe(200);
    expect(previewOutcome.body).toContain('Voorbeeld van het concept');
    expect((await agent.get('/beheer/wegwijzer/AM05/voorbeeld?pad=werkende.taal')).headers.location).toBe('/beheer/wegwijzer/AM05/voorbeeld/uitkomst/werkende-taal');
    // Visitors cannot open the preview.
    expect((await new Agent(served.app).get('/beheer/wegwijzer/AM05/voorbeeld?pad=werkende')).statusCode).toBe(303);

    const outcomeForm = await agent.get('/beheer/wegwijzer/AM05/uitkomsten/werkende-taal');
    const outcomeSaved = await agent.post('/beheer/wegwijzer/AM05/uitkomsten/werkende-taal', { ...formFields(outcomeForm.body), themes: ['nederlands-leren', 'digitale-vaardigheden'] });
    expect(outcomeSaved.statusCode).toBe(303);
    const saves = await served.db.kysely.selectFrom('audit_log').select(['action', 'target_id', 'outcome']).where('action', '=', 'needfinder.save').execute();
    expect(saves).toEqual([
      { action: 'needfinder.save', target_id: 'AM05', outcome: 'success' },
      { action: 'needfinder.save', target_id: 'AM05', outcome: 'success' },
    ]);

    // A form based on an older version of the draft is refused instead of overwriting the newer one.
    const stale = await agent.post('/beheer/wegwijzer/AM05/vragen/werkende-situatie', { ...fields, textNl: 'Oud' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Iemand anders heeft het concept net gewijzigd');

    // Publishing: over the draft version the coordinator saw, then visitors see it.
    const version = await draftVersion();
    expect((await agent.post('/beheer/wegwijzer/AM05/publiceren', { version: String(Number(version) - 1) })).statusCode).toBe(409);
    await agent.get('/beheer/wegwijzer/AM05');
    const published = await agent.post('/beheer/wegwijzer/AM05/publiceren', { version });
    expect(published.statusCode).toBe(303);
    expect(await visitorSees()).toContain('Hoe gaat het op je werk?');
    expect((await new Agent(served.app).get('/groot-amsterdam/wegwijzer?pad=werkende')).body).toContain('Hoe gaat het met je werk?');
    const afterPublish = await live('AM05');
    expect(afterPublish).toMatchObject({ version: 1, previous_tree: null, previous_version: 0 });
    expect((afterPublish!.tree as typeof defaultTree).outcomes.find((o) => o.id === 'werkende-taal')!.themes).toEqual(['nederlands-leren', 'digitale-vaardigheden']);
    expect(await draft('AM05')).toBeUndefined();

    // Undo puts the previous live version (here the default) back; undoing again brings the change back.
    const undoable = await agent.get('/beheer/wegwijzer/AM05');
    expect(undoable.body).toContain('Er is geen concept.');
    expect(undoable.body).toContain('Zet de vorige versie weer online: de standaard wegwijzer.');
    expect((await agent.post('/beheer/wegwijzer/AM05/ongedaan-maken', { version: '1' })).statusCode).toBe(303);
    expect(await visitorSees()).toContain('Hoe gaat het met je werk?');
    expect(await live('AM05')).toMatchObject({ tree: null, version: 2, previous_version: 1 });
    await agent.get('/beheer/wegwijzer/AM05');
    expect((await agent.post('/beheer/wegwijzer/AM05/ongedaan-maken', { version: '1' })).statusCode).toBe(409);
    expect((await agent.post('/beheer/wegwijzer/AM05/ongedaan-maken', { version: '2' })).statusCode).toBe(303);
    expect(await visitorSees()).toContain('Hoe gaat het op je werk?');
    expect(await live('AM05')).toMatchObject({ version: 3, previous_tree: null, previous_version: 2 });

    // A new change thrown away: the draft is gone and what visitors see stays.
    const again = await agent.get('/beheer/wegwijzer/AM05/vragen/werkende-situatie');
    expect((await agent.post('/beheer/wegwijzer/AM05/vragen/werkende-situatie', { ...formFields(again.body), textNl: 'Weggooien maar' })).statusCode).toBe(303);
    // No undo while there is a draft: publishing it would overwrite what was undone.
    expect((await agent.get('/beheer/wegwijzer/AM05')).body).toContain('Ongedaan maken kan pas als er geen concept is.');
    expect((await agent.post('/beheer/wegwijzer/AM05/ongedaan-maken', { version: '3' })).statusCode).toBe(409);
    const discarded = await agent.post('/beheer/wegwijzer/AM05/concept-weggooien', { version: await draftVersion() });
    expect(discarded.statusCode).toBe(303);
    expect(await draft('AM05')).toBeUndefined();
    expect(await visitorSees()).toContain('Hoe gaat het op je werk?');

    // Back to the default is a draft too, published like any other.
    expect((await agent.get('/beheer/wegwijzer/AM05')).body).toContain('Terug naar standaard');
    expect((await agent.post('/beheer/wegwijzer/AM05/standaard', { version: '0' })).statusCode).toBe(303);
    expect(await draft('AM05')).toMatchObject({ tree: null });
    expect(await visitorSees()).toContain('Hoe gaat het op je werk?');
    const defaultDraft = await agent.get('/beheer/wegwijzer/AM05');
    expect(defaultDraft.body).toContain('Het concept is de standaard wegwijzer.');
    expect(defaultDraft.body).toContain('data-changed="werkende-taal"');
    expect((await agent.post('/beheer/wegwijzer/AM05/publiceren', { version: await draftVersion() })).statusCode).toBe(303);
    expect(await visitorSees()).toContain('Hoe gaat het met je werk?');
    expect(await live('AM05')).toMatchObject({ tree: null, version: 4 });
    const acts = await served.db.kysely.selectFrom('audit_log').select('action').where('target_id', '=', 'AM05').where('action', 'like', 'needfinder.%').orderBy('id').execute();
    expect(acts.map((a) => a.action).filter((a) => a !== 'needfinder.save')).toEqual([
      'needfinder.publish',
      'needfinder.undo',
      'needfinder.undo',
      'needfinder.discard',
      'needfinder.publish',
    ]);
  });

  it('adds an outcome and a question to the draft, and removes them again; a node other answers still lead to stays, with the reason at the button', async () => {
    const agent = twente;
    const added = await agent.get('/beheer/wegwijzer/AM05/nieuw/uitkomst');
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain('Hoe komt iemand hier?');
    const outcome = {
      ...formFields(added.body),
      id: 'Pensioen!',
      titleNl: 'Hulp bij je pensioen',
      explanationNl: 'Je wilt weten wat je pensioen wordt. Een adviseur rekent het met je uit.',
      audience: 'werkende',
      themes: ['loopbaanadvies'],
    };
    const refused = await agent.post('/beheer/wegwijzer/AM05/nieuw/uitkomst', outcome);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/id="veld-id-error">Gebruik kleine letters/);
    expect(refused.body).toContain('id="veld-from-error"');
    expect(refused.body).toContain('value="Hulp bij je pensioen"');
    const created = await agent.post('/beheer/wegwijzer/AM05/nieuw/uitkomst', {
      ...outcome,
      id: 'werkende-pensioen',
      from: 'werkende-situatie',
      fromCode: 'pensioen',
      fromLabelNl: 'Ik wil weten wat mijn pensioen wordt',
    });
    expect(created.statusCode).toBe(303);
    expect(await visitorSees()).not.toContain('Ik wil weten wat mijn pensioen wordt');
    expect((await agent.get('/beheer/wegwijzer/AM05/voorbeeld?pad=werkende')).body).toContain(
      '<a class="wc-choice" href="/beheer/wegwijzer/AM05/voorbeeld/uitkomst/werkende-pensioen">Ik wil weten wat mijn pensioen wordt</a>',
    );
    expect((await agent.get('/beheer/wegwijzer/AM05')).body).toContain('data-added="werkende-pensioen"');

    // A question between "Wat wil je?" and the new outcome, with two answers of its own.
    const questionForm = await agent.get('/beheer/wegwijzer/AM05/nieuw/vraag');
    const question = await agent.post('/beheer/wegwijzer/AM05/nieuw/vraag', {
      ...formFields(questionForm.body),
      id: 'werkende-pensioen-vraag',
      textNl: 'Wanneer ga je met pensioen?',
      'option.0.code': 'binnenkort',
      'option.0.labelNl': 'Binnen vijf jaar',
      'option.0.next': 'werkende-pensioen',
      'option.1.code': 'later',
      'option.1.labelNl': 'Later',
      'option.1.next': 'werkende-loopbaanadvies',
      from: 'werkende-groeien',
      fromCode: 'pensioen',
      fromLabelNl: 'Ik denk aan mijn pensioen',
    });
    expect(question.statusCode).toBe(303);
    const tree = (await draft('AM05'))!.tree as typeof defaultTree;
    expect(tree.questions.find((q) => q.id === 'werkende-pensioen-vraag')!.options.map((o) => o.next)).toEqual(['werkende-pensioen', 'werkende-loopbaanadvies']);

    // Two answers lead to the outcome now: it stays, and the page says which.
    const outcomePage = await agent.get('/beheer/wegwijzer/AM05/uitkomsten/werkende-pensioen');
    expect(outcomePage.body).toContain('Deze uitkomst verwijderen');
    const stillLinked = await agent.post('/beheer/wegwijzer/AM05/uitkomsten/werkende-pensioen/verwijderen', { version: await draftVersion() });
    expect(stillLinked.statusCode).toBe(400);
    expect(stillLinked.body).toMatch(/id="veld-removeNode-error">Het antwoord “Ik wil weten wat mijn pensioen wordt” bij de vraag “Hoe gaat het met je werk\?” leidt hier nog naartoe\./);
    expect(stillLinked.body).toContain('href="#veld-removeNode"');

    // The question goes with the answer that led to it; then the outcome can go too.
    const questionPage = await agent.get('/beheer/wegwijzer/AM05/vragen/werkende-pensioen-vraag');
    expect(questionPage.body).toContain('Het antwoord “Ik denk aan mijn pensioen” bij de vraag “Wat wil je?” gaat ook weg.');
    expect((await agent.post('/beheer/wegwijzer/AM05/vragen/werkende-pensioen-vraag/verwijderen', { version: await draftVersion() })).statusCode).toBe(303);
    expect((await agent.post('/beheer/wegwijzer/AM05/uitkomsten/werkende-pensioen/verwijderen', { version: await draftVersion() })).statusCode).toBe(303);
    const back = await agent.get('/beheer/wegwijzer/AM05');
    expect(back.body).toContain('Het concept is gelijk aan de wegwijzer die online staat.');

    // The first question stays.
    const root = await agent.get('/beheer/wegwijzer/AM05/vragen/wie-ben-je');
    expect(root.body).toContain('Dit is de eerste vraag. Die kun je niet verwijderen.');
    const rootRefused = await agent.post('/beheer/wegwijzer/AM05/vragen/wie-ben-je/verwijderen', { version: await draftVersion() });
    expect(rootRefused.statusCode).toBe(400);
    expect(rootRefused.body).toContain('href="#veld-removeNode">Verwijderen: de eerste vraag kun je niet verwijderen.');
    await agent.get('/beheer/wegwijzer/AM05');
    expect((await agent.post('/beheer/wegwijzer/AM05/concept-weggooien', { version: await draftVersion() })).statusCode).toBe(303);
  });

  it('refuses the coordinator of Twente the tree of Groot Amsterdam, and a partner the editor', async () => {
    const agent = twente;
    expect((await agent.get('/beheer/wegwijzer/AM18')).statusCode).toBe(403);
    expect((await agent.get('/beheer/wegwijzer/AM18/vragen/wie-ben-je')).statusCode).toBe(403);
    expect((await agent.get('/beheer/wegwijzer/AM18/voorbeeld')).statusCode).toBe(403);
    await agent.get('/beheer/wegwijzer/AM05/vragen/wie-ben-je');
    const post = await agent.post('/beheer/wegwijzer/AM18/vragen/wie-ben-je', { textNl: 'Gehackt', version: '0' });
    expect(post.statusCode).toBe(403);
    for (const act of ['standaard', 'publiceren', 'concept-weggooien', 'ongedaan-maken']) {
      expect((await agent.post(`/beheer/wegwijzer/AM18/${act}`, { version: '0' })).statusCode, act).toBe(403);
    }
    expect((await agent.post('/beheer/wegwijzer/AM18/nieuw/uitkomst', { version: '0', id: 'x' })).statusCode).toBe(403);

    const partner = new Agent(served.app);
    await partner.login('partner.amsterdam@werkcentrum.example');
    expect((await partner.get('/beheer/wegwijzer')).statusCode).toBe(403);
    expect(partner.lastPage).not.toContain('href="/beheer/wegwijzer"');
    expect((await partner.get('/beheer/wegwijzer/AM18/voorbeeld')).statusCode).toBe(403);
    expect(await served.db.kysely.selectFrom('need_finder_trees').select('region_code').where('region_code', '=', 'AM18').execute()).toEqual([]);
    expect(await served.db.kysely.selectFrom('need_finder_drafts').select('region_code').execute()).toEqual([]);
  });

  it('lets a platform administrator choose any region', async () => {
    const agent = new Agent(served.app);
    await agent.login('beheer@werkcentrum.example');
    const page = await agent.get('/beheer/wegwijzer');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/beheer/wegwijzer/AM30"');
    expect((await agent.get('/beheer/wegwijzer/AM30/uitkomsten/werkgever-personeel-vinden')).statusCode).toBe(200);
  });
});

describe('row-level security on need_finder_trees', () => {
  const write = (regionCode: string) => async (tx: Parameters<Parameters<typeof withActor>[2]>[0]) => {
    const tree = JSON.stringify(defaultTree);
    await tx.insertInto('need_finder_trees').values({ region_code: regionCode, tree }).onConflict((oc) => oc.column('region_code').doUpdateSet({ tree })).execute();
  };

  it('rejects a partner’s write and a coordinator’s write in another region, even without the application’s checks', async () => {
    const partner = await actorFor(served.db, 'partner.amsterdam@werkcentrum.example');
    await expect(withActor(served.db, { actor: partner, trace: newTrace() }, write('AM18'))).rejects.toThrow(/row-level security/);
    const twente = await actorFor(served.db, 'coordinator.twente@werkcentrum.example');
    await expect(withActor(served.db, { actor: twente, trace: newTrace() }, write('AM18'))).rejects.toThrow(/row-level security/);
    // The own region works, and another region's existing row cannot be changed or deleted either.
    await withActor(served.db, { actor: twente, trace: newTrace() }, write('AM05'));
    const amsterdam = await actorFor(served.db, 'coordinator.amsterdam@werkcentrum.example');
    const changed = await withActor(served.db, { actor: amsterdam, trace: newTrace() }, async (tx) => {
      const updated = await tx.updateTable('need_finder_trees').set({ tree: '{"root":"x"}' }).where('region_code', '=', 'AM05').executeTakeFirst();
      const deleted = await tx.deleteFrom('need_finder_trees').where('region_code', '=', 'AM05').executeTakeFirst();
      return Number(updated.numUpdatedRows) + Number(deleted.numDeletedRows);
    });
    expect(changed).toBe(0);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from need_finder_trees where region_code = 'AM05'`.execute(served.db.kysely);
    expect(rows[0]!.n).toBe(1);
  });
});

describe('row-level security on need_finder_drafts', () => {
  it('keeps drafts from visitors, partners and other regions’ coordinators, even without the application’s checks', async () => {
    const twente = await actorFor(served.db, 'coordinator.twente@werkcentrum.example');
    await withActor(served.db, { actor: twente, trace: newTrace() }, async (tx) => {
      await tx.insertInto('need_finder_drafts').values({ region_code: 'AM05', tree: JSON.stringify(defaultTree), based_on: 0 }).execute();
    });
    const reads = async (actor: Parameters<typeof withActor>[1]['actor']) =>
      withActor(served.db, { actor, trace: newTrace() }, (tx) => tx.selectFrom('need_finder_drafts').select('region_code').execute());
    expect(await reads(anonymous)).toEqual([]);
    expect(await reads(await actorFor(served.db, 'partner.amsterdam@werkcentrum.example'))).toEqual([]);
    expect(await reads(await actorFor(served.db, 'coordinator.amsterdam@werkcentrum.example'))).toEqual([]);
    expect(await reads(twente)).toEqual([{ region_code: 'AM05' }]);
    const partner = await actorFor(served.db, 'partner.amsterdam@werkcentrum.example');
    await expect(
      withActor(served.db, { actor: partner, trace: newTrace() }, (tx) =>
        tx.insertInto('need_finder_drafts').values({ region_code: 'AM18', tree: null, based_on: 0 }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    // The public wegwijzer of Twente still shows the live tree.
    expect((await new Agent(served.app).get('/twente/wegwijzer')).statusCode).toBe(200);
    await sql`delete from need_finder_drafts`.execute(served.db.kysely);
  });
});

/** The values of a form page as a browser would submit them (text inputs, textareas, checked boxes, selected options). */
function formFields(page: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const existing = fields[name];
    fields[name] = existing === undefined ? value : [existing].flat().concat(value);
  };
  for (const match of page.matchAll(/<input([^>]*)>/g)) {
    const attrs = match[1]!;
    const name = /name="([^"]+)"/.exec(attrs)?.[1];
    if (!name || name === '_csrf') continue;
    const type = /type="([^"]+)"/.exec(attrs)?.[1] ?? 'text';
    if ((type === 'checkbox' || type === 'radio') && !/\schecked/.test(attrs)) continue;
    add(name, decode(/value="([^"]*)"/.exec(attrs)?.[1] ?? ''));
  }
  for (const match of page.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) add(match[1]!, decode(match[2]!));
  for (const match of page.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected/.exec(match[2]!);
    add(match[1]!, selected ? decode(selected[1]!) : '');
  }
  return fields;
}
