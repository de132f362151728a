import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createTestApp, TEST_FIELD_KEY, type TestApp } from '../../../test/helpers/app.ts';
import { queuedMailsTo } from '../../../test/helpers/db.ts';
import { asOwner, buildOrganisation, buildService, buildUser, unique, type BuiltOrganisation, type BuiltUser } from '../../../test/factories.ts';
import { withActor, withSystem, type Actor } from '../../platform/db/tenancy.ts';
import { newTrace } from '../../platform/http/trace.ts';
import type { UserActor } from '../../platform/auth/guards.ts';
import { createFieldCipher } from '../../platform/crypto/field-cipher.ts';
import { addWorkingDays } from '../../platform/time/working-days.ts';
import { createClientService, emptyClientForm, validateClientForm, type ClientValue } from './clients.service.ts';
import { CONSENT_TEXT_VERSION, createReferralService, emptyReferralForm, type ReferralForm } from './referrals.service.ts';
import { clientRecordRetention, runReferralTimers, sendReferralDigests } from './referrals.jobs.ts';

// The warm handover end to end in the services, on the real database (PGlite or the server): what
// each party sees, consent and its withdrawal, the dependency check, the owner rules, the timers
// with a controllable clock, retention. Row-level security is checked with unfiltered queries.

let t: TestApp;
let clock = new Date();
const cipher = createFieldCipher(Buffer.from(TEST_FIELD_KEY, 'base64'));
let clients: ReturnType<typeof createClientService>;
let referrals: ReturnType<typeof createReferralService>;

let werkcentrum: BuiltOrganisation;
let uwv: BuiltOrganisation;
let reintegration: BuiltOrganisation;
let otherFirm: BuiltOrganisation;
let guide: BuiltUser;
let guideAmsterdam: BuiltUser;
let coordinator: BuiltUser;
let uwvStaff: BuiltUser;
let firmStaff: BuiltUser;
let otherFirmStaff: BuiltUser;
let firmStaffAmsterdam: BuiltUser;
let uwvService: string;
let firmService: string;
let otherFirmService: string;

const user = (built: BuiltUser) => built.actor as UserActor;
/** A one-time key as a form token carries it. */
const submissionKey = () => randomBytes(16).toString('base64url');

beforeAll(async () => {
  t = await createTestApp({ demo: false });
  clients = createClientService(t.db, cipher);
  referrals = createReferralService(t.db, cipher, () => clock);
  [werkcentrum, uwv, reintegration, otherFirm] = await Promise.all([
    buildOrganisation(t.db, { kind: 'gemeente', suwiParty: true, regions: ['AM05', 'AM18'] }),
    buildOrganisation(t.db, { kind: 'uwv', suwiParty: true, regions: ['AM05'] }),
    buildOrganisation(t.db, { kind: 're_integratiebedrijf', suwiParty: false, regions: ['AM05', 'AM18'] }),
    buildOrganisation(t.db, { kind: 're_integratiebedrijf', suwiParty: false, regions: ['AM05'] }),
  ]);
  [guide, guideAmsterdam, coordinator, uwvStaff, firmStaff, otherFirmStaff, firmStaffAmsterdam] = await Promise.all([
    buildUser(t.db, { password: null, memberships: [{ organisation: werkcentrum, region: 'AM05', role: 'gidsfunctionaris' }] }),
    buildUser(t.db, { password: null, memberships: [{ organisation: werkcentrum, region: 'AM18', role: 'gidsfunctionaris' }] }),
    buildUser(t.db, { password: null, memberships: [{ organisation: werkcentrum, region: 'AM05', role: 'regiocoordinator' }] }),
    buildUser(t.db, { password: null, memberships: [{ organisation: uwv, region: 'AM05', role: 'partnermedewerker' }] }),
    buildUser(t.db, { password: null, memberships: [{ organisation: reintegration, region: 'AM05', role: 'partnermedewerker' }] }),
    buildUser(t.db, { password: null, memberships: [{ organisation: otherFirm, region: 'AM05', role: 'partnermedewerker' }] }),
    buildUser(t.db, { password: null, memberships: [{ organisation: reintegration, region: 'AM18', role: 'partnermedewerker' }] }),
  ]);
  const [forUwv, forFirm, forOtherFirm] = await Promise.all([
    buildService(t.db, uwv, { themes: ['vacatures-en-bemiddeling'] }),
    buildService(t.db, reintegration, { themes: ['loopbaanadvies'], capacity: 'beperkt' }),
    buildService(t.db, otherFirm, { themes: ['loopbaanadvies'] }),
  ]);
  [uwvService, firmService, otherFirmService] = [forUwv.id, forFirm.id, forOtherFirm.id];
}, 120_000);
afterAll(async () => t?.close());

/** Moves a record's last activity back by so many days, as time passing would. */
const lastActive = (clientId: string, daysAgo: number) =>
  asOwner(t.db, 'client-records', (tx) =>
    tx.updateTable('clients').set({ last_activity_at: new Date(Date.now() - daysAgo * 86_400_000) }).where('id', '=', clientId).execute(),
  );

async function registerClient(overrides: Partial<ClientValue> = {}): Promise<string> {
  const value: ClientValue = {
    givenName: 'Fatima',
    familyName: unique('El Amrani'),
    email: `${unique('fatima')}@voorbeeld.example`,
    phone: null,
    municipalityCode: 'GM0153',
    birthDate: '1985-03-21',
    bsn: null,
    benefit: 'geen',
    responsibleParty: null,
    ...overrides,
  };
  const result = await clients.register(newTrace(), user(guide), value, { kind: 'new' }, submissionKey());
  if (result.outcome === 'duplicates') throw new Error('unexpected duplicates');
  return result.id;
}

function form(clientId: string, serviceId: string, overrides: Partial<ReferralForm> = {}): ReferralForm {
  return emptyReferralForm({
    client: clientId,
    dienst: serviceId,
    vraag: 'Zoekt werk als monteur na ontslag; wil graag snel aan de slag.',
    hoe: 'mondeling',
    tekstversie: CONSENT_TEXT_VERSION,
    toestemming_bevestigd: 'ja',
    ...overrides,
  });
}

async function send(clientId: string, serviceId: string, overrides: Partial<ReferralForm> = {}, by: BuiltUser = guide): Promise<string> {
  const result = await referrals.send(newTrace(), user(by), form(clientId, serviceId, overrides), submissionKey());
  if (!result.id) throw new Error(`not sent: ${JSON.stringify(result.errors)}`);
  return result.id;
}

/** The notices queued for a referral (the referral-notice jobs), by kind. */
const noticesOf = (referralId: string) =>
  t.db.kysely
    .selectFrom(sql`pgboss.job`.as('j'))
    .select(sql<string>`j.data ->> 'notice'`.as('notice'))
    .where(sql`j.name`, '=', 'referral-notice')
    .where(sql`j.data ->> 'referralId'`, '=', referralId)
    .execute();

/** Every referral row the actor's unfiltered query returns: what row-level security lets through. */
async function visibleReferrals(actor: Actor): Promise<string[]> {
  return withActor(t.db, { actor, trace: newTrace(), activity: 'referrals' }, async (tx) => {
    const { rows } = await sql<{ id: string }>`select id from referrals`.execute(tx);
    return rows.map((row) => row.id);
  });
}

describe('the temporary client record', () => {
  it('stores the BSN encrypted and shows it masked; a wrong BSN is refused by the eleven-test', async () => {
    const id = await registerClient({ bsn: '123456782' });
    const detail = await clients.get(newTrace(), user(guide), id);
    expect(detail.bsnMasked).toBe('*****6782');
    const stored = await t.db.kysely.selectFrom('clients').select(['bsn_encrypted', 'bsn_hash']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.bsn_encrypted).toMatch(/^v1:/);
    expect(stored.bsn_encrypted).not.toContain('123456782');
    expect(stored.bsn_hash).toMatch(/^[0-9a-f]{64}$/);
    const { errors } = validateClientForm(emptyClientForm({ voornaam: 'Jan', email: 'jan@voorbeeld.example', bsn: '123456789' }), new Set());
    expect(errors.map((error) => error.field)).toEqual(['bsn']);
  });

  it('offers likely duplicates (same name and birth date, e-mail or phone) and merges into the chosen record, logged', async () => {
    const familyName = unique('Jansen');
    const first = await registerClient({ givenName: 'Piet', familyName, email: null, phone: '06 12345678', birthDate: '1970-01-02' });
    const again: ClientValue = {
      givenName: 'piet',
      familyName: ` ${familyName.toUpperCase()}`,
      email: 'piet@voorbeeld.example',
      phone: null,
      municipalityCode: null,
      birthDate: '1970-01-02',
      bsn: null,
      benefit: 'geen',
      responsibleParty: null,
    };
    const check = await clients.register(newTrace(), user(guide), again, { kind: 'check' }, submissionKey());
    expect(check.outcome).toBe('duplicates');
    expect(check.outcome === 'duplicates' && check.candidates.map((c) => c.id)).toEqual([first]);
    // The same phone number typed differently is a duplicate too.
    const byPhone = await clients.register(newTrace(), user(guide), { ...again, givenName: 'Iemand', familyName: 'Anders', birthDate: null, phone: '+31612345678' }, { kind: 'check' }, submissionKey());
    expect(byPhone.outcome === 'duplicates' && byPhone.candidates.map((c) => c.id)).toContain(first);

    const merged = await clients.register(newTrace(), user(guide), again, { kind: 'merge', into: first }, submissionKey());
    expect(merged).toEqual({ outcome: 'merged', id: first });
    const detail = await clients.get(newTrace(), user(guide), first);
    expect(detail.email).toBe('piet@voorbeeld.example');
    expect(detail.events.map((event) => [event.kind, event.details.velden])).toEqual([['samengevoegd', 'email']]);
    // A guide in another region neither finds nor opens the record.
    await expect(clients.get(newTrace(), user(guideAmsterdam), first)).rejects.toMatchObject({ slug: 'not-found' });
  });

  it('records a change of benefit and a transfer of reintegration responsibility as events, and running referrals go on', async () => {
    const clientId = await registerClient({ benefit: 'ww', responsibleParty: 'uwv' });
    const referralId = await send(clientId, firmService);
    expect(await clients.changeBenefit(newTrace(), user(guide), clientId, 'bijstand', '2026-12-01')).toEqual([]);
    expect(
      await clients.transferResponsibility(newTrace(), user(guide), clientId, { naar: 'gemeente', datum: '2026-12-01', reden: 'WW is afgelopen, bijstand gestart', bezwaar: 'Gemeente Enschede, afdeling bezwaar' }),
    ).toEqual([]);
    const detail = await clients.get(newTrace(), user(guide), clientId);
    expect(detail.benefit).toBe('bijstand');
    expect(detail.responsibleParty).toBe('gemeente');
    expect(detail.events.map((event) => event.kind).sort()).toEqual(['regie-overdracht', 'uitkering']);
    expect(detail.events.find((event) => event.kind === 'regie-overdracht')!.details).toMatchObject({ van: 'uwv', naar: 'gemeente', bezwaar: 'Gemeente Enschede, afdeling bezwaar' });
    expect((await referrals.get(newTrace(), user(guide), referralId)).status).toBe('verzonden');
  });
});

describe('the warm handover', () => {
  it('a SUWI partner (UWV) sees the identity of its purpose; a private partner only a pseudonym and the question', async () => {
    const clientId = await registerClient({ bsn: '111222333' });
    const toUwv = await send(clientId, uwvService);
    const toFirm = await send(clientId, firmService);

    const seenByUwv = await referrals.get(newTrace(), user(uwvStaff), toUwv);
    expect(seenByUwv.purpose).toBe('re-integratie-uwv');
    expect(seenByUwv.sharedData).toMatchObject({ voornaam: 'Fatima', bsn: '111222333', geboortedatum: '1985-03-21' });
    expect(seenByUwv.clientId).toBeNull();
    // The first read by the partner marks the referral received, on the timeline.
    expect(seenByUwv.status).toBe('ontvangen');

    const seenByFirm = await referrals.get(newTrace(), user(firmStaff), toFirm);
    expect(Object.keys(seenByFirm.sharedData)).toEqual(['vraag']);
    expect(seenByFirm.displayName).toBeNull();
    expect(seenByFirm.subjectPseudonym).toMatch(/^[0-9A-F]{12}$/);
    // Stable for that partner, not linkable across partners.
    const second = await send(clientId, firmService, { vraag: 'Een tweede vraag.' });
    expect((await referrals.get(newTrace(), user(firmStaff), second)).subjectPseudonym).toBe(seenByFirm.subjectPseudonym);
    expect(seenByUwv.subjectPseudonym).not.toBe(seenByFirm.subjectPseudonym);
  });

  it('the same form sent 12 times at once makes one referral and one consent, and every answer leads to it', async () => {
    const clientId = await registerClient();
    const key = submissionKey();
    const answers = await Promise.all(Array.from({ length: 12 }, () => referrals.send(newTrace(), user(guide), form(clientId, firmService), key)));
    expect(new Set(answers.map((answer) => answer.id)).size).toBe(1);
    const counts = await t.db.kysely
      .selectFrom('referrals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('client_id', '=', clientId)
      .executeTakeFirstOrThrow();
    expect(Number(counts.n)).toBe(1);
    expect((await referrals.consents(newTrace(), user(guide), clientId)).length).toBe(1);
  });

  it('a private partner sees the identity when consent covers it', async () => {
    const clientId = await registerClient();
    const id = await send(clientId, firmService, { identiteit: 'ja' });
    const seen = await referrals.get(newTrace(), user(firmStaff), id);
    expect(seen.sharedData).toMatchObject({ voornaam: 'Fatima', vraag: expect.any(String) });
    expect(seen.sharedData.email).toMatch(/@voorbeeld\.example$/);
    expect(seen.sharedData.bsn).toBeUndefined();
  });

  it('another organisation’s partner, a partner of the same organisation in another region, and a guide elsewhere read nothing, even unfiltered', async () => {
    const clientId = await registerClient();
    const id = await send(clientId, firmService, { identiteit: 'ja' });
    expect(await visibleReferrals(user(firmStaff))).toContain(id);
    for (const outsider of [otherFirmStaff, firmStaffAmsterdam, guideAmsterdam, uwvStaff]) {
      expect(await visibleReferrals(user(outsider))).not.toContain(id);
      await expect(referrals.get(newTrace(), user(outsider), id)).rejects.toMatchObject({ slug: 'not-found' });
    }
    // Nor the client record, the consents or the timeline.
    const leaked = await withActor(t.db, { actor: user(otherFirmStaff), trace: newTrace(), activity: 'referrals' }, async (tx) => {
      const { rows } = await sql<{ n: string }>`select (select count(*) from clients) + (select count(*) from consents) + (select count(*) from referral_events) as n`.execute(tx);
      return Number(rows[0]!.n);
    });
    expect(leaked).toBe(0);
  });

  it('after consent is withdrawn, the partner’s next read returns nothing; the referral is ingetrokken and the partner is told', async () => {
    const clientId = await registerClient();
    const id = await send(clientId, firmService, { identiteit: 'ja' });
    await referrals.get(newTrace(), user(firmStaff), id);
    const [consent] = await referrals.consents(newTrace(), user(guide), clientId);
    expect(consent!.textShown).toContain(reintegration.name);
    expect(consent!.textVersion).toBe(CONSENT_TEXT_VERSION);

    expect(await referrals.withdrawConsent(newTrace(), user(guide), consent!.id)).toBe('withdrawn');
    expect(await referrals.withdrawConsent(newTrace(), user(guide), consent!.id)).toBe('already');
    expect(await visibleReferrals(user(firmStaff))).not.toContain(id);
    await expect(referrals.get(newTrace(), user(firmStaff), id)).rejects.toMatchObject({ slug: 'not-found' });
    const seenByGuide = await referrals.get(newTrace(), user(guide), id);
    expect(seenByGuide.status).toBe('ingetrokken');
    const notices = await noticesOf(id);
    expect(notices.map((row) => row.notice).sort()).toEqual(['ingetrokken', 'nieuw']);
  });

  it('with a dependency and no legal basis, identity to a private partner is refused, saying why; without identity it may go', async () => {
    // Bijstand from the municipality, and the guide works for that municipality: consent is not free.
    const clientId = await registerClient({ benefit: 'bijstand' });
    const refused = await referrals.send(newTrace(), user(guide), form(clientId, firmService, { identiteit: 'ja' }), submissionKey());
    expect(refused.id).toBeUndefined();
    expect(refused.errors).toContainEqual({ field: 'identiteit', key: 'referrals.error.identityNeedsBasis', params: { organisation: reintegration.name } });
    const count = await t.db.kysely.selectFrom('consents').select((eb) => eb.fn.countAll<number>().as('n')).where('client_id', '=', clientId).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);

    const pseudonymous = await send(clientId, firmService, { identiteit: 'nee' });
    expect(Object.keys((await referrals.get(newTrace(), user(firmStaff), pseudonymous)).sharedData)).toEqual(['vraag']);

    // A purpose whose register entry has a basis for any recipient (reintegration commissioned by UWV) lets identity go.
    const withWw = await registerClient({ benefit: 'ww', bsn: '999999990' });
    const byBasis = await send(withWw, firmService, { identiteit: 'ja', doel: 're-integratie-uwv', grondslag: 'wettelijke-grondslag', wettelijke_grondslag: 'opdracht-uwv', hoe: '' });
    expect((await referrals.get(newTrace(), user(firmStaff), byBasis)).sharedData.bsn).toBe('999999990');
    // Consent instead of that basis is refused: not free.
    const notFree = await referrals.send(newTrace(), user(guide), form(withWw, uwvService, {}), submissionKey());
    expect(notFree.errors).toContainEqual({ field: 'grondslag', key: 'referrals.error.consentNotFree' });
  });

  it('the database refuses a consent that is not free for identity, even without the service', async () => {
    const clientId = await registerClient();
    const membership = user(guide).membership!;
    await expect(
      withActor(t.db, { actor: user(guide), trace: newTrace(), activity: 'referrals' }, (tx) =>
        tx
          .insertInto('consents')
          .values({
            client_id: clientId,
            region_code: 'AM05',
            recipient_organisation_id: reintegration.id,
            purpose: 'loopbaanadvies',
            data_categories: ['voornaam'],
            basis: 'toestemming',
            given_how: 'mondeling',
            text_version: 'x',
            text_shown: 'Een tekst van genoeg lengte.',
            dependency: true,
            shares_identity: true,
            recorded_by: guide.id,
            recorded_by_organisation_id: membership.organisationId,
          })
          .execute(),
      ),
    ).rejects.toMatchObject({ code: '23514' });
  });
});

describe('owner rules and the loop', () => {
  it('only the partner accepts, declines and reports; only the guide withdraws; the timeline names role and organisation', async () => {
    const clientId = await registerClient();
    const id = await send(clientId, firmService);
    expect(await referrals.act(newTrace(), user(guide), id, 'accept', {})).toEqual([{ field: 'form', key: 'referrals.error.notNow' }]);
    // The database says the same when the service is bypassed.
    await expect(
      withActor(t.db, { actor: user(guide), trace: newTrace(), activity: 'referrals' }, (tx) =>
        tx.updateTable('referrals').set({ status: 'geaccepteerd' }).where('id', '=', id).execute(),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      withActor(t.db, { actor: user(firmStaff), trace: newTrace(), activity: 'referrals' }, (tx) =>
        tx.updateTable('referrals').set({ status: 'ingetrokken' }).where('id', '=', id).execute(),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    expect(await referrals.act(newTrace(), user(firmStaff), id, 'withdraw', {})).toEqual([{ field: 'form', key: 'referrals.error.notNow' }]);

    expect(await referrals.act(newTrace(), user(firmStaff), id, 'complete', { uitkomst: 'aan-het-werk' })).toEqual([{ field: 'form', key: 'referrals.error.notNow' }]);
    expect(await referrals.act(newTrace(), user(firmStaff), id, 'accept', {})).toEqual([]);
    expect(await referrals.message(newTrace(), user(firmStaff), id, 'Intake gepland op dinsdag.')).toEqual([]);
    expect(await referrals.act(newTrace(), user(firmStaff), id, 'start', {})).toEqual([]);
    expect(await referrals.act(newTrace(), user(firmStaff), id, 'complete', { uitkomst: 'anders' })).toEqual([{ field: 'toelichting', key: 'referrals.error.otherNeedsText' }]);
    expect(await referrals.act(newTrace(), user(firmStaff), id, 'complete', { uitkomst: 'aan-het-werk' })).toEqual([]);

    const closed = await referrals.get(newTrace(), user(guide), id);
    expect(closed.status).toBe('afgerond');
    expect(closed.outcome).toBe('aan-het-werk');
    expect(closed.timeline.map((entry) => entry.kind === 'status' ? entry.status : entry.kind)).toEqual(['verzonden', 'geaccepteerd', 'bericht', 'in-behandeling', 'afgerond']);
    // Another organisation's people are named by role and organisation only (their accounts are not the guide's to read).
    expect(closed.timeline[1]).toMatchObject({ actorRole: 'partnermedewerker', actorOrganisation: reintegration.name, actorName: null });
    expect(closed.timeline[0]).toMatchObject({ actorRole: 'gidsfunctionaris', actorOrganisation: werkcentrum.name, actorName: guide.name });
  });

  it('a decline needs a coded reason, and text for "anders"; re-routing starts a new referral linked to the old one', async () => {
    const clientId = await registerClient();
    const id = await send(clientId, firmService);
    expect(await referrals.act(newTrace(), user(firmStaff), id, 'decline', {})).toEqual([{ field: 'reden', key: 'referrals.error.reason' }]);
    expect(await referrals.act(newTrace(), user(firmStaff), id, 'decline', { reden: 'geen-plek' })).toEqual([]);
    const rerouted = await send(clientId, otherFirmService, { vorige: id });
    const detail = await referrals.get(newTrace(), user(guide), rerouted);
    expect(detail.previousReferralId).toBe(id);
    expect((await referrals.get(newTrace(), user(guide), id)).status).toBe('afgewezen');
    // Re-routing a running referral withdraws it.
    const running = await send(clientId, firmService);
    expect(await visibleReferrals(user(firmStaff))).toContain(running);
    await send(clientId, otherFirmService, { vorige: running });
    expect((await referrals.get(newTrace(), user(guide), running)).status).toBe('ingetrokken');
    // A withdrawn referral is gone for its partner, as a withdrawn consent would make it.
    expect(await visibleReferrals(user(firmStaff))).not.toContain(running);
  });

  it('the region’s coordinator (re)assigns a referral to another guide; a guide cannot, and the partner does not see it', async () => {
    const colleague = await buildUser(t.db, { password: null, memberships: [{ organisation: werkcentrum, region: 'AM05', role: 'gidsfunctionaris' }] });
    const clientId = await registerClient();
    const id = await send(clientId, firmService);
    await expect(referrals.assign(newTrace(), user(guide), id, colleague.id)).rejects.toMatchObject({ slug: 'forbidden' });
    await expect(
      withActor(t.db, { actor: user(guide), trace: newTrace(), activity: 'referrals' }, (tx) =>
        tx.updateTable('referrals').set({ guide_user_id: colleague.id }).where('id', '=', id).execute(),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    // Not to someone outside the region's guides.
    expect(await referrals.assign(newTrace(), user(coordinator), id, firmStaff.id)).toEqual([{ field: 'gids', key: 'form.error.invalidChoice' }]);
    expect(await referrals.assign(newTrace(), user(coordinator), id, colleague.id)).toEqual([]);
    const assigned = await referrals.get(newTrace(), user(coordinator), id);
    expect(assigned.guideUserId).toBe(colleague.id);
    expect(assigned.timeline.at(-1)).toMatchObject({ kind: 'toegewezen', message: colleague.name });
    expect((await referrals.list(newTrace(), user(colleague), { mine: true })).map((r) => r.id)).toContain(id);
    expect((await referrals.get(newTrace(), user(firmStaff), id)).timeline.some((entry) => entry.kind === 'toegewezen')).toBe(false);
  });

  it('every partner read writes a processing-log record under the partner’s organisation', async () => {
    const clientId = await registerClient();
    const id = await send(clientId, firmService);
    const before = await t.db.kysely.selectFrom('processing_log').select((eb) => eb.fn.countAll<number>().as('n')).where('actor_org_id', '=', reintegration.id).where('name', '=', 'referrals.read').executeTakeFirstOrThrow();
    await referrals.get(newTrace(), user(firmStaff), id);
    await referrals.list(newTrace(), user(firmStaff), {});
    const after = await t.db.kysely.selectFrom('processing_log').select((eb) => eb.fn.countAll<number>().as('n')).where('actor_org_id', '=', reintegration.id).where('name', '=', 'referrals.read').executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBeGreaterThanOrEqual(2);
  });
});

describe('the partner inbox by service', () => {
  it('offers the partner its own services that received referrals, and lists only a chosen one’s', async () => {
    const second = await buildService(t.db, reintegration, { name: unique('Jobcoaching') });
    const clientId = await registerClient();
    const toSecond = await send(clientId, second.id);
    const toFirst = await send(await registerClient(), firmService);
    const services = await referrals.services(newTrace(), user(firmStaff));
    expect(services.map((service) => service.id)).toEqual(expect.arrayContaining([firmService, second.id]));
    // Other organisations' services are not the partner's to filter on.
    expect(services.map((service) => service.id)).not.toContain(uwvService);
    const listed = (await referrals.list(newTrace(), user(firmStaff), { serviceId: second.id })).map((referral) => referral.id);
    expect(listed).toContain(toSecond);
    expect(listed).not.toContain(toFirst);
  });
});

describe('timers with a controllable clock', () => {
  it('reminds twice, escalates and expires, each once, also when the sweep runs again or the process restarts', async () => {
    clock = new Date('2026-12-07T09:00:00Z');
    const clientId = await registerClient();
    const id = await send(clientId, otherFirmService);
    const due = addWorkingDays(clock, 2);
    const stepsAt = async (now: Date) => (await runReferralTimers(t.db, now)).filter((fired) => fired.referralId === id).map((fired) => fired.step);

    expect(await stepsAt(new Date(due.getTime() - 60_000))).toEqual([]);
    expect(await stepsAt(due)).toEqual(['herinnering-1']);
    expect(await stepsAt(due)).toEqual([]);
    expect(await stepsAt(addWorkingDays(due, 2))).toEqual(['herinnering-2']);
    // A restart: a new service over the same database fires nothing twice.
    expect(await stepsAt(addWorkingDays(due, 2))).toEqual([]);
    expect(await stepsAt(addWorkingDays(due, 4))).toEqual(['escalatie']);
    expect(await stepsAt(addWorkingDays(due, 5))).toEqual([]);
    const expiry = new Date(clock.getTime() + 30 * 86_400_000);
    expect(await stepsAt(expiry)).toEqual(['verlopen']);
    expect(await stepsAt(new Date(expiry.getTime() + 86_400_000))).toEqual([]);

    const detail = await referrals.get(newTrace(), user(guide), id);
    expect(detail.status).toBe('verlopen');
    expect(detail.remindersSent).toBe(2);
    expect(detail.escalated).toBe(true);
    expect(detail.timeline.map((entry) => (entry.kind === 'status' ? entry.status : entry.kind))).toEqual(['verzonden', 'herinnering', 'herinnering', 'escalatie', 'verlopen']);
    expect(detail.timeline.slice(1).every((entry) => entry.bySystem)).toBe(true);
    const notices = await noticesOf(id);
    expect(notices.map((row) => row.notice).sort()).toEqual(['escalatie', 'herinnering', 'herinnering', 'nieuw', 'verlopen']);
    clock = new Date();
  });

  it('follows the timers its service set when it was sent: answer in 5 working days, no reminder, escalation at once, expiry after 10 days', async () => {
    const strict = await buildService(t.db, otherFirm, { referralTimers: { responseDays: 5, reminders: 0, expiryDays: 10 } });
    clock = new Date('2026-12-07T09:00:00Z');
    const clientId = await registerClient();
    const id = await send(clientId, strict.id);
    // A later change of the service does not move a referral already sent.
    await buildService(t.db, otherFirm, { key: strict.key, referralTimers: { responseDays: 1, reminders: 2, expiryDays: 90 } });
    const due = addWorkingDays(clock, 5);
    const stepsAt = async (now: Date) => (await runReferralTimers(t.db, now)).filter((fired) => fired.referralId === id).map((fired) => fired.step);
    expect(await stepsAt(addWorkingDays(clock, 4))).toEqual([]);
    expect(await stepsAt(due)).toEqual(['escalatie']);
    expect(await stepsAt(new Date(clock.getTime() + 9 * 86_400_000))).toEqual([]);
    expect(await stepsAt(new Date(clock.getTime() + 10 * 86_400_000))).toEqual(['verlopen']);
    expect((await referrals.get(newTrace(), user(guide), id)).remindersSent).toBe(0);
    // The number of reminders is fixed on the referral, in the database too.
    await expect(asOwner(t.db, 'referrals', (tx) => tx.updateTable('referrals').set({ max_reminders: 1 }).where('id', '=', id).execute())).rejects.toThrow(/keeps its timers/);
    clock = new Date();
  });

  it('an accepted referral gets no reminder', async () => {
    clock = new Date('2026-12-07T09:00:00Z');
    const clientId = await registerClient();
    const id = await send(clientId, firmService);
    await referrals.act(newTrace(), user(firmStaff), id, 'accept', {});
    const fired = await runReferralTimers(t.db, new Date(clock.getTime() + 40 * 86_400_000));
    expect(fired.filter((entry) => entry.referralId === id)).toEqual([]);
    clock = new Date();
  });
});

describe('notices by e-mail', () => {
  const mailsTo = (email: string) => queuedMailsTo(t.db, email);

  it('a partner who chose a daily digest gets no mail per notice, but one overview a day from 08:00, with references only', async () => {
    const digestUser = await buildUser(t.db, { password: null, memberships: [{ organisation: otherFirm, region: 'AM05', role: 'partnermedewerker' }] });
    expect(await referrals.setNoticeFrequency(newTrace(), user(digestUser), 'dagelijks')).toEqual([]);
    expect(await referrals.setNoticeFrequency(newTrace(), user(digestUser), 'soms')).toEqual([{ field: 'meldingen', key: 'form.error.invalidChoice' }]);
    expect(await referrals.noticeFrequency(newTrace(), user(digestUser))).toBe('dagelijks');
    const familyName = unique('Digest');
    const clientId = await registerClient({ familyName });
    const id = await send(clientId, otherFirmService, { identiteit: 'ja' });
    await t.app.jobs.runUntilIdle();
    expect(await mailsTo(digestUser.email)).toEqual([]);
    // The colleague who kept the default hears at once.
    expect((await mailsTo(otherFirmStaff.email)).length).toBeGreaterThan(0);

    const base = 'https://werkcentrum.example';
    // 07:00 in Amsterdam (06:00 UTC in winter): not yet.
    expect(await sendReferralDigests(t.db, base, new Date('2030-01-07T06:00:00Z'))).toBe(0);
    expect(await sendReferralDigests(t.db, base, new Date('2030-01-07T08:00:00Z'))).toBeGreaterThanOrEqual(1);
    const [digest, ...more] = await mailsTo(digestUser.email);
    expect(more).toEqual([]);
    expect(digest!.subject).toContain('Je overzicht van het Werkcentrum');
    const reference = (await referrals.get(newTrace(), user(guide), id)).reference;
    expect(digest!.text).toContain(reference);
    expect(digest!.text).toContain(`${base}/verwijzingen/${id}`);
    expect(digest!.text).not.toContain(familyName);
    // Once a day: an hour later nothing goes out again, the next morning it would.
    expect(await sendReferralDigests(t.db, base, new Date('2030-01-07T09:00:00Z'))).toBe(0);
    expect(await t.db.kysely.selectFrom('digest_items').select('id').where('user_id', '=', digestUser.id).execute()).toEqual([]);
  });
});

describe('retention', () => {
  it('after the retention period the personal fields are gone, the counts remain, the log keeps only pseudonyms', async () => {
    const familyName = unique('Vergeten');
    const clientId = await registerClient({ familyName, bsn: '123456782' });
    const id = await send(clientId, firmService, { identiteit: 'ja' });
    await referrals.act(newTrace(), user(firmStaff), id, 'decline', { reden: 'anders', toelichting: `Kon ${familyName} niet bereiken` });
    await referrals.message(newTrace(), user(guide), id, `Bel ${familyName} nog eens`);

    // Not yet: 5 months later.
    await lastActive(clientId, 150);
    await withSystem(t.db, 'client-records', (tx) => clientRecordRetention.sweep(tx, new Date()));
    expect((await clients.get(newTrace(), user(guide), clientId)).familyName).toBe(familyName);

    // 7 months: erased.
    await lastActive(clientId, 210);
    const erased = await withSystem(t.db, 'client-records', (tx) => clientRecordRetention.sweep(tx, new Date()));
    expect(erased).toBeGreaterThanOrEqual(1);
    const row = await t.db.kysely.selectFrom('clients').selectAll().where('id', '=', clientId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ given_name: null, family_name: null, email: null, bsn_encrypted: null, bsn_hash: null, birth_date: null });
    expect(row.municipality_code).toBe('GM0153');
    const referral = await t.db.kysely.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(referral).toMatchObject({ shared_data: {}, status: 'afgewezen', decline_reason: 'anders', status_note: '[gewist]' });
    const dump = JSON.stringify(await t.db.kysely.selectFrom('referral_events').selectAll().where('referral_id', '=', id).execute());
    expect(dump).not.toContain(familyName);
    const log = JSON.stringify(await t.db.kysely.selectFrom('processing_log').selectAll().execute());
    expect(log).not.toContain(familyName);
    expect(log).not.toContain(clientId);
    await expect(clients.get(newTrace(), user(guide), clientId)).rejects.toMatchObject({ slug: 'not-found' });
  });

  it('the coordinator sets the region’s retention within the register’s maximum; a guide cannot', async () => {
    await expect(clients.setRetentionMonths(newTrace(), user(guide), '3')).rejects.toMatchObject({ slug: 'forbidden' });
    expect(await clients.setRetentionMonths(newTrace(), user(coordinator), '13')).toEqual([{ field: 'maanden', key: 'referrals.retention.error', params: { max: 12 } }]);
    expect(await clients.retentionMonths(newTrace(), user(guide))).toEqual({ months: 6, own: false });
    expect(await clients.setRetentionMonths(newTrace(), user(coordinator), '9')).toEqual([]);
    expect(await clients.retentionMonths(newTrace(), user(guide))).toEqual({ months: 9, own: true });
    await asOwner(t.db, 'client-records', (tx) => tx.deleteFrom('client_retention_settings').where('region_code', '=', 'AM05').execute());
  });

  it('a region may keep records shorter, within the register’s maximum', async () => {
    const clientId = await registerClient();
    await asOwner(t.db, 'client-records', (tx) =>
      tx.insertInto('client_retention_settings').values({ region_code: 'AM05', months: 2, updated_by: coordinator.id }).execute(),
    );
    await lastActive(clientId, 70);
    await withSystem(t.db, 'client-records', (tx) => clientRecordRetention.sweep(tx, new Date()));
    await expect(clients.get(newTrace(), user(guide), clientId)).rejects.toMatchObject({ slug: 'not-found' });
    // More than the register's maximum of 12 months is refused by the database.
    await expect(
      asOwner(t.db, 'client-records', (tx) => tx.updateTable('client_retention_settings').set({ months: 13 }).where('region_code', '=', 'AM05').execute()),
    ).rejects.toMatchObject({ code: '23514' });
    await asOwner(t.db, 'client-records', (tx) => tx.deleteFrom('client_retention_settings').where('region_code', '=', 'AM05').execute());
  });
});
