import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { formOfPage } from '../../../../test/helpers/html.ts';
import { buildOrganisation, buildService, buildUser, serviceFormFields, type BuiltOrganisation, type BuiltUser } from '../../../../test/factories.ts';
import { withActor } from '../../../platform/db/tenancy.ts';
import { newTrace } from '../../../platform/http/trace.ts';

// Publication review (T0028) over HTTP: a region's coordinator chooses approval first; a partner's
// publication then waits in the "ter controle" queue while the public keeps the published version;
// the coordinator approves (published) or rejects with a reason (shown to the partner). The
// database refuses a partner's direct publication too, and other regions' coordinators see nothing.

const REGION = 'AM12';
let t: TestApp;
let provider: BuiltOrganisation;
let partnerUser: BuiltUser;
let partner: Agent;
let coordinator: Agent;
let otherCoordinator: Agent;

beforeAll(async () => {
  t = await createTestApp();
  provider = await buildOrganisation(t.db, { regions: [REGION] });
  const werkcentrum = await buildOrganisation(t.db, { kind: 'gemeente', regions: [REGION] });
  const elsewhere = await buildOrganisation(t.db, { kind: 'gemeente', regions: ['AM05'] });
  partnerUser = await buildUser(t.db, { memberships: [{ organisation: provider, role: 'partnermedewerker' }] });
  const [coordinatorUser, otherUser] = await Promise.all([
    buildUser(t.db, { memberships: [{ organisation: werkcentrum, role: 'regiocoordinator' }] }),
    buildUser(t.db, { memberships: [{ organisation: elsewhere, role: 'regiocoordinator' }] }),
  ]);
  partner = new Agent(t.app);
  coordinator = new Agent(t.app);
  otherCoordinator = new Agent(t.app);
  await Promise.all([partner.login(partnerUser), coordinator.login(coordinatorUser), otherCoordinator.login(otherUser)]);
  await coordinator.get('/beheer/controle');
  const saved = await coordinator.post('/beheer/controle/instelling', { publiceren: 'na-controle' });
  expect(saved.statusCode).toBe(303);
});
afterAll(async () => t?.close());

const form = (name: string, overrides: Record<string, string | string[]> = {}) =>
  serviceFormFields(name, { region: REGION, areaRegions: [REGION], ...overrides });

const serviceRow = (id: string) => t.db.kysely.selectFrom('services').select(['name', 'status', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
const requestRow = (id: string) => t.db.kysely.selectFrom('service_review_requests').selectAll().where('service_id', '=', id).executeTakeFirst();

async function createPublished(name: string) {
  return buildService(t.db, provider, { name, regionCode: REGION, areaCodes: [REGION] });
}

describe('a region with approval first', () => {
  it('shows the coordinator the choice, and refuses a choice that is not one of the two', async () => {
    const page = await coordinator.get('/beheer/controle');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/value="na-controle"[^>]*checked/);
    const refused = await coordinator.post('/beheer/controle/instelling', { publiceren: 'altijd' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('veld-publiceren-error');
  });

  it('keeps a partner’s new service offline until the coordinator approves it', async () => {
    await partner.get('/beheer/diensten/nieuw');
    const created = await partner.post('/beheer/diensten/nieuw', form('Werkfit met een coach', { action: 'publiceren' }));
    expect(created.statusCode).toBe(303);
    const id = created.headers.location!.split('/').pop()!;
    expect(await serviceRow(id)).toMatchObject({ status: 'concept' });
    expect(await requestRow(id)).toMatchObject({ status: 'ter-controle', was_published: false, requested_by: partnerUser.id });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/services/${id}` })).statusCode).toBe(404);

    const editor = await partner.get(`/beheer/diensten/${id}`);
    expect(editor.body).toContain('data-review="ter-controle"');

    const queue = await coordinator.get('/beheer/controle');
    expect(queue.body).toContain(`data-request="${id}"`);
    expect(queue.body).toContain('Nieuw online');
    const approved = await coordinator.post(`/beheer/controle/${id}/goedkeuren`, {});
    expect(approved.statusCode).toBe(303);
    expect(await serviceRow(id)).toMatchObject({ status: 'gepubliceerd' });
    expect(await requestRow(id)).toBeUndefined();
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/services/${id}` })).statusCode).toBe(200);
  });

  it('keeps the published version public while a change waits, and shows the partner their change', async () => {
    const { id } = await createPublished('Sollicitatiecafé');
    const page = await partner.get(`/beheer/diensten/${id}`);
    const changed = await partner.post(`/beheer/diensten/${id}`, { ...formOfPage(page.body), name: 'Sollicitatiecafé op dinsdag', action: 'opslaan' });
    expect(changed.statusCode).toBe(303);
    expect(await serviceRow(id)).toMatchObject({ name: 'Sollicitatiecafé', status: 'gepubliceerd' });
    const publicService = await t.app.inject({ method: 'GET', url: `/api/v1/services/${id}` });
    expect(publicService.json()).toMatchObject({ name: 'Sollicitatiecafé' });

    const again = await partner.get(`/beheer/diensten/${id}`);
    expect(again.body).toContain('value="Sollicitatiecafé op dinsdag"');
    expect(again.body).toContain('data-review="ter-controle"');

    const queue = await coordinator.get('/beheer/controle');
    const item = new RegExp(`data-request="${id}"[\\s\\S]*?</li>`).exec(queue.body)?.[0] ?? '';
    expect(item).toContain('Wijziging');
    expect(item).toContain('Naam van de dienst');
    expect(item).not.toContain('Beschrijving');

    expect((await coordinator.post(`/beheer/controle/${id}/goedkeuren`, {})).statusCode).toBe(303);
    expect(await serviceRow(id)).toMatchObject({ name: 'Sollicitatiecafé op dinsdag', status: 'gepubliceerd' });
  });

  it('lets a partner mark a published service as reviewed without waiting, when nothing else changes', async () => {
    const { id } = await createPublished('Werkgeversloket');
    const page = await partner.get(`/beheer/diensten/${id}`);
    const reviewed = await partner.post(`/beheer/diensten/${id}`, { ...formOfPage(page.body), action: 'gecontroleerd' });
    expect(reviewed.statusCode).toBe(303);
    expect(await requestRow(id)).toBeUndefined();
  });

  it('rejects with a reason the partner sees; without a reason the form comes back with the error and the input', async () => {
    const { id } = await createPublished('Taalcafé');
    const page = await partner.get(`/beheer/diensten/${id}`);
    await partner.post(`/beheer/diensten/${id}`, { ...formOfPage(page.body), summary: 'Elke week oefenen met Nederlands praten, samen met vrijwilligers.', action: 'opslaan' });

    await coordinator.get(`/beheer/controle/${id}/afwijzen`);
    const tooShort = await coordinator.post(`/beheer/controle/${id}/afwijzen`, { reason: 'nee' });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.body).toContain('veld-reason-error');
    expect(tooShort.body).toContain('>nee</textarea>');
    const rejected = await coordinator.post(`/beheer/controle/${id}/afwijzen`, { reason: 'Noem ook de dag en de tijd van het taalcafé.' });
    expect(rejected.statusCode).toBe(303);
    expect(await requestRow(id)).toMatchObject({ status: 'afgewezen', reason: 'Noem ook de dag en de tijd van het taalcafé.' });
    const seen = await partner.get(`/beheer/diensten/${id}`);
    expect(seen.body).toContain('data-review="afgewezen"');
    expect(seen.body).toContain('Noem ook de dag en de tijd van het taalcafé.');
    expect((await coordinator.get('/beheer/controle')).body).not.toContain(`data-request="${id}"`);
  });

  it('refuses to approve a request made on an older version', async () => {
    const { id } = await createPublished('Jongerenloket');
    const page = await partner.get(`/beheer/diensten/${id}`);
    await partner.post(`/beheer/diensten/${id}`, { ...formOfPage(page.body), name: 'Jongerenloket Zuid', action: 'opslaan' });
    // The coordinator changes the service directly in between.
    const direct = await coordinator.get(`/beheer/diensten/${id}`);
    await coordinator.post(`/beheer/diensten/${id}`, { ...formOfPage(direct.body), keywords: 'jongeren, loket', action: 'opslaan' });
    const approve = await coordinator.post(`/beheer/controle/${id}/goedkeuren`, {});
    expect(approve.statusCode).toBe(409);
    expect(await serviceRow(id)).toMatchObject({ name: 'Jongerenloket' });
  });

  it('makes a partner’s restore of an earlier version of a published service a change that waits', async () => {
    const { id } = await createPublished('Werkplein');
    const direct = await coordinator.get(`/beheer/diensten/${id}`);
    await coordinator.post(`/beheer/diensten/${id}`, { ...formOfPage(direct.body), name: 'Werkplein Noord', action: 'opslaan' });
    const first = await t.db.kysely.selectFrom('service_history').select('id').where('service_id', '=', id).orderBy('id').executeTakeFirstOrThrow();
    const { version } = await serviceRow(id);
    await partner.get(`/beheer/diensten/${id}/geschiedenis`);
    const restored = await partner.post(`/beheer/diensten/${id}/geschiedenis/${first.id}/terugzetten`, { version: String(version) });
    expect(restored.statusCode).toBe(303);
    expect(await serviceRow(id)).toMatchObject({ name: 'Werkplein Noord', status: 'gepubliceerd' });
    expect(await requestRow(id)).toMatchObject({ status: 'ter-controle', was_published: true });
    expect((await requestRow(id))?.form).toMatchObject({ name: 'Werkplein' });
  });

  it('lets no other region’s coordinator see or decide the requests', async () => {
    const { id } = await createPublished('Budgetcoach');
    const page = await partner.get(`/beheer/diensten/${id}`);
    await partner.post(`/beheer/diensten/${id}`, { ...formOfPage(page.body), name: 'Budgetcoach thuis', action: 'opslaan' });
    const queue = await otherCoordinator.get('/beheer/controle');
    expect(queue.body).not.toContain(id);
    await otherCoordinator.get('/beheer/controle');
    expect((await otherCoordinator.post(`/beheer/controle/${id}/goedkeuren`, {})).statusCode).toBe(404);
    expect(await serviceRow(id)).toMatchObject({ name: 'Budgetcoach' });
  });

  it('is enforced by the database: a partner’s session cannot publish or change what is published', async () => {
    const { id: concept } = await buildService(t.db, provider, { status: 'concept', regionCode: REGION, areaCodes: [REGION] });
    const { id: published } = await createPublished('Reiskosten sollicitatie');
    const asPartner = <T,>(work: Parameters<typeof withActor<T>>[2]) => withActor(t.db, { actor: partnerUser.actor, trace: newTrace(), activity: 'catalogue-maintenance' }, work);
    await expect(asPartner((tx) => tx.updateTable('services').set({ status: 'gepubliceerd' }).where('id', '=', concept).execute())).rejects.toMatchObject({ code: '42501' });
    await expect(asPartner((tx) => tx.updateTable('services').set({ name: 'Iets anders' }).where('id', '=', published).execute())).rejects.toMatchObject({ code: '42501' });
    // Taking it offline needs no approval.
    await asPartner((tx) => tx.updateTable('services').set({ status: 'gearchiveerd' }).where('id', '=', published).execute());
    expect(await serviceRow(published)).toMatchObject({ status: 'gearchiveerd' });
  });
});
