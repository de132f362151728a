import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { Agent, createTestApp, TEST_FIELD_KEY, type TestApp } from '../../../test/helpers/app.ts';
import { queuedMailsTo } from '../../../test/helpers/db.ts';
import { asOwner, buildContactRequest, buildOrganisation, buildUser, unique, type BuiltOrganisation, type BuiltUser } from '../../../test/factories.ts';
import { withActor, withSystem } from '../../platform/db/tenancy.ts';
import { newTrace } from '../../platform/http/trace.ts';
import type { UserActor } from '../../platform/auth/guards.ts';
import { addWorkingDays } from '../../platform/time/working-days.ts';
import { createReferralService } from './referrals.service.ts';
import { createFieldCipher } from '../../platform/crypto/field-cipher.ts';
import { contactRequestRetention, createContactService, validateRegisterForm, emptyRegisterForm } from './contacts.service.ts';
import { sendReferralDigests } from './referrals.jobs.ts';

// Contacts from every channel on the real database (PGlite or the server): a question from the
// website with its reference, the guides' notices (at once or in the digest), claiming and the
// coordinator's assignment (held by the database for every actor), replies by e-mail through the
// job queue, notes, a coded result, reopening, the promised reply time with Dutch holidays,
// registering an anonymous counter contact, retention that keeps the counts, and the pages.

let t: TestApp;
let clock = new Date();
let contacts: ReturnType<typeof createContactService>;
let werkcentrum: BuiltOrganisation;
let guide: BuiltUser;
let colleague: BuiltUser;
let coordinator: BuiltUser;
let elsewhere: BuiltUser;
let partner: BuiltUser;

const user = (built: BuiltUser) => built.actor as UserActor;
const key = () => randomBytes(16).toString('base64url');
const rowOf = (id: string) => t.db.kysely.selectFrom('contact_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const mailsTo = (email: string) => queuedMailsTo(t.db, email);

beforeAll(async () => {
  t = await createTestApp({ demo: false });
  contacts = createContactService(t.db, () => clock);
  werkcentrum = await buildOrganisation(t.db, { kind: 'gemeente', suwiParty: true, regions: ['AM05', 'AM18'] });
  const firm = await buildOrganisation(t.db, { kind: 're_integratiebedrijf', regions: ['AM05'] });
  [guide, colleague, coordinator, elsewhere, partner] = await Promise.all([
    buildUser(t.db, { memberships: [{ organisation: werkcentrum, region: 'AM05', role: 'gidsfunctionaris' }] }),
    buildUser(t.db, { memberships: [{ organisation: werkcentrum, region: 'AM05', role: 'gidsfunctionaris' }] }),
    buildUser(t.db, { memberships: [{ organisation: werkcentrum, region: 'AM05', role: 'regiocoordinator' }] }),
    buildUser(t.db, { memberships: [{ organisation: werkcentrum, region: 'AM18', role: 'gidsfunctionaris' }] }),
    buildUser(t.db, { memberships: [{ organisation: firm, region: 'AM05', role: 'partnermedewerker' }] }),
  ]);
}, 120_000);
afterAll(async () => t?.close());

/** A question as the website stores it, through the service. */
async function ask(overrides: Partial<{ name: string; email: string | null; phone: string | null }> = {}) {
  const name = overrides.name ?? unique('Inwoner');
  const answer = await contacts.create(
    newTrace(),
    { code: 'AM05', name: 'Twente' },
    { name, email: 'email' in overrides ? overrides.email! : 'vraag@example.org', phone: overrides.phone ?? null, channel: overrides.email === null ? 'telefoon' : 'email', message: 'Ik zoek werk in de zorg.', audience: 'werkzoekende', municipality: 'GM0153' },
    null,
    { key: key(), client: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`, answer: (reference) => `/twente/vraag/verstuurd?referentie=${reference}` },
    'nl',
  );
  const reference = answer.split('=')[1]!;
  const { id } = await t.db.kysely.selectFrom('contact_requests').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
  return { id, reference, name };
}

describe('a question from the website', () => {
  it('gets a reference and a promised reply in 2 working days; the asker is mailed the reference and no question; the guides hear of it without personal data', async () => {
    // Friday 24 April 2026, 16:00 in Amsterdam: King's Day (Monday 27 April) does not count.
    clock = new Date('2026-04-24T14:00:00Z');
    const { id, reference, name } = await ask();
    clock = new Date();
    const row = await rowOf(id);
    expect(reference).toMatch(/^V-[0-9A-Z]{8}$/);
    expect(row).toMatchObject({ status: 'nieuw', intake_channel: 'website', handled_by: null });
    expect(new Date(row.reply_due_at).toISOString()).toBe(addWorkingDays(new Date('2026-04-24T14:00:00Z'), 2).toISOString());
    expect(new Date(row.reply_due_at).toISOString()).toBe('2026-04-29T14:00:00.000Z');

    const [confirmation] = (await mailsTo('vraag@example.org')).filter((mail) => mail.subject.includes(reference));
    expect(confirmation!.text).toContain(reference);
    expect(confirmation!.text).toContain('29-04-2026');
    expect(confirmation!.text).not.toContain('zorg');

    await t.app.jobs.runUntilIdle();
    for (const staff of [guide, colleague]) {
      const notices = (await mailsTo(staff.email)).filter((mail) => mail.subject.includes(reference));
      expect(notices).toHaveLength(1);
      expect(notices[0]!.text).toContain(`/vragen/${id}`);
      expect(notices[0]!.text).not.toContain(name);
      expect(notices[0]!.text).not.toContain('vraag@example.org');
    }
    // Guides of another region and partners are not told.
    expect((await mailsTo(elsewhere.email)).filter((mail) => mail.subject.includes(reference))).toEqual([]);
    expect((await mailsTo(partner.email)).filter((mail) => mail.subject.includes(reference))).toEqual([]);
  });

  it('goes into the daily digest of a guide who chose one, not as a mail of its own', async () => {
    const digestGuide = await buildUser(t.db, { password: null, memberships: [{ organisation: werkcentrum, region: 'AM05', role: 'gidsfunctionaris' }] });
    const referrals = createReferralService(t.db, createFieldCipher(Buffer.from(TEST_FIELD_KEY, 'base64')));
    expect(await referrals.setNoticeFrequency(newTrace(), user(digestGuide), 'dagelijks')).toEqual([]);
    const { id, reference, name } = await ask();
    await t.app.jobs.runUntilIdle();
    expect(await mailsTo(digestGuide.email)).toEqual([]);
    expect(await sendReferralDigests(t.db, 'https://werkcentrum.example', new Date('2031-03-03T09:00:00Z'))).toBeGreaterThanOrEqual(1);
    const [digest] = await mailsTo(digestGuide.email);
    expect(digest!.text).toContain(`Vraag ${reference}: nieuwe vraag. https://werkcentrum.example/vragen/${id}`);
    expect(digest!.text).not.toContain(name);
  });
});

describe('handling a contact', () => {
  it('a guide claims it; a colleague cannot take it over, not even past the service; the coordinator reassigns it and the new handler hears of it', async () => {
    const { id } = await ask();
    expect(await contacts.claim(newTrace(), user(guide), id)).toBe('claimed');
    expect(await contacts.claim(newTrace(), user(colleague), id)).toBe('taken');
    expect((await rowOf(id)).handled_by).toBe(guide.id);
    // Straight to the database as the colleague: the trigger refuses.
    await expect(
      withActor(t.db, { actor: colleague.actor, trace: newTrace(), activity: 'contact-requests' }, (tx) =>
        tx.updateTable('contact_requests').set({ handled_by: colleague.id }).where('id', '=', id).execute(),
      ),
    ).rejects.toThrow(/coordinator assigns/);
    // A partner cannot be given a contact, even by the coordinator.
    expect(await contacts.assign(newTrace(), user(coordinator), id, partner.id)).toEqual([{ field: 'behandelaar', key: 'contacts.error.assignee' }]);
    await expect(
      withActor(t.db, { actor: coordinator.actor, trace: newTrace(), activity: 'contact-requests' }, (tx) =>
        tx.updateTable('contact_requests').set({ handled_by: partner.id }).where('id', '=', id).execute(),
      ),
    ).rejects.toThrow(/guide or coordinator of its region/);
    expect(await contacts.assign(newTrace(), user(coordinator), id, colleague.id)).toEqual([]);
    expect((await rowOf(id)).handled_by).toBe(colleague.id);
    await t.app.jobs.runUntilIdle();
    const { reference } = await rowOf(id);
    expect((await mailsTo(colleague.email)).filter((mail) => mail.subject === `Vraag ${reference} is aan jou gegeven`)).toHaveLength(1);
    const detail = await contacts.get(newTrace(), user(colleague), id);
    expect(detail.events.map((event) => event.kind)).toEqual(['opgepakt', 'toegewezen']);
    expect(detail.events[1]!.assigneeName).toBe(colleague.name);
  });

  it('gives a question claimed by 20 guides at the same moment to exactly one of them', async () => {
    const { id } = await ask();
    const crowd = await Promise.all(Array.from({ length: 20 }, () => buildUser(t.db, { password: null, memberships: [{ organisation: werkcentrum, region: 'AM05', role: 'gidsfunctionaris' }] })));
    const outcomes = await Promise.all(crowd.map((member) => contacts.claim(newTrace(), user(member), id)));
    expect(outcomes.filter((outcome) => outcome === 'claimed')).toHaveLength(1);
    const winner = crowd[outcomes.indexOf('claimed')]!;
    expect((await rowOf(id)).handled_by).toBe(winner.id);
    expect((await contacts.get(newTrace(), user(winner), id)).events.filter((event) => event.kind === 'opgepakt')).toHaveLength(1);
  });

  it('replies by e-mail once per key through the job queue and keeps it in the history; notes stay internal; a coded result closes it; it reopens', async () => {
    const { id, reference } = await ask({ email: `antwoord-${randomBytes(3).toString('hex')}@example.org` });
    const { email } = await rowOf(id);
    const submission = key();
    const replies = await Promise.all([1, 2, 3].map(() => contacts.reply(newTrace(), user(guide), id, 'Kom langs op dinsdag, dan kijken we samen naar vacatures.', submission)));
    expect(replies).toEqual([[], [], []]);
    const mails = (await mailsTo(email!)).filter((mail) => mail.subject === `Antwoord op je vraag ${reference}`);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('Kom langs op dinsdag');
    let row = await rowOf(id);
    expect(row).toMatchObject({ status: 'in-behandeling', handled_by: guide.id });
    expect(row.answered_at).not.toBeNull();

    expect(await contacts.note(newTrace(), user(guide), id, '   ')).toEqual([{ field: 'notitie', key: 'contacts.error.note' }]);
    expect(await contacts.note(newTrace(), user(guide), id, 'Heeft ook schulden genoemd.')).toEqual([]);
    expect((await mailsTo(email!)).some((mail) => mail.text.includes('schulden'))).toBe(false);

    expect(await contacts.close(newTrace(), user(guide), id, 'onbekend', '')).toEqual([{ field: 'resultaat', key: 'contacts.error.result' }]);
    expect(await contacts.close(newTrace(), user(guide), id, 'anders', '')).toEqual([{ field: 'toelichting', key: 'contacts.error.otherNeedsText' }]);
    expect(await contacts.close(newTrace(), user(guide), id, 'doorverwezen', '')).toEqual([]);
    row = await rowOf(id);
    expect(row).toMatchObject({ status: 'afgerond', result: 'doorverwezen' });
    // Closed: no more notes or replies, but it can be opened again.
    await expect(contacts.note(newTrace(), user(guide), id, 'Nog iets')).rejects.toMatchObject({ slug: 'forbidden' });
    await contacts.reopen(newTrace(), user(colleague), id);
    row = await rowOf(id);
    expect(row).toMatchObject({ status: 'in-behandeling', result: null, closed_at: null, handled_by: guide.id });
    const history = (await contacts.get(newTrace(), user(guide), id)).events;
    expect(history.map((event) => event.kind)).toEqual(['opgepakt', 'antwoord', 'notitie', 'afgerond', 'heropend']);
    expect(history[1]!.body).toContain('Kom langs op dinsdag');
    // The database holds the rule too: closed means a result.
    await expect(
      withActor(t.db, { actor: guide.actor, trace: newTrace(), activity: 'contact-requests' }, (tx) =>
        tx.updateTable('contact_requests').set({ status: 'afgerond' }).where('id', '=', id).execute(),
      ),
    ).rejects.toThrow(/contact_requests_result/);
  });

  it('marks unanswered questions past the promised time as late until someone answers; a follow-up date lists it for today', async () => {
    const late = await buildContactRequest(t.db, { region_code: 'AM05', reply_due_at: new Date(Date.now() - 3_600_000) });
    const inTime = await buildContactRequest(t.db, { region_code: 'AM05' });
    const { contacts: lateOnes, counts } = await contacts.list(newTrace(), user(guide), 'te-laat');
    expect(lateOnes.map((contact) => contact.id)).toContain(late.id);
    expect(lateOnes.map((contact) => contact.id)).not.toContain(inTime.id);
    expect(lateOnes.every((contact) => contact.overdue)).toBe(true);
    expect(counts.teLaat).toBe(lateOnes.length);
    expect(await contacts.recordContact(newTrace(), user(guide), late.id, 'Gebeld, morgen terugbellen.')).toEqual([]);
    expect((await contacts.list(newTrace(), user(guide), 'te-laat')).contacts.map((contact) => contact.id)).not.toContain(late.id);

    expect(await contacts.followUp(newTrace(), user(guide), late.id, '2026-02-30')).toEqual([{ field: 'opvolgen', key: 'referrals.client.error.date' }]);
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
    expect(await contacts.followUp(newTrace(), user(guide), late.id, today)).toEqual([]);
    const due = await contacts.list(newTrace(), user(guide), 'opvolgen');
    expect(due.contacts.map((contact) => contact.id)).toEqual([late.id]);
    expect((await contacts.counts(newTrace(), user(guide))).opvolgen).toBe(1);
    // Only the handler's follow-ups are theirs for today.
    expect((await contacts.list(newTrace(), user(colleague), 'opvolgen')).contacts).toEqual([]);
  });

  it('registers an anonymous counter contact closed at once, and one to follow up with the person; the form says what is missing', async () => {
    const municipalities = new Set(['GM0153']);
    expect(validateRegisterForm(emptyRegisterForm({ binnengekomen: 'website', opvolging: '' }), municipalities).errors.map((e) => e.field)).toEqual(['binnengekomen', 'opvolging']);
    expect(validateRegisterForm(emptyRegisterForm({ binnengekomen: 'balie', opvolging: 'nee' }), municipalities).errors.map((e) => e.field)).toEqual(['resultaat']);
    expect(validateRegisterForm(emptyRegisterForm({ binnengekomen: 'balie', opvolging: 'ja', vraag: 'Hulp bij cv' }), municipalities).errors.map((e) => e.field)).toEqual(['naam', 'email']);

    const anonymous = validateRegisterForm(emptyRegisterForm({ binnengekomen: 'balie', opvolging: 'nee', resultaat: 'informatie-gegeven', themas: ['werk-vinden'], wie: 'werkzoekende', gemeente: 'GM0153', naam: 'Wordt genegeerd' }), municipalities);
    const anonymousId = await contacts.register(newTrace(), user(guide), anonymous.value!, key());
    expect(await rowOf(anonymousId)).toMatchObject({ anonymous: true, name: null, email: null, status: 'afgerond', result: 'informatie-gegeven', intake_channel: 'balie', themes: ['werk-vinden'], handled_by: guide.id, recorded_by: guide.id });

    const followed = validateRegisterForm(emptyRegisterForm({ binnengekomen: 'telefoon', opvolging: 'ja', naam: 'Bram', telefoon: '06 12345678', vraag: 'Wil omscholen naar techniek.' }), municipalities);
    const submission = key();
    const [first, second] = await Promise.all([contacts.register(newTrace(), user(guide), followed.value!, submission), contacts.register(newTrace(), user(guide), followed.value!, submission)]);
    expect(first).toBe(second);
    expect(await rowOf(first)).toMatchObject({ anonymous: false, name: 'Bram', preferred_channel: 'telefoon', status: 'in-behandeling', handled_by: guide.id, intake_channel: 'telefoon' });
    // "Mine" is work still to do: the open contact, not the one closed at the counter.
    const mine = (await contacts.list(newTrace(), user(guide), 'mijn')).contacts.map((contact) => contact.id);
    expect(mine).toContain(first);
    expect(mine).not.toContain(anonymousId);
    // Unknown themes are refused by the database too.
    await expect(
      withActor(t.db, { actor: guide.actor, trace: newTrace(), activity: 'contact-requests' }, (tx) =>
        tx.updateTable('contact_requests').set({ themes: ['geen-thema'] }).where('id', '=', first).execute(),
      ),
    ).rejects.toThrow(/unknown theme/);
  });
});

describe('who sees contacts', () => {
  it('guides of another region and partners read nothing, even through an unfiltered query; every read is logged', async () => {
    const { id } = await ask();
    for (const outsider of [elsewhere, partner]) {
      const rows = await withActor(t.db, { actor: outsider.actor, trace: newTrace(), activity: 'contact-requests' }, (tx) => tx.selectFrom('contact_requests').select('id').execute());
      expect(rows).toEqual([]);
      const events = await withActor(t.db, { actor: outsider.actor, trace: newTrace(), activity: 'contact-requests' }, (tx) => tx.selectFrom('contact_events').select('id').execute());
      expect(events).toEqual([]);
    }
    await expect(contacts.get(newTrace(), user(elsewhere), id)).rejects.toMatchObject({ slug: 'not-found' });
    await expect(contacts.get(newTrace(), user(partner), id)).rejects.toMatchObject({ slug: 'forbidden' });
    const before = await t.db.kysely.selectFrom('processing_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow();
    await contacts.get(newTrace(), user(guide), id);
    const log = await t.db.kysely.selectFrom('processing_log').select(['name', 'processing_activity_id', 'data_subject_id']).where('seq', '>', Number(before.seq ?? 0)).execute();
    expect(log).toEqual([{ name: 'contact_requests.read', processing_activity_id: 'contact-requests', data_subject_id: expect.any(String) as unknown }]);
  });

  it('the retention erases names, addresses and texts and keeps the counts', async () => {
    const { id } = await ask();
    expect(await contacts.note(newTrace(), user(guide), id, 'Persoonlijke notitie')).toEqual([]);
    expect(await contacts.close(newTrace(), user(guide), id, 'informatie-gegeven', 'Verteld waar de vacaturebank is')).toEqual([]);
    await asOwner(t.db, 'contact-requests', (tx) => sql`update contact_requests set closed_at = now() - interval '7 months' where id = ${id}`.execute(tx));
    const erased = await withSystem(t.db, 'contact-requests', (tx) => contactRequestRetention.sweep(tx, new Date()));
    expect(erased).toBeGreaterThanOrEqual(1);
    const row = await rowOf(id);
    expect(row).toMatchObject({ name: null, email: null, phone: null, message: null, status: 'afgerond', result: 'informatie-gegeven', audience: 'werkzoekende', municipality_code: 'GM0153', intake_channel: 'website' });
    expect(row.erased_at).not.toBeNull();
    const bodies = await t.db.kysely.selectFrom('contact_events').select('body').where('contact_id', '=', id).execute();
    expect(bodies.every((event) => event.body === null)).toBe(true);
    // Erased: nothing to reopen or answer.
    await expect(contacts.reopen(newTrace(), user(guide), id)).rejects.toMatchObject({ slug: 'forbidden' });
    // Only the retention job erases.
    const other = await ask();
    await expect(
      withActor(t.db, { actor: guide.actor, trace: newTrace(), activity: 'contact-requests' }, (tx) =>
        tx.updateTable('contact_requests').set({ erased_at: new Date() }).where('id', '=', other.id).execute(),
      ),
    ).rejects.toThrow();
  });
});

describe('the pages', () => {
  it('a guide registers a contact without JavaScript, errors kept by the field; the coordinator assigns from the page; Mijn werk links each list', async () => {
    const agent = new Agent(t.app);
    const workspace = await agent.login(guide);
    expect(workspace.body).toContain('href="/vragen?filter=opvolgen"');
    expect(workspace.body).toContain('href="/vragen?filter=te-laat"');
    expect(workspace.body).toContain('<a href="/vragen">Vragen en contacten</a>');
    await agent.get('/vragen/nieuw');
    const invalid = await agent.post('/vragen', { binnengekomen: 'balie', opvolging: 'ja', naam: 'Noor', vraag: 'Zoekt een stage', themas: ['werk-vinden', 'scholing-en-ontwikkelpaden'] });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('id="veld-email-error"');
    expect(invalid.body).toContain('value="Noor"');
    expect(invalid.body).toMatch(/value="scholing-en-ontwikkelpaden"[^>]*checked/);
    const saved = await agent.post('/vragen', { binnengekomen: 'balie', opvolging: 'ja', naam: 'Noor', telefoon: '06 87654321', vraag: 'Zoekt een stage', themas: ['werk-vinden', 'scholing-en-ontwikkelpaden'] });
    expect(saved.statusCode).toBe(303);
    const path = String(saved.headers.location);
    const page = await agent.get(path);
    expect(page.body).toContain('Noor');
    expect(page.body).toContain('Balie');
    expect(page.body).toContain('href="/clienten/nieuw?vraag=');
    const list = await agent.get('/vragen?filter=mijn');
    expect(list.body).toContain(`href="${path}"`);

    const boss = new Agent(t.app);
    await boss.login(coordinator);
    const detail = await boss.get(path);
    expect(detail.body).toContain('name="behandelaar"');
    expect((await boss.post(`${path}/toewijzen`, { behandelaar: 'iemand' })).statusCode).toBe(400);
    expect((await boss.post(`${path}/toewijzen`, { behandelaar: colleague.id })).statusCode).toBe(303);
    const handled = await rowOf(path.split('/').pop()!);
    expect(handled.handled_by).toBe(colleague.id);
    // A guide's page offers no assignment.
    expect((await agent.get(path)).body).not.toContain('name="behandelaar"');
    expect((await agent.post(`${path}/toewijzen`, { behandelaar: guide.id })).statusCode).toBe(403);
  });

  it('a partner has no contacts page', async () => {
    const agent = new Agent(t.app);
    await agent.login(partner);
    expect((await agent.get('/vragen')).statusCode).toBe(403);
    expect((await agent.get('/vragen/nieuw')).statusCode).toBe(403);
  });
});
