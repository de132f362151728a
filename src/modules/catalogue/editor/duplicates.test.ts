import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { buildOrganisation, buildService, buildUser, type BuiltUser } from '../../../../test/factories.ts';
import { readPublic } from '../../../platform/db/tenancy.ts';
import { newTrace } from '../../../platform/http/trace.ts';
import { FacetKeys, searchServices } from '../search.repository.ts';
import { importRows, readHsdsFile } from '../../opendata/import.ts';

// One service, shown once: the coordinator sees pairs of services in the region that are probably
// the same (same or another organisation), marks one as the same as the other, and the search lists
// one; an import says when a new service looks like one that is there.

let t: TestApp;
let coordinator: BuiltUser;
let partner: BuiltUser;
let asCoordinator: Agent;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const gemeente = await buildOrganisation(t.db, { kind: 'gemeente', regions: ['AM13'] });
  const stichting = await buildOrganisation(t.db, { regions: ['AM13'] });
  coordinator = await buildUser(t.db, { memberships: [{ organisation: gemeente, role: 'regiocoordinator' }] });
  partner = await buildUser(t.db, { memberships: [{ organisation: stichting, role: 'partnermedewerker' }] });
  const text = { summary: 'Een budgetcoach helpt je thuis met je geldzaken en post.', description: 'Samen maak je een overzicht van je inkomsten, uitgaven en rekeningen.' };
  ids.own = (await buildService(t.db, gemeente, { name: 'Budgetcoach aan huis Utrecht', ...text })).id;
  ids.copy = (await buildService(t.db, stichting, { name: 'Budgetcoach aan huis', ...text })).id;
  ids.other = (await buildService(t.db, stichting, { name: 'Taalcafé in de bibliotheek', summary: 'Nederlands oefenen met buren.', description: 'Elke week praten in het Nederlands.' })).id;
  asCoordinator = new Agent(t.app);
  await asCoordinator.login(coordinator);
});
afterAll(async () => {
  await t.close();
});

const facetKeys = new FacetKeys();
const found = async (q: string) => (await readPublic(t.db, newTrace(), (tx) => searchServices(tx, { q, region: 'AM13' }, facetKeys))).items.map((item) => item.id);

describe('near-duplicates', () => {
  it('shows the coordinator the pair, not services that only share a theme, and lists the one kept after marking', async () => {
    const page = await asCoordinator.get('/beheer/diensten/dubbel');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`data-pair="${[ids.own, ids.copy].sort().join(' ')}"`);
    expect(page.body).not.toContain(ids.other);
    expect(await found('budgetcoach')).toEqual(expect.arrayContaining([ids.own, ids.copy]));

    const marked = await asCoordinator.post(`/beheer/diensten/${ids.copy}/zelfde-als`, { dienst: ids.own! });
    expect(marked.statusCode).toBe(303);
    const results = await found('budgetcoach');
    expect(results).toContain(ids.own);
    expect(results).not.toContain(ids.copy);
    // Marked, the pair is no longer one to look at.
    expect((await asCoordinator.get('/beheer/diensten/dubbel')).body).not.toContain(ids.copy);
    // Two services that are no pair cannot be marked.
    expect((await asCoordinator.post(`/beheer/diensten/${ids.other}/zelfde-als`, { dienst: ids.own! })).statusCode).toBe(404);
  });

  it('is the coordinator’s: a partner may not look or mark', async () => {
    const staff = new Agent(t.app);
    await staff.login(partner);
    expect((await staff.get('/beheer/diensten/dubbel')).statusCode).toBe(403);
  });

  it('warns at import when a new service looks like one that is there', async () => {
    const file = JSON.stringify([
      {
        id: 'f1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b',
        name: 'Budgetcoach aan huis',
        status: 'active',
        description: 'Een budgetcoach helpt je thuis met je geldzaken en post. Samen maak je een overzicht van je inkomsten, uitgaven en rekeningen.',
        organization: { id: 'f1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5c', name: 'Humanitas Utrecht', description: 'Vrijwilligers' },
        service_areas: [{ id: 'f1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5d', name: 'Utrecht' }],
      },
    ]);
    const summary = await importRows(t.db, readHsdsFile(file), { region: 'AM13', dryRun: true });
    expect(summary.rows[0]!.warnings).toContainEqual({ field: 'name', key: 'opendata.problem.alike', params: { name: 'Budgetcoach aan huis Utrecht', key: expect.any(String) } });
  });
});
