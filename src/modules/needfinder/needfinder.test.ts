import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { actorFor } from '../../../test/helpers/db.ts';
import { withActor } from '../../platform/db/tenancy.ts';
import { newTrace } from '../../platform/http/trace.ts';
import { defaultTree } from './needfinder.default.ts';

// The wegwijzer over HTTP on the demo catalogue: the public flow (answers only as option codes in
// the address, a shareable outcome without them, the region's services that fit), the
// coordinator's editor (own region only, errors at the field, audit, version) and row-level
// security on need_finder_trees when the application's checks are bypassed.

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
  it('lets the coordinator of Twente change a question text for Twente only, with audit and a new version', async () => {
    const agent = new Agent(served.app);
    await agent.login('coordinator.twente@werkcentrum.example');
    expect((await agent.get('/werkplek')).body).toContain('href="/beheer/wegwijzer"');
    const start = await agent.get('/beheer/wegwijzer');
    expect(start.statusCode).toBe(303);
    expect(start.headers.location).toBe('/beheer/wegwijzer/AM05');
    const overview = await agent.get('/beheer/wegwijzer/AM05');
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('standaard wegwijzer');

    // A validation error keeps the input and shows the message next to the field.
    const form = await agent.get('/beheer/wegwijzer/AM05/vragen/werkende-situatie');
    expect(form.statusCode).toBe(200);
    const fields = formFields(form.body);
    const invalid = await agent.post('/beheer/wegwijzer/AM05/vragen/werkende-situatie', { ...fields, textNl: '', 'option.0.labelEn': 'My job is gone' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toMatch(/id="veld-textNl-error">Vul dit in\./);
    expect(invalid.body).toContain('value="My job is gone"');

    const saved = await agent.post('/beheer/wegwijzer/AM05/vragen/werkende-situatie', { ...formFields(form.body), textNl: 'Hoe gaat het op je werk?' });
    expect(saved.statusCode).toBe(303);
    expect((await agent.get('/twente/wegwijzer?pad=werkende')).body).toContain('Hoe gaat het op je werk?');
    const amsterdam = (await agent.get('/groot-amsterdam/wegwijzer?pad=werkende')).body;
    expect(amsterdam).toContain('Hoe gaat het met je werk?');
    expect(amsterdam).not.toContain('Hoe gaat het op je werk?');

    const row = await served.db.kysely.selectFrom('need_finder_trees').select(['version']).where('region_code', '=', 'AM05').executeTakeFirstOrThrow();
    expect(row.version).toBe(1);
    const outcomeForm = await agent.get('/beheer/wegwijzer/AM05/uitkomsten/werkende-taal');
    const outcomeSaved = await agent.post('/beheer/wegwijzer/AM05/uitkomsten/werkende-taal', { ...formFields(outcomeForm.body), themes: ['nederlands-leren', 'digitale-vaardigheden'] });
    expect(outcomeSaved.statusCode).toBe(303);
    const after = await served.db.kysely.selectFrom('need_finder_trees').select(['version', 'tree']).where('region_code', '=', 'AM05').executeTakeFirstOrThrow();
    expect(after.version).toBe(2);
    expect((after.tree as typeof defaultTree).outcomes.find((o) => o.id === 'werkende-taal')!.themes).toEqual(['nederlands-leren', 'digitale-vaardigheden']);
    const audits = await served.db.kysely.selectFrom('audit_log').select(['action', 'target_id', 'outcome']).where('action', '=', 'needfinder.save').execute();
    expect(audits).toEqual([
      { action: 'needfinder.save', target_id: 'AM05', outcome: 'success' },
      { action: 'needfinder.save', target_id: 'AM05', outcome: 'success' },
    ]);

    // A form based on an older version is refused instead of overwriting the newer one.
    const stale = await agent.post('/beheer/wegwijzer/AM05/vragen/werkende-situatie', { ...fields, textNl: 'Oud' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Iemand anders heeft de wegwijzer net gewijzigd');

    // Back to the default.
    await agent.get('/beheer/wegwijzer/AM05');
    expect((await agent.post('/beheer/wegwijzer/AM05/standaard', {})).statusCode).toBe(303);
    expect((await agent.get('/twente/wegwijzer?pad=werkende')).body).toContain('Hoe gaat het met je werk?');
    expect(await served.db.kysely.selectFrom('need_finder_trees').select('region_code').where('region_code', '=', 'AM05').execute()).toEqual([]);
  });

  it('refuses the coordinator of Twente the tree of Groot Amsterdam, and a partner the editor', async () => {
    const agent = new Agent(served.app);
    await agent.login('coordinator.twente@werkcentrum.example');
    expect((await agent.get('/beheer/wegwijzer/AM18')).statusCode).toBe(403);
    expect((await agent.get('/beheer/wegwijzer/AM18/vragen/wie-ben-je')).statusCode).toBe(403);
    await agent.get('/beheer/wegwijzer/AM05/vragen/wie-ben-je');
    const post = await agent.post('/beheer/wegwijzer/AM18/vragen/wie-ben-je', { textNl: 'Gehackt', version: '0' });
    expect(post.statusCode).toBe(403);
    expect((await agent.post('/beheer/wegwijzer/AM18/standaard', {})).statusCode).toBe(403);

    const partner = new Agent(served.app);
    await partner.login('partner.amsterdam@werkcentrum.example');
    expect((await partner.get('/beheer/wegwijzer')).statusCode).toBe(403);
    expect(partner.lastPage).not.toContain('href="/beheer/wegwijzer"');
    expect(await served.db.kysely.selectFrom('need_finder_trees').select('region_code').execute()).toEqual([]);
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
    await tx.insertInto('need_finder_trees').values({ region_code: regionCode, tree: JSON.stringify(defaultTree) }).execute();
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
