import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { Agent, createTestApp, TEST_FIELD_KEY, type TestApp } from '../../../test/helpers/app.ts';
import { buildOrganisation, buildService, buildUser, unique, type BuiltOrganisation, type BuiltUser } from '../../../test/factories.ts';
import { withActor } from '../../platform/db/tenancy.ts';
import { newTrace } from '../../platform/http/trace.ts';
import type { UserActor } from '../../platform/auth/guards.ts';
import { createFieldCipher } from '../../platform/crypto/field-cipher.ts';
import { createClientService } from './clients.service.ts';
import { CONSENT_TEXT_VERSION, createReferralService, emptyReferralForm } from './referrals.service.ts';
import { createSubjectService, subjectQueryOf } from './subjects.service.ts';

// A person's request to the privacy officer: found by name, e-mail, phone or BSN (and the search is
// audited without its term), everything held with every log record about them — also the partner's
// reads, written under another organisation — as a page and as JSON, and erased on confirmation.
// The officer of another organisation finds and reads nothing, in the database too.

let t: TestApp;
const cipher = createFieldCipher(Buffer.from(TEST_FIELD_KEY, 'base64'));
let subjects: ReturnType<typeof createSubjectService>;
let werkcentrum: BuiltOrganisation;
let firm: BuiltOrganisation;
let guide: BuiltUser;
let partner: BuiltUser;
let officer: BuiltUser;
let otherOfficer: BuiltUser;
let clientId: string;
let referralId: string;
const familyName = unique('Verhoeven');
const user = (built: BuiltUser) => built.actor as UserActor;

beforeAll(async () => {
  t = await createTestApp({ demo: false });
  subjects = createSubjectService(t.db, cipher);
  const other = await buildOrganisation(t.db, { kind: 'gemeente', suwiParty: true, regions: ['AM05'] });
  [werkcentrum, firm] = await Promise.all([
    buildOrganisation(t.db, { kind: 'gemeente', suwiParty: true, regions: ['AM05'] }),
    buildOrganisation(t.db, { kind: 're_integratiebedrijf', regions: ['AM05'] }),
  ]);
  [guide, partner, officer, otherOfficer] = await Promise.all([
    buildUser(t.db, { password: null, memberships: [{ organisation: werkcentrum, role: 'gidsfunctionaris' }] }),
    buildUser(t.db, { password: null, memberships: [{ organisation: firm, role: 'partnermedewerker' }] }),
    buildUser(t.db, { memberships: [{ organisation: werkcentrum, role: 'privacy_officer' }] }),
    buildUser(t.db, { password: null, memberships: [{ organisation: other, role: 'privacy_officer' }] }),
  ]);
  const service = await buildService(t.db, firm);
  const registered = await createClientService(t.db, cipher).register(
    newTrace(),
    user(guide),
    { givenName: 'Ilse', familyName, email: 'ilse@voorbeeld.example', phone: '06 98765432', municipalityCode: 'GM0153', birthDate: '1990-01-01', bsn: '230000009', benefit: 'geen', responsibleParty: null },
    { kind: 'new' },
    randomBytes(16).toString('base64url'),
  );
  clientId = registered.outcome === 'duplicates' ? '' : registered.id;
  const referrals = createReferralService(t.db, cipher);
  const sent = await referrals.send(
    newTrace(),
    user(guide),
    emptyReferralForm({ client: clientId, dienst: service.id, vraag: `Vraag van ${familyName}`, identiteit: 'ja', hoe: 'mondeling', tekstversie: CONSENT_TEXT_VERSION, toestemming_bevestigd: 'ja' }),
    randomBytes(16).toString('base64url'),
  );
  referralId = sent.id!;
  await referrals.get(newTrace(), user(partner), referralId);
}, 120_000);
afterAll(async () => t?.close());

describe('a person’s request to the privacy officer', () => {
  it('reads a BSN, an e-mail address, a phone number and a name from what the officer typed', () => {
    expect(subjectQueryOf('2300.00.009')).toEqual({ kind: 'bsn', bsn: '230000009' });
    expect(subjectQueryOf('Ilse@Voorbeeld.example')).toEqual({ kind: 'email', email: 'ilse@voorbeeld.example' });
    expect(subjectQueryOf('+31 6 98765432')).toEqual({ kind: 'phone', phoneKey: '0698765432' });
    expect(subjectQueryOf('Ilse V')).toEqual({ kind: 'name', nameKey: 'ilsev' });
    expect(subjectQueryOf(' ')).toBeNull();
  });

  it('finds the person by each, audits the search without its term, and another organisation’s officer finds nothing', async () => {
    for (const text of ['230000009', 'ilse@voorbeeld.example', '06-98765432', `Ilse ${familyName}`]) {
      const { matches } = await subjects.search(newTrace(), user(officer), text);
      expect(matches.map((m) => m.id), text).toEqual([clientId]);
      expect((await subjects.search(newTrace(), user(otherOfficer), text)).matches, text).toEqual([]);
    }
    const audits = await t.db.kysely.selectFrom('audit_log').select(['details']).where('action', '=', 'privacy.subject-search').execute();
    expect(audits.length).toBeGreaterThanOrEqual(8);
    expect(JSON.stringify(audits)).not.toContain('230000009');
    expect(JSON.stringify(audits)).not.toContain(familyName);
    await expect(subjects.search(newTrace(), user(guide), 'Ilse')).rejects.toMatchObject({ slug: 'forbidden' });
  });

  it('shows everything held, with the log records of every organisation, the partner’s read included', async () => {
    const dossier = await subjects.dossier(newTrace(), user(officer), clientId);
    expect(dossier.person).toMatchObject({ familyName, bsn: '230000009', email: 'ilse@voorbeeld.example' });
    expect(dossier.consents[0]!.textShown).toContain(firm.name);
    expect(dossier.referrals[0]!.sharedData).toMatchObject({ voornaam: 'Ilse', email: 'ilse@voorbeeld.example', vraag: `Vraag van ${familyName}` });
    expect(dossier.referrals[0]!.timeline.map((entry) => entry.status)).toEqual(['verzonden', 'ontvangen']);
    const partnerReads = dossier.processingLog.filter((entry) => entry.operation === 'referrals.read' && entry.byOrganisation === firm.name);
    expect(partnerReads.length).toBeGreaterThanOrEqual(1);
    expect(dossier.processingLog.some((entry) => entry.operation === 'clients.insert')).toBe(true);
    await expect(subjects.dossier(newTrace(), user(otherOfficer), clientId)).rejects.toMatchObject({ slug: 'not-found' });
    // Row-level security: the other officer's unfiltered queries return nothing, the log function neither.
    const seen = await withActor(t.db, { actor: user(otherOfficer), trace: newTrace(), activity: 'subject-requests' }, async (tx) => {
      const { rows } = await sql<{ n: string }>`select (select count(*) from clients) + (select count(*) from referrals) + (select count(*) from app_client_log(${clientId}::uuid)) as n`.execute(tx);
      return Number(rows[0]!.n);
    });
    expect(seen).toBe(0);
  });

  it('exports the dossier as JSON and erases on confirmation only; the counts and the pseudonymous log stay', async () => {
    const agent = new Agent(t.app);
    await agent.login(officer);
    const page = await agent.get(`/privacy/personen?q=${encodeURIComponent('ilse@voorbeeld.example')}`);
    expect(page.body).toContain(`/privacy/personen/${clientId}`);
    const exported = await agent.get(`/privacy/personen/${clientId}/export.json`);
    expect(exported.headers['content-type']).toContain('application/json');
    expect(exported.headers['content-disposition']).toContain('attachment');
    expect(JSON.parse(exported.body).person.familyName).toBe(familyName);

    await agent.get(`/privacy/personen/${clientId}`);
    const unconfirmed = await agent.post(`/privacy/personen/${clientId}/wissen`, {});
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.body).toContain('Vink aan dat je de gegevens wilt wissen.');
    const logBefore = await t.db.kysely.selectFrom('processing_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const erased = await agent.post(`/privacy/personen/${clientId}/wissen`, { bevestig: 'ja' });
    expect(erased.statusCode).toBe(303);

    const record = await t.db.kysely.selectFrom('clients').selectAll().where('id', '=', clientId).executeTakeFirstOrThrow();
    expect(record).toMatchObject({ given_name: null, family_name: null, email: null, phone: null, bsn_encrypted: null, bsn_hash: null });
    const referral = await t.db.kysely.selectFrom('referrals').select(['shared_data', 'status']).where('id', '=', referralId).executeTakeFirstOrThrow();
    expect(referral).toEqual({ shared_data: {}, status: 'ontvangen' });
    const logAfter = await t.db.kysely.selectFrom('processing_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(logAfter.n)).toBeGreaterThan(Number(logBefore.n));
    expect(JSON.stringify(await t.db.kysely.selectFrom('processing_log').selectAll().execute())).not.toContain(familyName);
    expect((await agent.get(`/privacy/personen?q=230000009`)).body).not.toContain(clientId);
  });
});
