import { randomBytes } from 'node:crypto';
import type { Database } from '../../platform/db/pool.ts';
import {
  CONTACT_RESULTS,
  INTAKE_CHANNELS,
  type ContactEventKind,
  type ContactRequestStatus,
  type ContactResult,
  type IntakeChannel,
} from '../../platform/db/schema.ts';
import { anonymous, logRead, withActor, type Tx } from '../../platform/db/tenancy.ts';
import type { Trace } from '../../platform/http/trace.ts';
import { forbidden, notFound, type FieldError } from '../../platform/http/errors.ts';
import { submissionResult, submitOnce } from '../../platform/http/submissions.ts';
import type { UserActor } from '../../platform/auth/guards.ts';
import { isEmail, isUuid } from '../../platform/http/values.ts';
import { monthsBefore, type RetentionRule } from '../../platform/privacy/retention.ts';
import { sendMail } from '../../platform/mail/mailer.ts';
import { sendJob } from '../../platform/jobs/jobs.ts';
import { translator, type Lang, type MessageKey } from '../../platform/i18n/index.ts';
import { addWorkingDays, amsterdamDay } from '../../platform/time/working-days.ts';
import { serviceNames } from '../catalogue/catalogue.repository.ts';
import { themes as THEMES } from '../catalogue/taxonomy.ts';
import { contactPolicy, type ContactRecord } from './referrals.policy.ts';
import {
  contactEvents,
  countContacts,
  eraseContacts,
  findContact,
  insertContact,
  insertContactEvent,
  listContacts,
  lockContact,
  updateContact,
  type ContactListFilter,
} from './contacts.repository.ts';
import { regionGuides } from './referrals.repository.ts';

// Contacts: a question from the website ("stel een vraag") or a contact a guide registers from any
// other channel (balie, telefoon, e-mail, chat, outreach, via a partner). The person who asked on the
// website gets a reference; the region's guides hear of it (the `contact-notice` job, at once or in
// their daily digest). A guide claims it or the coordinator assigns it; notes, e-mail replies (through
// the job queue) and contacts made are kept in its history; it closes with a coded result and can
// be reopened. The promised reply time is 2 working days (Dutch public holidays counted).
// Minimal data: anyone may ask (no RETURNING: the public cannot read the row back); only the
// region's guides and coordinator read and handle contacts (row-level security), and every read is
// written to the processing log.

const ACTIVITY = 'contact-requests' as const;

declare module '../../platform/jobs/jobs.ts' {
  interface JobData {
    'contact-notice': { contactId: string; notice: ContactNotice };
  }
}

/** What the region's guides hear of: a new question (all guides) or a contact given to them (the assignee). */
export type ContactNotice = 'nieuw' | 'toegewezen';

/** Contacts lose their personal fields 6 months after they were closed, 12 months after they arrived when never closed. */
export const CONTACT_REQUEST_CLOSED_RETENTION_MONTHS = 6;
export const CONTACT_REQUEST_OPEN_RETENTION_MONTHS = 12;
/** The promised reply time. */
export const CONTACT_REPLY_WORKING_DAYS = 2;

export const contactRequestRetention: RetentionRule = {
  name: 'contactRequests',
  activity: ACTIVITY,
  sweep: (tx, now) =>
    eraseContacts(tx, monthsBefore(now, CONTACT_REQUEST_CLOSED_RETENTION_MONTHS), monthsBefore(now, CONTACT_REQUEST_OPEN_RETENTION_MONTHS), now),
};

/** Who asks: the audiences the forms offer. */
export const CONTACT_AUDIENCES = ['werkzoekende', 'werkende', 'werkgever', 'zelfstandige'] as const;
export const CONTACT_STATUSES: readonly ContactRequestStatus[] = ['nieuw', 'in-behandeling', 'afgerond'];
/** The channels a guide registers a contact from (the website's come from the form). */
export const REGISTERED_CHANNELS: readonly IntakeChannel[] = INTAKE_CHANNELS.filter((channel) => channel !== 'website');
/**
 * Channels where the guide spoke with the person: registering the contact is the answer. A question
 * that came by e-mail or through a partner still waits for the promised reply.
 */
export const CONVERSATION_CHANNELS: readonly IntakeChannel[] = ['balie', 'telefoon', 'chat', 'outreach'];
export const CONTACT_THEMES: readonly string[] = THEMES.map((theme) => theme.code);
export const CONTACT_LIMITS = { name: 100, email: 254, message: 2000, note: 4000 } as const;

/** The contact form's scope in the store of submission keys. */
export const CONTACT_SCOPE = 'contact-request';
const REGISTER_SCOPE = 'contact-register';
const REPLY_SCOPE = 'contact-reply';
/**
 * Accepted questions per client address per hour; failed posts do not count, so someone who needs
 * five tries still asks once. One address is often many people: a library or Werkcentrum computer,
 * a school or a mobile network. A busy counter helps someone every few minutes, so 30 an hour (one
 * every two minutes, all hour long) leaves room for it, while a script on one address stays at a
 * number the region's guides can still read and clear in a day.
 */
export const CONTACT_RATE_LIMIT = { max: 30, windowSeconds: 3600 } as const;

/** Reference numbers: 8 characters of Crockford's base 32 (no I, L, O or U to misread), after "V-". */
const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function newContactReference(): string {
  return `V-${[...randomBytes(8)].map((byte) => REFERENCE_ALPHABET[byte % 32]).join('')}`;
}

/** The form's one-time key, the address it came from, and where to send the person once it is stored (given the reference). */
export interface ContactSubmission {
  key: string;
  client: string;
  answer: (reference: string) => string;
}

export interface ContactForm {
  naam: string;
  email: string;
  telefoon: string;
  kanaal: string;
  vraag: string;
  wie: string;
  gemeente: string;
  dienst: string;
}

export const emptyContactForm = (values: Partial<ContactForm> = {}): ContactForm => ({
  naam: '',
  email: '',
  telefoon: '',
  kanaal: '',
  vraag: '',
  wie: '',
  gemeente: '',
  dienst: '',
  ...values,
});

const PHONE = /^[0-9 +()-]{6,20}$/;

export interface ContactValue {
  name: string;
  email: string | null;
  phone: string | null;
  channel: 'email' | 'telefoon';
  message: string;
  audience: string | null;
  municipality: string | null;
}

/** The checked values, ready to store, or the errors per field. */
export function validateContactForm(form: ContactForm, municipalityCodes: ReadonlySet<string>): { errors: FieldError[]; value?: ContactValue } {
  const errors: FieldError[] = [];
  const name = form.naam.trim();
  const email = form.email.trim();
  const phone = form.telefoon.trim();
  const message = form.vraag.trim();
  if (!name) errors.push({ field: 'naam', key: 'portal.contact.error.name' });
  else if (name.length > CONTACT_LIMITS.name) errors.push({ field: 'naam', key: 'form.error.tooLong', params: { max: CONTACT_LIMITS.name } });
  if (email && (email.length > CONTACT_LIMITS.email || !isEmail(email))) errors.push({ field: 'email', key: 'form.error.email' });
  if (phone && !PHONE.test(phone)) errors.push({ field: 'telefoon', key: 'portal.contact.error.phone' });
  if (!email && !phone) errors.push({ field: 'email', key: 'portal.contact.error.reach' });
  // With one way to reach someone, that is the preferred one; with both, they choose.
  let channel: 'email' | 'telefoon' | null = form.kanaal === 'email' || form.kanaal === 'telefoon' ? form.kanaal : null;
  if (!channel && email && !phone) channel = 'email';
  if (!channel && phone && !email) channel = 'telefoon';
  if (email && phone && !channel) errors.push({ field: 'kanaal', key: 'portal.contact.error.channel' });
  if (channel === 'email' && !email && phone) errors.push({ field: 'kanaal', key: 'portal.contact.error.channelEmail' });
  if (channel === 'telefoon' && !phone && email) errors.push({ field: 'kanaal', key: 'portal.contact.error.channelPhone' });
  if (!message) errors.push({ field: 'vraag', key: 'portal.contact.error.message' });
  else if (message.length > CONTACT_LIMITS.message) errors.push({ field: 'vraag', key: 'form.error.tooLong', params: { max: CONTACT_LIMITS.message } });
  if (form.wie && !(CONTACT_AUDIENCES as readonly string[]).includes(form.wie)) errors.push({ field: 'wie', key: 'form.error.invalidChoice' });
  if (form.gemeente && !municipalityCodes.has(form.gemeente)) errors.push({ field: 'gemeente', key: 'form.error.invalidChoice' });
  if (errors.length > 0 || !channel) return { errors };
  return {
    errors,
    value: { name, email: email || null, phone: phone || null, channel, message, audience: form.wie || null, municipality: form.gemeente || null },
  };
}

/** A guide's registration of a contact from another channel. */
export interface RegisterForm extends ContactForm {
  binnengekomen: string;
  themas: string[];
  /** 'ja': someone follows it up (the person's name and how to reach them); 'nee': anonymous, closed at once with a result. */
  opvolging: string;
  resultaat: string;
}

export const emptyRegisterForm = (values: Partial<RegisterForm> = {}): RegisterForm => ({
  ...emptyContactForm(),
  binnengekomen: '',
  themas: [],
  opvolging: '',
  resultaat: '',
  ...values,
});

interface RegisterValue {
  intakeChannel: IntakeChannel;
  themes: string[];
  audience: string | null;
  municipality: string | null;
  person: ContactValue | null;
  message: string | null;
  result: ContactResult | null;
}

const GUIDE_WORDING: Readonly<Record<string, MessageKey>> = {
  'portal.contact.error.name': 'contacts.error.name',
  'portal.contact.error.reach': 'contacts.error.reach',
  'portal.contact.error.message': 'contacts.error.message',
  'portal.contact.error.channel': 'contacts.error.preferred',
  'portal.contact.error.channelEmail': 'contacts.error.preferredEmail',
  'portal.contact.error.channelPhone': 'contacts.error.preferredPhone',
};

export function validateRegisterForm(form: RegisterForm, municipalityCodes: ReadonlySet<string>): { errors: FieldError[]; value?: RegisterValue } {
  const errors: FieldError[] = [];
  const intakeChannel = REGISTERED_CHANNELS.find((channel) => channel === form.binnengekomen);
  if (!intakeChannel) errors.push({ field: 'binnengekomen', key: 'contacts.error.channel' });
  const themes = [...new Set(form.themas)];
  if (themes.some((code) => !CONTACT_THEMES.includes(code))) errors.push({ field: 'themas', key: 'form.error.invalidChoice' });
  let person: ContactValue | null = null;
  let message: string | null = null;
  let result: ContactResult | null = null;
  if (form.opvolging === 'ja') {
    const checked = validateContactForm(form, municipalityCodes);
    // The same checks as the public form, in the words for the guide who fills it in for someone.
    errors.push(...checked.errors.map((error) => ({ ...error, key: GUIDE_WORDING[error.key] ?? error.key })));
    person = checked.value ?? null;
    message = person?.message ?? null;
  } else if (form.opvolging === 'nee') {
    result = CONTACT_RESULTS.find((code) => code === form.resultaat) ?? null;
    if (!result) errors.push({ field: 'resultaat', key: 'contacts.error.result' });
    message = form.vraag.trim() || null;
    if (message && message.length > CONTACT_LIMITS.message) errors.push({ field: 'vraag', key: 'form.error.tooLong', params: { max: CONTACT_LIMITS.message } });
    if (form.wie && !(CONTACT_AUDIENCES as readonly string[]).includes(form.wie)) errors.push({ field: 'wie', key: 'form.error.invalidChoice' });
    if (form.gemeente && !municipalityCodes.has(form.gemeente)) errors.push({ field: 'gemeente', key: 'form.error.invalidChoice' });
  } else {
    errors.push({ field: 'opvolging', key: 'contacts.error.followUp' });
  }
  if (errors.length > 0 || !intakeChannel) return { errors };
  return {
    errors,
    value: { intakeChannel, themes, audience: form.wie || null, municipality: form.gemeente || null, person, message, result },
  };
}

export interface ContactSummary {
  id: string;
  reference: string;
  /** Null for an anonymous contact and after erasure. */
  name: string | null;
  anonymous: boolean;
  erased: boolean;
  status: ContactRequestStatus;
  createdAt: Date;
  audience: string | null;
  themes: readonly string[];
  serviceName: string | null;
  intakeChannel: IntakeChannel;
  preferredChannel: 'email' | 'telefoon' | null;
  /** Who handles it: the reader, a named colleague, or no one yet. */
  handledBy: { id: string; self: boolean; name: string } | null;
  replyDueAt: Date;
  answeredAt: Date | null;
  /** Open, unanswered and past the promised reply time. */
  overdue: boolean;
  followUpOn: string | null;
  result: ContactResult | null;
}

export interface ContactEvent {
  id: string;
  kind: ContactEventKind;
  at: Date;
  actorName: string | null;
  actorRole: string | null;
  assigneeName: string | null;
  result: ContactResult | null;
  followUpOn: string | null;
  body: string | null;
}

export interface ContactDetail extends ContactSummary {
  email: string | null;
  phone: string | null;
  message: string | null;
  municipalityCode: string | null;
  municipalityName: string | null;
  serviceId: string | null;
  closedAt: Date | null;
  events: ContactEvent[];
  /** Whom the coordinator can give it to (empty for others). */
  handlers: { id: string; name: string }[];
  /** The record as policies see it. */
  record: ContactRecord;
}

export type ContactFilterName = 'nieuw' | 'mijn' | 'te-laat' | 'opvolgen' | 'afgerond' | 'in-behandeling';
export const CONTACT_FILTERS: readonly ContactFilterName[] = ['nieuw', 'mijn', 'opvolgen', 'te-laat', 'in-behandeling', 'afgerond'];

type ContactRow = Awaited<ReturnType<typeof listContacts>>[number];

function summaryOf(row: ContactRow, actor: UserActor, services: Map<string, string>, now: Date): ContactSummary {
  const answeredAt = row.answered_at ? new Date(row.answered_at) : null;
  const replyDueAt = new Date(row.reply_due_at);
  return {
    id: row.id,
    reference: row.reference,
    name: row.name,
    anonymous: row.anonymous,
    erased: row.erased_at !== null,
    status: row.status,
    createdAt: new Date(row.created_at),
    audience: row.audience,
    themes: row.themes,
    serviceName: row.service_id ? (services.get(row.service_id) ?? null) : null,
    intakeChannel: row.intake_channel,
    preferredChannel: row.preferred_channel,
    handledBy: row.handled_by ? { id: row.handled_by, self: row.handled_by === actor.userId, name: row.handler_name ?? '' } : null,
    replyDueAt,
    answeredAt,
    overdue: row.status !== 'afgerond' && answeredAt === null && replyDueAt < now,
    followUpOn: row.follow_up_on,
    result: row.result,
  };
}

const recordOf = (row: { region_code: string; status: ContactRequestStatus; handled_by: string | null; erased_at: Date | string | null }): ContactRecord => ({
  regionCode: row.region_code,
  status: row.status,
  handledBy: row.handled_by,
  erased: row.erased_at !== null,
});

export function createContactService(db: Database, clock: () => Date = () => new Date()) {
  function membershipOf(actor: UserActor) {
    contactPolicy.authorize(actor, 'handle');
    if (!actor.membership) throw forbidden();
    return actor.membership;
  }

  /** Locks a contact of the actor's region and checks the action; 404 when it is not theirs to see, 403 when the action is not allowed now. */
  async function lockFor(tx: Tx, actor: UserActor, id: string, action: 'assign' | 'work' | 'reply' | 'close' | 'reopen') {
    const row = await lockContact(tx, id);
    if (!row || !contactPolicy.can(actor, 'handle', recordOf(row))) throw notFound();
    contactPolicy.authorize(actor, action, recordOf(row));
    return row;
  }

  /** Runs one change to a contact in a transaction of the actor, logged under the contact activity. */
  const change = <T>(trace: Trace, actor: UserActor, id: string, work: (tx: Tx, role: string) => Promise<T>): Promise<T> => {
    const membership = membershipOf(actor);
    if (!isUuid(id)) throw notFound();
    return withActor(db, { actor, trace, activity: ACTIVITY }, (tx) => work(tx, membership.role));
  };

  /** Whoever works on a contact no one handles takes it on. */
  async function takeIfFree(tx: Tx, actor: UserActor, role: string, row: { id: string; region_code: string; handled_by: string | null; status: ContactRequestStatus }) {
    if (row.handled_by !== null) return;
    await updateContact(tx, row.id, { handled_by: actor.userId, ...(row.status === 'nieuw' ? { status: 'in-behandeling' as const } : {}) });
    await insertContactEvent(tx, { contactId: row.id, regionCode: row.region_code, kind: 'opgepakt', actorUserId: actor.userId, actorRole: role });
  }

  return {
    /**
     * Stores a checked question from the website once per submission key, within the per-address
     * limit (else `TooManyRequestsError`); sends the asker a confirmation with the reference (when
     * they gave an e-mail address) and tells the region's guides. Returns where to send the person:
     * this submission's answer, or the first one's when the key was used before.
     */
    async create(
      trace: Trace,
      region: { code: string; name: string },
      value: ContactValue,
      serviceId: string | null,
      submission: ContactSubmission,
      language: Lang,
    ): Promise<string> {
      const { result } = await withActor(db, { actor: anonymous, trace, activity: ACTIVITY }, (tx) =>
        submitOnce(
          tx,
          CONTACT_SCOPE,
          submission.key,
          async () => {
            const reference = newContactReference();
            const now = clock();
            const replyDueAt = addWorkingDays(now, CONTACT_REPLY_WORKING_DAYS);
            const contactId = await insertContact(tx, {
              ...value,
              reference,
              regionCode: region.code,
              serviceId,
              themes: [],
              intakeChannel: 'website',
              anonymous: false,
              replyDueAt,
              recordedBy: null,
              closed: null,
              answeredAt: null,
            });
            if (value.email) {
              const t = translator(language);
              const params = { reference, region: region.name, date: amsterdamDay(replyDueAt).split('-').reverse().join('-') };
              await sendMail(tx, { to: value.email, subject: t('contacts.mail.confirm.subject', params), text: t('contacts.mail.confirm.text', params), kind: 'contact-confirmation' });
            }
            await sendJob(tx, 'contact-notice', { contactId, notice: 'nieuw' });
            return submission.answer(reference);
          },
          { client: submission.client, ...CONTACT_RATE_LIMIT },
        ),
      );
      return result;
    },

    /** Where the first use of a submission key sent the person; null when the key was not used. */
    async answerOf(trace: Trace, key: string): Promise<string | null> {
      return withActor(db, { actor: anonymous, trace }, (tx) => submissionResult(tx, CONTACT_SCOPE, key));
    },

    /** A guide registers a contact from another channel, once per submission key; returns its id. */
    async register(trace: Trace, actor: UserActor, value: RegisterValue, submissionKey: string): Promise<string> {
      const membership = membershipOf(actor);
      contactPolicy.authorize(actor, 'register');
      const { result } = await withActor(db, { actor, trace, activity: ACTIVITY }, (tx) =>
        submitOnce(tx, REGISTER_SCOPE, submissionKey, async () => {
          const now = clock();
          const id = await insertContact(tx, {
            reference: newContactReference(),
            regionCode: membership.regionCode,
            serviceId: null,
            audience: value.audience,
            themes: value.themes,
            name: value.person?.name ?? null,
            email: value.person?.email ?? null,
            phone: value.person?.phone ?? null,
            channel: value.person?.channel ?? null,
            message: value.message,
            municipality: value.municipality,
            intakeChannel: value.intakeChannel,
            anonymous: value.person === null,
            replyDueAt: addWorkingDays(now, CONTACT_REPLY_WORKING_DAYS),
            recordedBy: actor.userId,
            closed: value.result ? { result: value.result, at: now } : null,
            answeredAt: CONVERSATION_CHANNELS.includes(value.intakeChannel) || value.result ? now : null,
          });
          const base = { contactId: id, regionCode: membership.regionCode, actorUserId: actor.userId, actorRole: membership.role };
          await insertContactEvent(tx, { ...base, kind: 'geregistreerd' });
          if (value.result) await insertContactEvent(tx, { ...base, kind: 'afgerond', result: value.result });
          return id;
        }),
      );
      return result;
    },

    /** The region's contacts under a filter, newest first; logged as a read of each one shown. */
    async list(trace: Trace, actor: UserActor, filterName: ContactFilterName | null, intakeChannel: IntakeChannel | null = null, limit = 100) {
      const { regionCode } = membershipOf(actor);
      const now = clock();
      const filter: ContactListFilter = {
        status: filterName === 'nieuw' || filterName === 'in-behandeling' || filterName === 'afgerond' ? filterName : null,
        // Mine, late and today's follow-ups are work still to do.
        openOnly: filterName === 'mijn' || filterName === 'te-laat' || filterName === 'opvolgen',
        handledBy: filterName === 'mijn' || filterName === 'opvolgen' ? actor.userId : null,
        overdueAt: filterName === 'te-laat' ? now : null,
        followUpBy: filterName === 'opvolgen' ? amsterdamDay(now) : null,
        intakeChannel,
      };
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const [rows, counts] = await Promise.all([listContacts(tx, regionCode, filter, limit), countContacts(tx, regionCode, actor.userId, now, amsterdamDay(now))]);
        // The catalogue names the services the questions are about.
        const services = await serviceNames(tx, [...new Set(rows.map((row) => row.service_id).filter((id): id is string => id !== null))]);
        await logRead(
          tx,
          'contact_requests.read',
          rows.map((row) => row.id),
          'contact_request',
        );
        return { regionCode, counts, contacts: rows.map((row) => summaryOf(row, actor, services, now)) };
      });
    },

    /** What waits, for "Mijn werk" (a count reads no personal data). */
    async counts(trace: Trace, actor: UserActor) {
      const { regionCode } = membershipOf(actor);
      const now = clock();
      return withActor(db, { actor, trace }, (tx) => countContacts(tx, regionCode, actor.userId, now, amsterdamDay(now)));
    },

    /** One contact of the actor's region with its history (404 otherwise); the read is logged. */
    async get(trace: Trace, actor: UserActor, id: string): Promise<ContactDetail> {
      const { regionCode } = membershipOf(actor);
      if (!isUuid(id)) throw notFound();
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const row = await findContact(tx, regionCode, id);
        if (!row) throw notFound();
        await logRead(tx, 'contact_requests.read', [row.id], 'contact_request');
        const [services, events] = await Promise.all([serviceNames(tx, row.service_id ? [row.service_id] : []), contactEvents(tx, row.id)]);
        const record = recordOf(row);
        const handlers = contactPolicy.can(actor, 'assign', record) ? await regionGuides(tx, regionCode) : [];
        return {
          ...summaryOf(row, actor, services, clock()),
          email: row.email,
          phone: row.phone,
          message: row.message,
          municipalityCode: row.municipality_code,
          municipalityName: row.municipality_name,
          serviceId: row.service_id,
          closedAt: row.closed_at ? new Date(row.closed_at) : null,
          events: events.map((event) => ({
            id: event.id,
            kind: event.kind,
            at: new Date(event.created_at),
            actorName: event.actor_name,
            actorRole: event.actor_role,
            assigneeName: event.assignee_name,
            result: event.result,
            followUpOn: event.follow_up_on,
            body: event.body,
          })),
          handlers,
          record,
        };
      });
    },

    /** A guide takes a contact no one handles; 'taken' when someone was first. */
    async claim(trace: Trace, actor: UserActor, id: string): Promise<'claimed' | 'taken'> {
      return change(trace, actor, id, async (tx, role) => {
        const row = await lockContact(tx, id);
        if (!row || !contactPolicy.can(actor, 'handle', recordOf(row))) throw notFound();
        if (row.handled_by !== null) return row.handled_by === actor.userId ? 'claimed' : 'taken';
        contactPolicy.authorize(actor, 'claim', recordOf(row));
        await takeIfFree(tx, actor, role, row);
        return 'claimed';
      });
    },

    /** The coordinator gives a contact to a guide or coordinator of the region; they hear of it. */
    async assign(trace: Trace, actor: UserActor, id: string, assignee: string): Promise<FieldError[]> {
      return change(trace, actor, id, async (tx, role) => {
        const row = await lockFor(tx, actor, id, 'assign');
        const handlers = await regionGuides(tx, row.region_code);
        if (!handlers.some((handler) => handler.id === assignee)) return [{ field: 'behandelaar', key: 'contacts.error.assignee' }];
        if (row.handled_by === assignee) return [];
        await updateContact(tx, id, { handled_by: assignee, ...(row.status === 'nieuw' ? { status: 'in-behandeling' as const } : {}) });
        await insertContactEvent(tx, { contactId: id, regionCode: row.region_code, kind: 'toegewezen', actorUserId: actor.userId, actorRole: role, assigneeUserId: assignee });
        if (assignee !== actor.userId) await sendJob(tx, 'contact-notice', { contactId: id, notice: 'toegewezen' });
        return [];
      });
    },

    /** An internal note (never sent to the person). */
    async note(trace: Trace, actor: UserActor, id: string, text: string): Promise<FieldError[]> {
      const body = text.trim();
      if (!body) return [{ field: 'notitie', key: 'contacts.error.note' }];
      if (body.length > CONTACT_LIMITS.note) return [{ field: 'notitie', key: 'form.error.tooLong', params: { max: CONTACT_LIMITS.note } }];
      return change(trace, actor, id, async (tx, role) => {
        const row = await lockFor(tx, actor, id, 'work');
        await takeIfFree(tx, actor, role, row);
        await insertContactEvent(tx, { contactId: id, regionCode: row.region_code, kind: 'notitie', actorUserId: actor.userId, actorRole: role, body });
        return [];
      });
    },

    /** A contact made another way (a call, at the counter): the promised reply is kept. */
    async recordContact(trace: Trace, actor: UserActor, id: string, text: string): Promise<FieldError[]> {
      const body = text.trim();
      if (body.length > CONTACT_LIMITS.note) return [{ field: 'verslag', key: 'form.error.tooLong', params: { max: CONTACT_LIMITS.note } }];
      return change(trace, actor, id, async (tx, role) => {
        const row = await lockFor(tx, actor, id, 'work');
        await takeIfFree(tx, actor, role, row);
        await insertContactEvent(tx, { contactId: id, regionCode: row.region_code, kind: 'contact', actorUserId: actor.userId, actorRole: role, body: body || null });
        if (!row.answered_at) await updateContact(tx, id, { answered_at: clock() });
        return [];
      });
    },

    /**
     * Replies to the person by e-mail, once per submission key: the mail goes through the job queue
     * in this transaction, and the text stays in the contact's history.
     */
    async reply(trace: Trace, actor: UserActor, id: string, text: string, submissionKey: string): Promise<FieldError[]> {
      const body = text.trim();
      if (!body) return [{ field: 'antwoord', key: 'contacts.error.reply' }];
      if (body.length > CONTACT_LIMITS.note) return [{ field: 'antwoord', key: 'form.error.tooLong', params: { max: CONTACT_LIMITS.note } }];
      return change(trace, actor, id, async (tx, role) => {
        const row = await lockFor(tx, actor, id, 'reply');
        if (!row.email) return [{ field: 'antwoord', key: 'contacts.error.noEmail' }];
        const email = row.email;
        await submitOnce(tx, REPLY_SCOPE, submissionKey, async () => {
          await takeIfFree(tx, actor, role, row);
          await insertContactEvent(tx, { contactId: id, regionCode: row.region_code, kind: 'antwoord', actorUserId: actor.userId, actorRole: role, body });
          const t = translator('nl');
          await sendMail(tx, { to: email, subject: t('contacts.mail.reply.subject', { reference: row.reference }), text: `${body}\n\n${t('contacts.mail.reply.footer', { reference: row.reference })}`, kind: 'contact-reply' });
          if (!row.answered_at) await updateContact(tx, id, { answered_at: clock() });
          return id;
        });
        return [];
      });
    },

    /** Sets (or, with an empty date, clears) the day to follow the contact up. */
    async followUp(trace: Trace, actor: UserActor, id: string, date: string): Promise<FieldError[]> {
      const day = date.trim();
      if (day && (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day)) {
        return [{ field: 'opvolgen', key: 'referrals.client.error.date' }];
      }
      return change(trace, actor, id, async (tx, role) => {
        const row = await lockFor(tx, actor, id, 'work');
        await takeIfFree(tx, actor, role, row);
        await updateContact(tx, id, { follow_up_on: day || null });
        await insertContactEvent(tx, { contactId: id, regionCode: row.region_code, kind: 'opvolgen', actorUserId: actor.userId, actorRole: role, followUpOn: day || null });
        return [];
      });
    },

    /** Closes a contact with a coded result (and an optional note). */
    async close(trace: Trace, actor: UserActor, id: string, resultCode: string, text: string): Promise<FieldError[]> {
      const result = CONTACT_RESULTS.find((code) => code === resultCode);
      if (!result) return [{ field: 'resultaat', key: 'contacts.error.result' }];
      const body = text.trim();
      if (result === 'anders' && !body) return [{ field: 'toelichting', key: 'contacts.error.otherNeedsText' }];
      if (body.length > CONTACT_LIMITS.note) return [{ field: 'toelichting', key: 'form.error.tooLong', params: { max: CONTACT_LIMITS.note } }];
      return change(trace, actor, id, async (tx, role) => {
        const row = await lockFor(tx, actor, id, 'close');
        await takeIfFree(tx, actor, role, row);
        const now = clock();
        await updateContact(tx, id, { status: 'afgerond', result, closed_at: now, follow_up_on: null, ...(row.answered_at ? {} : { answered_at: now }) });
        await insertContactEvent(tx, { contactId: id, regionCode: row.region_code, kind: 'afgerond', actorUserId: actor.userId, actorRole: role, result, body: body || null });
        return [];
      });
    },

    /** Opens a closed contact again; its result goes, its history stays. */
    async reopen(trace: Trace, actor: UserActor, id: string): Promise<void> {
      await change(trace, actor, id, async (tx, role) => {
        const row = await lockFor(tx, actor, id, 'reopen');
        await updateContact(tx, id, { status: 'in-behandeling', result: null, closed_at: null });
        await insertContactEvent(tx, { contactId: id, regionCode: row.region_code, kind: 'heropend', actorUserId: actor.userId, actorRole: role });
      });
    },
  };
}

export type ContactService = ReturnType<typeof createContactService>;
