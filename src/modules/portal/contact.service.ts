import type { Database } from '../../platform/db/pool.ts';
import type { ContactRequestStatus } from '../../platform/db/schema.ts';
import { anonymous, logRead, withActor } from '../../platform/db/tenancy.ts';
import type { Trace } from '../../platform/http/trace.ts';
import { forbidden, notFound, type FieldError } from '../../platform/http/errors.ts';
import { submissionResult, submitOnce } from '../../platform/http/submissions.ts';
import { contactRequestPolicy } from './portal.policy.ts';
import { serviceNames } from '../catalogue/catalogue.repository.ts';
import {
  countContactRequests,
  findContactRequest,
  insertContactRequest,
  listContactRequests,
  lockContactRequest,
  updateContactRequest,
  deleteContactRequests,
} from './contact.repository.ts';
import type { UserActor } from '../../platform/auth/guards.ts';
import { isEmail, isUuid } from '../../platform/http/values.ts';
import { monthsBefore, type RetentionRule } from '../../platform/privacy/retention.ts';

// "Stel een vraag": a question from the public to the guides of a region, and the guides' inbox.
// Minimal data; anyone may ask (no RETURNING: the public cannot read the row back, so the id is
// made here); only the region's gidsfunctionarissen and regiocoördinator read and handle them
// (row-level security), and every read is written to the processing log.

const ACTIVITY = 'contact-requests' as const;

/** Questions from the public are deleted 6 months after they were closed, 12 months after they arrived when never closed. */
export const CONTACT_REQUEST_CLOSED_RETENTION_MONTHS = 6;
export const CONTACT_REQUEST_OPEN_RETENTION_MONTHS = 12;

export const contactRequestRetention: RetentionRule = {
  name: 'contactRequests',
  activity: ACTIVITY,
  sweep: (tx, now) =>
    deleteContactRequests(tx, monthsBefore(now, CONTACT_REQUEST_CLOSED_RETENTION_MONTHS), monthsBefore(now, CONTACT_REQUEST_OPEN_RETENTION_MONTHS)),
};


/** Who asks: the audiences the form offers. */
export const CONTACT_AUDIENCES = ['werkzoekende', 'werkende', 'werkgever', 'zelfstandige'] as const;
export const CONTACT_STATUSES: readonly ContactRequestStatus[] = ['nieuw', 'in-behandeling', 'afgerond'];
export const CONTACT_LIMITS = { name: 100, email: 254, message: 2000 } as const;

/** The contact form's scope in the store of submission keys. */
export const CONTACT_SCOPE = 'contact-request';
/**
 * Accepted questions per client address per hour; failed posts do not count, so someone who needs
 * five tries still asks once. One address is often many people: a library or Werkcentrum computer,
 * a school or a mobile network. A busy counter helps someone every few minutes, so 30 an hour (one
 * every two minutes, all hour long) leaves room for it, while a script on one address stays at a
 * number the region's guides can still read and clear in a day.
 */
export const CONTACT_RATE_LIMIT = { max: 30, windowSeconds: 3600 } as const;

/** The form's one-time key, the address it came from, and where to send the person once it is stored. */
export interface ContactSubmission {
  key: string;
  client: string;
  answer: string;
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

/** The checked values, ready to store, or the errors per field. */
export function validateContactForm(
  form: ContactForm,
  municipalityCodes: ReadonlySet<string>,
): { errors: FieldError[]; value?: { name: string; email: string | null; phone: string | null; channel: 'email' | 'telefoon'; message: string; audience: string | null; municipality: string | null } } {
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
    value: {
      name,
      email: email || null,
      phone: phone || null,
      channel,
      message,
      audience: form.wie || null,
      municipality: form.gemeente || null,
    },
  };
}

export interface ContactRequestSummary {
  id: string;
  name: string;
  status: ContactRequestStatus;
  createdAt: Date;
  audience: string | null;
  serviceName: string | null;
  preferredChannel: 'email' | 'telefoon';
}

export interface ContactRequestDetail extends ContactRequestSummary {
  email: string | null;
  phone: string | null;
  message: string;
  municipalityName: string | null;
  serviceId: string | null;
  /** Who picked it up: the reader, a colleague, or no one yet. */
  handledBy: 'self' | 'colleague' | null;
  closedAt: Date | null;
}

const NEXT: Record<ContactRequestStatus, readonly ContactRequestStatus[]> = {
  nieuw: ['in-behandeling', 'afgerond'],
  'in-behandeling': ['afgerond'],
  afgerond: [],
};

export const nextStatuses = (status: ContactRequestStatus): readonly ContactRequestStatus[] => NEXT[status];

function membershipRegion(actor: UserActor): string {
  contactRequestPolicy.authorize(actor, 'handle');
  if (!actor.membership) throw forbidden();
  return actor.membership.regionCode;
}

export function createContactService(db: Database) {
  return {
    /**
     * Stores a checked question once per submission key, within the per-address limit (else
     * `TooManyRequestsError`); returns where to send the person: this submission's answer, or the
     * first one's when the key was used before. The trigger writes the processing log.
     */
    async create(
      trace: Trace,
      regionCode: string,
      value: NonNullable<ReturnType<typeof validateContactForm>['value']>,
      serviceId: string | null,
      submission: ContactSubmission,
    ): Promise<string> {
      const { result } = await withActor(db, { actor: anonymous, trace, activity: ACTIVITY }, (tx) =>
        submitOnce(
          tx,
          CONTACT_SCOPE,
          submission.key,
          async () => {
            await insertContactRequest(tx, { ...value, regionCode, serviceId });
            return submission.answer;
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

    /** The questions of the actor's region, newest first; logged as a read of each one shown. */
    async list(trace: Trace, actor: UserActor, status: ContactRequestStatus | null, limit = 100): Promise<{ regionCode: string; requests: ContactRequestSummary[]; counts: Record<ContactRequestStatus, number> }> {
      const regionCode = membershipRegion(actor);
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const [rows, counts] = await Promise.all([listContactRequests(tx, regionCode, status, limit), countContactRequests(tx, regionCode)]);
        // The catalogue names the services the questions are about.
        const services = await serviceNames(tx, [...new Set(rows.map((row) => row.service_id).filter((id): id is string => id !== null))]);
        await logRead(
          tx,
          'contact_requests.read',
          rows.map((row) => row.id),
          'contact_request',
        );
        return {
          regionCode,
          counts,
          requests: rows.map((row) => ({
            id: row.id,
            name: row.name,
            status: row.status,
            createdAt: new Date(row.created_at),
            audience: row.audience,
            serviceName: row.service_id ? (services.get(row.service_id) ?? null) : null,
            preferredChannel: row.preferred_channel,
          })),
        };
      });
    },

    /** How many of the region's questions there are per status (a count reads no personal data). */
    async counts(trace: Trace, actor: UserActor): Promise<Record<ContactRequestStatus, number>> {
      const regionCode = membershipRegion(actor);
      return withActor(db, { actor, trace }, (tx) => countContactRequests(tx, regionCode));
    },

    /** One question of the actor's region (404 otherwise); the read is logged. */
    async get(trace: Trace, actor: UserActor, id: string): Promise<ContactRequestDetail> {
      membershipRegion(actor);
      if (!isUuid(id)) throw notFound();
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const row = await findContactRequest(tx, id);
        if (!row) throw notFound();
        await logRead(tx, 'contact_requests.read', [row.id], 'contact_request');
        const services = await serviceNames(tx, row.service_id ? [row.service_id] : []);
        return {
          id: row.id,
          name: row.name,
          status: row.status,
          createdAt: new Date(row.created_at),
          audience: row.audience,
          serviceName: row.service_id ? (services.get(row.service_id) ?? null) : null,
          serviceId: row.service_id,
          preferredChannel: row.preferred_channel,
          email: row.email,
          phone: row.phone,
          message: row.message,
          municipalityName: row.municipality_name,
          handledBy: row.handled_by === null ? null : row.handled_by === actor.userId ? 'self' : 'colleague',
          closedAt: row.closed_at ? new Date(row.closed_at) : null,
        };
      });
    },

    /** Moves a question on: nieuw → in behandeling → afgerond. Whoever moves it handles it. */
    async setStatus(trace: Trace, actor: UserActor, id: string, status: string): Promise<'changed' | 'not-allowed'> {
      membershipRegion(actor);
      if (!isUuid(id)) throw notFound();
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const row = await lockContactRequest(tx, id);
        if (!row || !contactRequestPolicy.can(actor, 'handle', { regionCode: row.region_code })) throw notFound();
        const target = CONTACT_STATUSES.find((s) => s === status);
        if (!target || !NEXT[row.status].includes(target)) return 'not-allowed';
        await updateContactRequest(tx, id, {
          status: target,
          handled_by: row.handled_by ?? actor.userId,
          closed_at: target === 'afgerond' ? new Date() : null,
        });
        return 'changed';
      });
    },
  };
}

export type ContactService = ReturnType<typeof createContactService>;
