import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { asOwner, createTestDatabase } from '../../../../test/helpers/db.ts';
import { formOfPage } from '../../../../test/helpers/html.ts';
import { buildLocation, buildOrganisation, buildService, buildUser, type BuiltOrganisation, type BuiltUser } from '../../../../test/factories.ts';
import { withActor, type Actor, type Tx } from '../../../platform/db/tenancy.ts';
import { newTrace } from '../../../platform/http/trace.ts';
import type { HsdsService } from '../../opendata/hsds.ts';
import { importRows, readCsvFile, readHsdsFile } from '../../opendata/import.ts';

// Which locations a service may be offered at (issue 11, finding 1f). A partner once attached
// another organisation's location to its own service by posting its id, and it showed on the public
// page and in the open-data export. Now a service links only its own organisation's locations and
// those another organisation explicitly shared with it (location_shares, set in the location
// editor by whoever edits the location). The editor offers only those and answers anything else
// with a field error; a trigger on service_locations refuses the rest for every writer, the owner too.
// The import records a share when its file gives another organisation's location in full, and
// refuses a link by key alone to a location that is not shared.

let t: TestApp;
let partnerOrg: BuiltOrganisation;
let gemeente: BuiltOrganisation;
let elsewhere: BuiltOrganisation;
let partner: BuiltUser;
let gemeenteStaff: BuiltUser;
let coordinator: BuiltUser;
let slug: string;

beforeAll(async () => {
  t = await createTestApp({ demo: false });
  partnerOrg = await buildOrganisation(t.db, { regions: ['AM05'] });
  gemeente = await buildOrganisation(t.db, { kind: 'gemeente', regions: ['AM05'] });
  elsewhere = await buildOrganisation(t.db, { regions: ['AM18'] });
  partner = await buildUser(t.db, { memberships: [{ organisation: partnerOrg, role: 'partnermedewerker' }] });
  gemeenteStaff = await buildUser(t.db, { memberships: [{ organisation: gemeente, role: 'partnermedewerker' }] });
  coordinator = await buildUser(t.db, { memberships: [{ organisation: gemeente, role: 'regiocoordinator' }] });
  slug = (await t.db.kysely.selectFrom('regions').select('slug').where('code', '=', 'AM05').executeTakeFirstOrThrow()).slug;
});
afterAll(async () => t?.close());

const linksOf = async (serviceId: string) =>
  (await t.db.kysely.selectFrom('service_locations').select('location_id').where('service_id', '=', serviceId).execute()).map((l) => l.location_id).sort();
const sharesOf = async (locationId: string) =>
  (await t.db.kysely.selectFrom('location_shares').select('organisation_id').where('location_id', '=', locationId).execute()).map((s) => s.organisation_id).sort();

async function signedIn(user: BuiltUser): Promise<Agent> {
  const agent = new Agent(t.app);
  await agent.login(user);
  return agent;
}

/** What the public sees of a service: its page on the region's portal and its record in the HSDS export. */
async function publicLocationsOf(serviceId: string): Promise<{ page: string; exported: string[] }> {
  const page = await t.app.inject({ method: 'GET', url: `/${slug}/diensten/${serviceId}` });
  expect(page.statusCode).toBe(200);
  const exportResponse = await t.app.inject({ method: 'GET', url: '/api/v1/open-data/hsds/services?region=AM05' });
  const record = (JSON.parse(exportResponse.body) as HsdsService[]).find((s) => s.id === serviceId)!;
  return { page: page.body, exported: (record.service_at_locations ?? []).map((sal) => sal.location!.id!).sort() };
}

describe('linking locations in the service editor', () => {
  let asPartner: Agent;
  beforeAll(async () => {
    asPartner = await signedIn(partner);
  });

  it('answers another organisation’s location id with a field error at the locations, links nothing, and the public never sees it', async () => {
    const counter = await buildLocation(t.db, gemeente, { role: 'werkcentrum', name: 'Werkcentrum Proefstad' });
    const office = await buildLocation(t.db, gemeente, { name: 'Stadskantoor Proefstad' });
    const own = await buildLocation(t.db, partnerOrg);
    const service = await buildService(t.db, partnerOrg, { locationIds: [own.id] });
    const page = await asPartner.get(`/beheer/diensten/${service.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(own.id);
    // Not offered: neither the region's Werkcentrum (not shared) nor another organisation's office.
    expect(page.body).not.toContain(counter.id);
    expect(page.body).not.toContain(office.id);
    for (const foreign of [counter.id, office.id]) {
      const response = await asPartner.post(`/beheer/diensten/${service.id}`, { ...formOfPage(page.body), locations: [own.id, foreign] });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('id="veld-locations-error"');
      expect(response.body).toContain('Deze locatie is van een andere organisatie en niet gedeeld met de organisatie van deze dienst.');
    }
    expect(await linksOf(service.id)).toEqual([own.id]);
    const seen = await publicLocationsOf(service.id);
    expect(seen.exported).toEqual([own.id]);
    expect(seen.page).not.toContain('Werkcentrum Proefstad');
    expect(seen.page).not.toContain('Stadskantoor Proefstad');
  });

  it('offers a location once its owner shares it; linked, it shows on the public page and in the export', async () => {
    const counter = await buildLocation(t.db, gemeente, { role: 'partner-in-werkcentrum', name: 'Werkpunt Deelstad' });
    const service = await buildService(t.db, partnerOrg);
    const asOwnerStaff = await signedIn(gemeenteStaff);
    const locationPage = await asOwnerStaff.get(`/beheer/locaties/${counter.id}`);
    expect(locationPage.body).toContain(`value="${partnerOrg.id}"`);
    // Only organisations active in the location's region are offered.
    expect(locationPage.body).not.toContain(`value="${elsewhere.id}"`);
    const shared = await asOwnerStaff.post(`/beheer/locaties/${counter.id}`, { ...formOfPage(locationPage.body), sharedWith: partnerOrg.id });
    expect(shared.statusCode).toBe(303);
    expect(await sharesOf(counter.id)).toEqual([partnerOrg.id]);

    const page = await asPartner.get(`/beheer/diensten/${service.id}`);
    expect(page.body).toContain(counter.id);
    const linked = await asPartner.post(`/beheer/diensten/${service.id}`, { ...formOfPage(page.body), locations: counter.id });
    expect(linked.statusCode).toBe(303);
    expect(await linksOf(service.id)).toEqual([counter.id]);
    const seen = await publicLocationsOf(service.id);
    expect(seen.exported).toEqual([counter.id]);
    expect(seen.page).toContain('Werkpunt Deelstad');
  });

  it('takes the location off the services of an organisation when the share is withdrawn (here by the coordinator)', async () => {
    const counter = await buildLocation(t.db, gemeente, { role: 'werkcentrum', name: 'Werkcentrum Terugstad' });
    await asOwner(t.db, 'catalogue-maintenance', (tx) => tx.insertInto('location_shares').values({ location_id: counter.id, organisation_id: partnerOrg.id }).execute());
    const service = await buildService(t.db, partnerOrg, { locationIds: [counter.id] });
    expect((await publicLocationsOf(service.id)).exported).toEqual([counter.id]);

    const asCoordinator = await signedIn(coordinator);
    const page = await asCoordinator.get(`/beheer/locaties/${counter.id}`);
    const form = formOfPage(page.body);
    expect(form.sharedWith).toBe(partnerOrg.id);
    delete form.sharedWith;
    expect((await asCoordinator.post(`/beheer/locaties/${counter.id}`, form)).statusCode).toBe(303);
    expect(await sharesOf(counter.id)).toEqual([]);
    expect(await linksOf(service.id)).toEqual([]);
    const seen = await publicLocationsOf(service.id);
    expect(seen.exported).toEqual([]);
    expect(seen.page).not.toContain('Werkcentrum Terugstad');
    const history = await t.db.kysely.selectFrom('service_history').select(['changed_by', 'changed_as']).where('service_id', '=', service.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(history).toEqual({ changed_by: coordinator.id, changed_as: 'regiocoordinator' });
  });

  it('lets only the location’s editors share it, and only with organisations active in its region', async () => {
    const counter = await buildLocation(t.db, gemeente, { role: 'werkcentrum' });
    const page = await asPartner.get(`/beheer/locaties/${counter.id}`);
    expect(page.statusCode).toBe(404);
    const own = await buildLocation(t.db, partnerOrg);
    const ownPage = await asPartner.get(`/beheer/locaties/${own.id}`);
    const response = await asPartner.post(`/beheer/locaties/${own.id}`, { ...formOfPage(ownPage.body), sharedWith: elsewhere.id });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('id="veld-sharedWith-error"');
    expect(await sharesOf(own.id)).toEqual([]);
  });
});

describe('linking locations in the database', () => {
  const as = <T>(actor: Actor, work: (tx: Tx) => Promise<T>) => withActor(t.db, { actor, trace: newTrace(), activity: 'catalogue-maintenance' }, work);

  it('refuses a link to another organisation’s unshared location, as the partner and as the owner of the database', async () => {
    const counter = await buildLocation(t.db, gemeente, { role: 'werkcentrum' });
    const service = await buildService(t.db, partnerOrg);
    const link = (tx: Tx) => tx.insertInto('service_locations').values({ service_id: service.id, location_id: counter.id }).execute();
    await expect(as(partner.actor, link)).rejects.toThrow(/is not shared with/);
    await expect(asOwner(t.db, 'catalogue-maintenance', link)).rejects.toThrow(/is not shared with/);
    expect(await linksOf(service.id)).toEqual([]);
  });

  it('lets a partner neither share another organisation’s location with themselves nor remove its shares', async () => {
    const counter = await buildLocation(t.db, gemeente, { role: 'werkcentrum' });
    const other = await buildOrganisation(t.db, { regions: ['AM05'] });
    await asOwner(t.db, 'catalogue-maintenance', (tx) => tx.insertInto('location_shares').values({ location_id: counter.id, organisation_id: other.id }).execute());
    await expect(
      as(partner.actor, (tx) => tx.insertInto('location_shares').values({ location_id: counter.id, organisation_id: partnerOrg.id }).execute()),
    ).rejects.toThrow(/row-level security/);
    const removed = await as(partner.actor, (tx) => tx.deleteFrom('location_shares').where('location_id', '=', counter.id).executeTakeFirst());
    expect(Number(removed.numDeletedRows)).toBe(0);
    // Who it is shared with is for the location's editors and the organisation it is shared with.
    expect(await as(partner.actor, (tx) => tx.selectFrom('location_shares').select('organisation_id').where('location_id', '=', counter.id).execute())).toEqual([]);
    expect(await as(gemeenteStaff.actor, (tx) => tx.selectFrom('location_shares').select('organisation_id').where('location_id', '=', counter.id).execute())).toEqual([
      { organisation_id: other.id },
    ]);
    expect(await sharesOf(counter.id)).toEqual([other.id]);
  });

  it('accepts a link to a shared location, and then refuses a change of owner that would leave it foreign', async () => {
    const counter = await buildLocation(t.db, gemeente, { role: 'werkcentrum' });
    const own = await buildLocation(t.db, partnerOrg);
    await as(gemeenteStaff.actor, (tx) => tx.insertInto('location_shares').values({ location_id: counter.id, organisation_id: partnerOrg.id }).execute());
    const service = await buildService(t.db, partnerOrg, { locationIds: [own.id] });
    await as(partner.actor, (tx) => tx.insertInto('service_locations').values({ service_id: service.id, location_id: counter.id }).execute());
    expect(await linksOf(service.id)).toEqual([counter.id, own.id].sort());
    const other = await buildOrganisation(t.db, { regions: ['AM05'] });
    // The service moving to another organisation would take both links along, unshared.
    await expect(
      asOwner(t.db, 'catalogue-maintenance', (tx) => tx.updateTable('services').set({ organisation_id: other.id }).where('id', '=', service.id).execute()),
    ).rejects.toThrow(/is not shared with/);
    // The partner's own location moving to another organisation would leave a foreign link behind.
    await expect(
      asOwner(t.db, 'catalogue-maintenance', (tx) => tx.updateTable('locations').set({ organisation_id: other.id }).where('id', '=', own.id).execute()),
    ).rejects.toThrow(/is not shared with/);
  });
});

describe('importing links to other organisations’ locations', () => {
  it('records the share a file states with the location in full, and refuses a link by key alone to an unshared location', async () => {
    const counter = await buildLocation(t.db, gemeente, { role: 'werkcentrum' });
    await asOwner(t.db, 'catalogue-maintenance', (tx) => tx.insertInto('location_shares').values({ location_id: counter.id, organisation_id: partnerOrg.id }).execute());
    const ownService = await buildService(t.db, gemeente, { locationIds: [counter.id] });
    const partnerService = await buildService(t.db, partnerOrg, { locationIds: [counter.id] });
    const exported = JSON.parse((await t.app.inject({ method: 'GET', url: '/api/v1/open-data/hsds/services?region=AM05' })).body) as HsdsService[];
    const json = exported.filter((s) => s.id === ownService.id || s.id === partnerService.id);
    const csv = readCsvFile((await t.app.inject({ method: 'GET', url: '/api/v1/open-data/services.csv?region=AM05' })).body).filter((row) => row.record?.key === partnerService.key);

    const fresh = await createTestDatabase();
    try {
      const imported = await importRows(fresh, readHsdsFile(JSON.stringify(json)), { region: 'AM05', publish: true });
      expect(imported.rows.map((row) => row.outcome)).toEqual(['created', 'created']);
      const shares = () =>
        fresh.kysely
          .selectFrom('location_shares as sh')
          .innerJoin('locations as l', 'l.id', 'sh.location_id')
          .innerJoin('organisations as o', 'o.id', 'sh.organisation_id')
          .select(['l.key', 'o.name'])
          .execute();
      expect(await shares()).toEqual([{ key: counter.key, name: partnerOrg.name }]);

      // Without the share, a CSV row naming the location by its key is refused, with the reason.
      await asOwner(fresh, 'catalogue-maintenance', (tx) => tx.deleteFrom('location_shares').execute());
      const byKey = await importRows(fresh, csv, { region: 'AM05' });
      expect(byKey.rows[0]).toMatchObject({
        outcome: 'failed',
        problems: [{ field: 'locations[0]', key: 'opendata.problem.locationNotShared', params: { location: counter.key, organisation: partnerOrg.name } }],
      });
      expect(await shares()).toEqual([]);
    } finally {
      await fresh.destroy();
    }
  });
});
