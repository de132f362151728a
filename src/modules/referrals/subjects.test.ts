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
import { createContactService } from './contacts.service.ts';

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
    expect(subjectQueryOf('Ilse V')).toEqual({ kind: 'name', nameKey: 'ilsev', text: 'Ilse V' });
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

describe('a person’s contacts', () => {
  it('are found by the privacy officer of an organisation with guides in the region, with their history and log; exported; erased with the counts kept', async () => {
    const contacts = createContactService(t.db);
    const email = `${unique('vrager')}@voorbeeld.example`.toLowerCase();
    const name = unique('Femke');
    const answer = await contacts.create(
      newTrace(),
      { code: 'AM05', name: 'Twente' },
      { name, email, phone: '+31 6 11223344', channel: 'email', message: 'Ik zoek een opleiding tot lasser.', audience: 'werkzoekende', municipality: 'GM0153' },
      null,
      { key: randomBytes(16).toString('base64url'), client: '10.1.2.3', answer: (reference) => reference },
      'nl',
    );
    const { id } = await t.db.kysely.selectFrom('contact_requests').select('id').where('reference', '=', answer).executeTakeFirstOrThrow();
    expect(await contacts.note(newTrace(), user(guide), id, `Notitie over ${name}`)).toEqual([]);

    for (const term of [email.toUpperCase(), '06-11223344', name.slice(0, -1).toLowerCase()]) {
      const found = await subjects.search(newTrace(), user(officer), term);
      expect(found.contacts.map((contact) => contact.id), term).toEqual([id]);
    }
    // No guides of theirs in Twente: another organisation's officer finds nothing, in the database neither.
    expect((await subjects.search(newTrace(), user(otherOfficer), email)).contacts).toEqual([]);
    await expect(subjects.contactDossier(newTrace(), user(otherOfficer), id)).rejects.toMatchObject({ slug: 'not-found' });

    const dossier = await subjects.contactDossier(newTrace(), user(officer), id);
    expect(dossier.contact).toMatchObject({ reference: answer, name, email, question: 'Ik zoek een opleiding tot lasser.' });
    expect(dossier.history.map((entry) => entry.text)).toContain(`Notitie over ${name}`);
    // The guide's write and the officer's own reads are in the log, pseudonymous and per organisation.
    expect(dossier.processingLog.map((entry) => entry.operation)).toEqual(expect.arrayContaining(['contact_requests.insert', 'contact_events.insert', 'contact_requests.read']));

    // A guide cannot erase it, not even past the service.
    await expect(
      withActor(t.db, { actor: guide.actor, trace: newTrace(), activity: 'contact-requests' }, (tx) =>
        tx.updateTable('contact_requests').set({ name: null, email: null, phone: null, preferred_channel: null, message: null, erased_at: new Date() }).where('id', '=', id).execute(),
      ),
    ).rejects.toThrow(/erase a contact/);

    const agent = new Agent(t.app);
    await agent.login(officer);
    const page = await agent.get(`/privacy/personen?q=${encodeURIComponent(email)}`);
    expect(page.body).toContain(`href="/privacy/personen/vragen/${id}"`);
    const exported = await agent.get(`/privacy/personen/vragen/${id}/export.json`);
    expect(exported.headers['content-type']).toContain('application/json');
    expect(JSON.parse(exported.body).contact.email).toBe(email);
    await agent.get(`/privacy/personen/vragen/${id}`);
    expect((await agent.post(`/privacy/personen/vragen/${id}/wissen`, {})).statusCode).toBe(400);
    expect((await agent.post(`/privacy/personen/vragen/${id}/wissen`, { bevestig: 'ja' })).statusCode).toBe(303);
    const row = await t.db.kysely.selectFrom('contact_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: null, email: null, phone: null, message: null, audience: 'werkzoekende', municipality_code: 'GM0153', intake_channel: 'website' });
    expect(row.erased_at).not.toBeNull();
    expect((await t.db.kysely.selectFrom('contact_events').select('body').where('contact_id', '=', id).execute()).every((event) => event.body === null)).toBe(true);
    expect((await subjects.search(newTrace(), user(officer), email)).contacts).toEqual([]);
  });
});
