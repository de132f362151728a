import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tenancy.ts';
import type { ContactEventKind, ContactRequestStatus, ContactResult, IntakeChannel, ConsentGivenHow, DeclineReason, PayingParty, ReferralOutcome, ReferralResponsibleParty, ReferralStatus } from '../../platform/db/schema.ts';

// The SQL of the demo's contacts, clients and referrals (src/seed/contacts.ts, src/seed/referrals.ts), written as the schema owner
// with the times of a history: the referral is stored in its final status and its timeline is
// written as it happened. Only the seed uses it, and only outside production.

export const hasReferrals = async (tx: Tx) => Boolean(await tx.selectFrom('referrals').select('id').limit(1).executeTakeFirst());

/** Which processing activity the next writes log under (the seed switches between records and referrals). */
export async function actUnder(tx: Tx, activity: 'client-records' | 'referrals' | 'contact-requests'): Promise<void> {
  await sql`select set_config('app.activity', ${activity}, true)`.execute(tx);
}

export interface DemoPerson {
  /** Null for a colleague without an account: the timeline names the organisation and role only. */
  userId: string | null;
  organisationId: string;
  role: string;
}

/** The demo's people and their organisations, by e-mail address. */
export async function demoPeople(tx: Tx, emails: readonly string[]): Promise<Map<string, DemoPerson>> {
  const rows = await tx
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['u.email', 'u.id', 'm.organisation_id', 'm.role'])
    .where('u.email', 'in', [...emails])
    .execute();
  return new Map(rows.map((row): [string, DemoPerson] => [row.email, { userId: row.id, organisationId: row.organisation_id, role: row.role }]));
}

export async function insertDemoClient(
  tx: Tx,
  client: {
    regionCode: string;
    organisationId: string;
    givenName: string;
    familyName: string;
    nameKey: string;
    email: string | null;
    phone: string | null;
    phoneKey: string | null;
    municipalityCode: string;
    birthDate: string | null;
    bsnEncrypted: string | null;
    bsn: string | null;
    benefit: 'geen' | 'ww' | 'bijstand' | 'wia';
    createdBy: string | null;
    createdAt: Date;
    lastActivityAt: Date;
  },
): Promise<string> {
  const row = await tx
    .insertInto('clients')
    .values({
      region_code: client.regionCode,
      organisation_id: client.organisationId,
      given_name: client.givenName,
      family_name: client.familyName,
      name_key: client.nameKey,
      email: client.email,
      phone: client.phone,
      phone_key: client.phoneKey,
      municipality_code: client.municipalityCode,
      birth_date: client.birthDate,
      bsn_encrypted: client.bsnEncrypted,
      bsn_hash: client.bsn ? sql<string>`app_bsn_hash(${client.bsn})` : null,
      benefit: client.benefit,
      created_by: client.createdBy,
      created_at: client.createdAt,
      last_activity_at: client.lastActivityAt,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface DemoReferral {
  regionCode: string;
  clientId: string;
  guide: DemoPerson;
  serviceId: string;
  serviceName: string;
  recipientOrganisationId: string;
  purpose: string;
  sharesIdentity: boolean;
  sharedData: Record<string, string>;
  categories: readonly string[];
  consentText: string;
  textVersion: string;
  givenHow: ConsentGivenHow;
  responsibleParty: ReferralResponsibleParty;
  payingParty: PayingParty;
  status: ReferralStatus;
  declineReason: DeclineReason | null;
  outcome: ReferralOutcome | null;
  sentAt: Date;
  responseDueAt: Date;
  expiresAt: Date;
  /** The timeline after "verzonden": who did what when (the last one is the final status). */
  history: { at: Date; kind: 'status' | 'bericht'; status?: ReferralStatus; message?: string; by: DemoPerson | null }[];
  consentWithdrawnAt: Date | null;
}

export async function insertDemoReferral(tx: Tx, referral: DemoReferral): Promise<void> {
  await actUnder(tx, 'referrals');
  const consent = await tx
    .insertInto('consents')
    .values({
      client_id: referral.clientId,
      region_code: referral.regionCode,
      recipient_organisation_id: referral.recipientOrganisationId,
      purpose: referral.purpose,
      data_categories: [...referral.categories],
      basis: 'toestemming',
      given_how: referral.givenHow,
      text_version: referral.textVersion,
      text_shown: referral.consentText,
      dependency: false,
      shares_identity: referral.sharesIdentity,
      recorded_by: referral.guide.userId,
      recorded_by_organisation_id: referral.guide.organisationId,
      recorded_at: referral.sentAt,
      expires_at: new Date(referral.sentAt.getTime() + 182 * 86_400_000),
      withdrawn_at: referral.consentWithdrawnAt,
      withdrawn_by: referral.consentWithdrawnAt ? referral.guide.userId : null,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  const last = referral.history.at(-1)?.at ?? referral.sentAt;
  const at = (status: ReferralStatus) => referral.history.find((step) => step.status === status)?.at ?? null;
  const row = await tx
    .insertInto('referrals')
    .values({
      region_code: referral.regionCode,
      client_id: referral.clientId,
      consent_id: consent.id,
      guide_user_id: referral.guide.userId,
      guide_organisation_id: referral.guide.organisationId,
      service_id: referral.serviceId,
      service_name: referral.serviceName,
      recipient_organisation_id: referral.recipientOrganisationId,
      purpose: referral.purpose,
      shares_identity: referral.sharesIdentity,
      subject_pseudonym: sql<string>`app_partner_pseudonym(${referral.clientId}::uuid, ${referral.recipientOrganisationId}::uuid)`,
      shared_data: JSON.stringify(referral.sharedData),
      responsible_party: referral.responsibleParty,
      paying_party: referral.payingParty,
      status: referral.status,
      decline_reason: referral.declineReason,
      outcome: referral.outcome,
      status_note: referral.outcome === 'anders' || referral.declineReason === 'anders' ? 'Zie bericht' : null,
      response_due_at: referral.responseDueAt,
      expires_at: referral.expiresAt,
      sent_at: referral.sentAt,
      received_at: at('ontvangen') ?? at('geaccepteerd') ?? at('afgewezen'),
      accepted_at: at('geaccepteerd'),
      closed_at: ['afgerond', 'afgewezen', 'ingetrokken', 'verlopen'].includes(referral.status) ? last : null,
      updated_at: last,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  // The insert wrote one timeline entry (its final status, now): the history replaces it.
  await tx.deleteFrom('referral_events').where('referral_id', '=', row.id).execute();
  const entries = [{ at: referral.sentAt, kind: 'status' as const, status: 'verzonden' as ReferralStatus, by: referral.guide }, ...referral.history];
  for (const entry of entries) {
    await tx
      .insertInto('referral_events')
      .values({
        referral_id: row.id,
        region_code: referral.regionCode,
        at: entry.at,
        kind: entry.kind,
        status: entry.kind === 'status' ? (entry.status ?? null) : null,
        message: entry.kind === 'bericht' ? (entry.message ?? '') : null,
        actor_kind: entry.by ? 'professional' : 'system',
        actor_user_id: entry.by?.userId ?? null,
        actor_organisation_id: entry.by?.organisationId ?? null,
        actor_role: entry.by?.role ?? null,
      } as never)
      .execute();
  }
}

export const hasContacts = async (tx: Tx) => Boolean(await tx.selectFrom('contact_requests').select('id').limit(1).executeTakeFirst());

export interface DemoContact {
  reference: string;
  regionCode: string;
  intakeChannel: IntakeChannel;
  anonymous: boolean;
  name: string | null;
  email: string | null;
  phone: string | null;
  preferredChannel: 'email' | 'telefoon' | null;
  message: string | null;
  audience: string | null;
  themes: readonly string[];
  municipalityCode: string;
  status: ContactRequestStatus;
  handledBy: string | null;
  recordedBy: string | null;
  result: ContactResult | null;
  createdAt: Date;
  replyDueAt: Date;
  answeredAt: Date | null;
  closedAt: Date | null;
  followUpOn: string | null;
  history: readonly { at: Date; kind: ContactEventKind; by: DemoPerson; body?: string; result?: ContactResult; assignee?: string }[];
}

/** A contact in its final state, with its history written as it happened. */
export async function insertDemoContact(tx: Tx, contact: DemoContact): Promise<void> {
  const id = randomUUID();
  await tx
    .insertInto('contact_requests')
    .values({
      id,
      reference: contact.reference,
      region_code: contact.regionCode,
      intake_channel: contact.intakeChannel,
      anonymous: contact.anonymous,
      name: contact.name,
      email: contact.email,
      phone: contact.phone,
      preferred_channel: contact.preferredChannel,
      message: contact.message,
      audience: contact.audience,
      themes: [...contact.themes],
      municipality_code: contact.municipalityCode,
      status: contact.status,
      handled_by: contact.handledBy,
      recorded_by: contact.recordedBy,
      result: contact.result,
      created_at: contact.createdAt,
      reply_due_at: contact.replyDueAt,
      answered_at: contact.answeredAt,
      closed_at: contact.closedAt,
      follow_up_on: contact.followUpOn,
    } as never)
    .execute();
  for (const event of contact.history) {
    await tx
      .insertInto('contact_events')
      .values({
        id: randomUUID(),
        contact_id: id,
        region_code: contact.regionCode,
        kind: event.kind,
        actor_user_id: event.by.userId,
        actor_role: event.by.role,
        assignee_user_id: event.assignee ?? null,
        result: event.result ?? null,
        body: event.body ?? null,
        created_at: event.at,
      } as never)
      .execute();
  }
}
