import type { Database } from '../../platform/db/pool.ts';
import { audit, logRead, withActor, type Tx } from '../../platform/db/tenancy.ts';
import type { Trace } from '../../platform/http/trace.ts';
import { forbidden, notFound } from '../../platform/http/errors.ts';
import { isUuid } from '../../platform/http/values.ts';
import type { UserActor } from '../../platform/auth/guards.ts';
import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import { subjectRequestPolicy } from './referrals.policy.ts';
import { isValidBsn, nameKey, normaliseBsn, phoneKey } from './client-values.ts';
import { subjectLog, eraseClient, findClient, findSubjects, listClientEvents, type SubjectQuery } from './clients.repository.ts';
import { forgetSharedData, listConsents, listReferralEvents, referralsOfClient } from './referrals.repository.ts';
import { contactEvents, eraseContact, findContact, findContactSubjects } from './contacts.repository.ts';

// A person's request to the privacy officer (AVG art. 15, 17, 20): find them by name, e-mail, phone
// or BSN; everything held about them, with every processing-log record about them (whoever wrote
// it); the same as JSON to hand over; erasure of the personal fields (the counts stay, as after the
// retention period). The officer reads only the records their organisation made (row-level
// security, …T0019). The search is in the audit log without its term; each record read or erased
// is in the processing log.

const ACTIVITY = 'subject-requests' as const;
const BSN_FIELD = 'clients.bsn';

/** What the text the officer typed looks like: a BSN, an e-mail address, a phone number, or a name. */
export function subjectQueryOf(text: string): SubjectQuery | null {
  const value = text.trim();
  if (!value) return null;
  const bsn = normaliseBsn(value);
  if (/^\d{9}$/.test(bsn) && isValidBsn(bsn)) return { kind: 'bsn', bsn };
  if (value.includes('@')) return { kind: 'email', email: value.toLowerCase() };
  const phone = /^[0-9 +()-]{6,20}$/.test(value) ? phoneKey(value) : null;
  if (phone) return { kind: 'phone', phoneKey: phone };
  const key = nameKey(value, null);
  return key.length >= 2 ? { kind: 'name', nameKey: key, text: value } : null;
}

export interface SubjectMatch {
  id: string;
  name: string;
  birthDate: string | null;
  email: string | null;
  phone: string | null;
  municipalityName: string | null;
  regionCode: string;
}

/** A contact (a question, a counter contact, …) of the person. */
export interface ContactMatch {
  id: string;
  reference: string;
  name: string;
  email: string | null;
  phone: string | null;
  regionCode: string;
  channel: string;
  receivedAt: Date;
}

export interface ContactDossier {
  generatedAt: Date;
  contact: {
    id: string;
    reference: string;
    name: string | null;
    email: string | null;
    phone: string | null;
    preferredChannel: string | null;
    question: string | null;
    audience: string | null;
    themes: string[];
    municipality: string | null;
    channel: string;
    status: string;
    result: string | null;
    regionCode: string;
    receivedAt: Date;
    closedAt: Date | null;
  };
  history: { at: Date; kind: string; text: string | null; result: string | null }[];
  processingLog: { at: Date; operation: string; activity: string; byOrganisation: string | null; bySystem: boolean }[];
}

export interface SubjectDossier {
  generatedAt: Date;
  person: {
    id: string;
    givenName: string;
    familyName: string | null;
    email: string | null;
    phone: string | null;
    municipality: string | null;
    birthDate: string | null;
    bsn: string | null;
    benefit: string;
    responsibleParty: string | null;
    regionCode: string;
    recordedAt: Date;
    lastActivityAt: Date;
  };
  events: { kind: string; details: Record<string, string | null>; effectiveOn: string; recordedAt: Date }[];
  consents: { recipient: string; purpose: string; categories: string[]; basis: string; legalBasis: string | null; givenHow: string | null; textShown: string; textVersion: string; recordedAt: Date; expiresAt: Date | null; withdrawnAt: Date | null }[];
  referrals: {
    reference: string;
    service: string;
    recipient: string;
    sender: string;
    purpose: string;
    status: string;
    outcome: string | null;
    declineReason: string | null;
    sharedData: Record<string, string>;
    sentAt: Date;
    timeline: { at: Date; kind: string; status: string | null; message: string | null; organisation: string | null }[];
  }[];
  processingLog: { at: Date; operation: string; activity: string; byOrganisation: string | null; bySystem: boolean }[];
}

/** A contact the officer answers for (row-level security: the regions their organisation works in), not yet erased; 404 otherwise. */
async function contactOfRegions(tx: Tx, id: string) {
  const contact = await findContact(tx, null, id);
  if (!contact || contact.erased_at) throw notFound();
  return contact;
}

/** A processing-log record as the person's dossier shows it: when, what, under which activity, by which organisation or the system. */
const logEntry = (entry: { start_time: Date; name: string; processing_activity_id: string; organisation_name: string | null; actor_kind: string | null }) => ({
  at: new Date(entry.start_time),
  operation: entry.name,
  activity: entry.processing_activity_id,
  byOrganisation: entry.organisation_name,
  bySystem: entry.actor_kind === 'system',
});

function officerOrganisation(actor: UserActor): string {
  subjectRequestPolicy.authorize(actor, 'search');
  if (!actor.membership) throw forbidden();
  return actor.membership.organisationId;
}

export function createSubjectService(db: Database, cipher: FieldCipher) {
  return {
    /** The records that match; the search is audited (its kind and the number found, not the term), each match's read logged. */
    async search(trace: Trace, actor: UserActor, text: string): Promise<{ kind: SubjectQuery['kind'] | null; matches: SubjectMatch[]; contacts: ContactMatch[] }> {
      officerOrganisation(actor);
      const query = subjectQueryOf(text);
      if (!query) return { kind: null, matches: [], contacts: [] };
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const [rows, contacts] = await Promise.all([findSubjects(tx, query, 50), findContactSubjects(tx, query, 50)]);
        await audit(tx, 'privacy.subject-search', null, 'success', { kind: query.kind, found: rows.length + contacts.length });
        await logRead(tx, 'clients.read', rows.map((row) => row.id), 'client');
        await logRead(tx, 'contact_requests.read', contacts.map((row) => row.id), 'contact_request');
        return {
          kind: query.kind,
          contacts: contacts.map((row) => ({
            id: row.id,
            reference: row.reference,
            name: row.name ?? '',
            email: row.email,
            phone: row.phone,
            regionCode: row.region_code,
            channel: row.intake_channel,
            receivedAt: new Date(row.created_at),
          })),
          matches: rows.map((row) => ({
            id: row.id,
            name: [row.given_name, row.family_name].filter(Boolean).join(' '),
            birthDate: row.birth_date,
            email: row.email,
            phone: row.phone,
            municipalityName: row.municipality_name,
            regionCode: row.region_code,
          })),
        };
      });
    },

    /** Everything held about the person of one record, with the log records about them. */
    async dossier(trace: Trace, actor: UserActor, id: string): Promise<SubjectDossier> {
      const organisationId = officerOrganisation(actor);
      if (!isUuid(id)) throw notFound();
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const client = await findClient(tx, id);
        if (!client || client.erased_at || client.organisation_id !== organisationId) throw notFound();
        await logRead(tx, 'clients.read', [client.id], 'client');
        const [events, consents, referrals] = await Promise.all([listClientEvents(tx, client.id), listConsents(tx, client.id), referralsOfClient(tx, client.id)]);
        const timelines = await Promise.all(referrals.map((referral) => listReferralEvents(tx, referral.id)));
        // Read after this read is logged, so the dossier shows it too.
        const log = await subjectLog(tx, 'client', client.id);
        return {
          generatedAt: new Date(),
          person: {
            id: client.id,
            givenName: client.given_name!,
            familyName: client.family_name,
            email: client.email,
            phone: client.phone,
            municipality: client.municipality_name,
            birthDate: client.birth_date,
            bsn: client.bsn_encrypted ? cipher.decrypt(client.bsn_encrypted, BSN_FIELD) : null,
            benefit: client.benefit,
            responsibleParty: client.responsible_party,
            regionCode: client.region_code,
            recordedAt: new Date(client.created_at),
            lastActivityAt: new Date(client.last_activity_at),
          },
          events: events.map((event) => ({ kind: event.kind, details: event.details, effectiveOn: String(event.effective_on), recordedAt: new Date(event.recorded_at) })),
          consents: consents.map((consent) => ({
            recipient: consent.recipient_name,
            purpose: consent.purpose,
            categories: consent.data_categories,
            basis: consent.basis,
            legalBasis: consent.legal_basis,
            givenHow: consent.given_how,
            textShown: consent.text_shown,
            textVersion: consent.text_version,
            recordedAt: new Date(consent.recorded_at),
            expiresAt: consent.expires_at ? new Date(consent.expires_at) : null,
            withdrawnAt: consent.withdrawn_at ? new Date(consent.withdrawn_at) : null,
          })),
          referrals: referrals.map((referral, index) => ({
            reference: referral.reference,
            service: referral.service_name,
            recipient: referral.recipient_name,
            sender: referral.sender_name,
            purpose: referral.purpose,
            status: referral.status,
            outcome: referral.outcome,
            declineReason: referral.decline_reason,
            sharedData: referral.shared_data,
            sentAt: new Date(referral.sent_at),
            timeline: timelines[index]!.map((event) => ({
              at: new Date(event.at),
              kind: event.kind,
              status: event.status,
              message: event.message,
              organisation: event.actor_organisation_name,
            })),
          })),
          processingLog: log.map(logEntry),
        };
      });
    },

    /** Everything held in one contact of the person, with its history and the log records about it. */
    async contactDossier(trace: Trace, actor: UserActor, id: string): Promise<ContactDossier> {
      officerOrganisation(actor);
      if (!isUuid(id)) throw notFound();
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const contact = await contactOfRegions(tx, id);
        await logRead(tx, 'contact_requests.read', [contact.id], 'contact_request');
        const [events, log] = await Promise.all([contactEvents(tx, contact.id), subjectLog(tx, 'contact', contact.id)]);
        return {
          generatedAt: new Date(),
          contact: {
            id: contact.id,
            reference: contact.reference,
            name: contact.name,
            email: contact.email,
            phone: contact.phone,
            preferredChannel: contact.preferred_channel,
            question: contact.message,
            audience: contact.audience,
            themes: contact.themes,
            municipality: contact.municipality_name,
            channel: contact.intake_channel,
            status: contact.status,
            result: contact.result,
            regionCode: contact.region_code,
            receivedAt: new Date(contact.created_at),
            closedAt: contact.closed_at ? new Date(contact.closed_at) : null,
          },
          history: events.map((event) => ({ at: new Date(event.created_at), kind: event.kind, text: event.body, result: event.result })),
          processingLog: log.map(logEntry),
        };
      });
    },

    /** Erases one contact of the person at their request: the personal fields and every text; the counts stay. Audited. */
    async eraseContact(trace: Trace, actor: UserActor, id: string): Promise<void> {
      const organisationId = officerOrganisation(actor);
      subjectRequestPolicy.authorize(actor, 'erase', { organisationId });
      if (!isUuid(id)) throw notFound();
      await withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const contact = await contactOfRegions(tx, id);
        await eraseContact(tx, contact.id, new Date());
        await audit(tx, 'privacy.subject-erased', { type: 'contact_request', id: contact.id });
      });
    },

    /**
     * Erases the person's data at their request: the record's personal fields, what was shared with
     * partners and the free texts about them; statuses, outcomes and times stay for the counts, and
     * the processing log keeps its pseudonymous records. Audited.
     */
    async erase(trace: Trace, actor: UserActor, id: string): Promise<void> {
      const organisationId = officerOrganisation(actor);
      subjectRequestPolicy.authorize(actor, 'erase', { organisationId });
      if (!isUuid(id)) throw notFound();
      await withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const client = await findClient(tx, id);
        if (!client || client.erased_at || client.organisation_id !== organisationId) throw notFound();
        await eraseClient(tx, client.id);
        await forgetSharedData(tx, [client.id]);
        await audit(tx, 'privacy.subject-erased', { type: 'client', id: client.id });
      });
    },
  };
}

export type SubjectService = ReturnType<typeof createSubjectService>;
