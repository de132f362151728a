import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tenancy.ts';
import type {
  NoticeFrequency,
  ConsentBasis,
  ConsentGivenHow,
  DeclineReason,
  PayingParty,
  ReferralOutcome,
  ReferralResponsibleParty,
  ReferralStatus,
  ReferralTimerStep,
} from '../../platform/db/schema.ts';

// The only SQL for consents, referrals and their timelines. Row-level security (…T0018) decides who
// sees which referral (the region's guides; the receiving partner while the consent holds) and a
// trigger holds every status change to its owner and writes the timeline entry. Writes log
// themselves; the service logs reads.

export interface NewConsent {
  clientId: string;
  regionCode: string;
  recipientOrganisationId: string;
  purpose: string;
  dataCategories: readonly string[];
  basis: ConsentBasis;
  legalBasis: string | null;
  givenHow: ConsentGivenHow | null;
  textVersion: string;
  textShown: string;
  dependency: boolean;
  sharesIdentity: boolean;
  recordedBy: string;
  recordedByOrganisationId: string;
  expiresAt: Date | null;
}

export async function insertConsent(tx: Tx, consent: NewConsent): Promise<string> {
  const row = await tx
    .insertInto('consents')
    .values({
      client_id: consent.clientId,
      region_code: consent.regionCode,
      recipient_organisation_id: consent.recipientOrganisationId,
      purpose: consent.purpose,
      data_categories: [...consent.dataCategories],
      basis: consent.basis,
      legal_basis: consent.legalBasis,
      given_how: consent.givenHow,
      text_version: consent.textVersion,
      text_shown: consent.textShown,
      dependency: consent.dependency,
      shares_identity: consent.sharesIdentity,
      recorded_by: consent.recordedBy,
      recorded_by_organisation_id: consent.recordedByOrganisationId,
      expires_at: consent.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function listConsents(tx: Tx, clientId: string) {
  return tx
    .selectFrom('consents as c')
    .innerJoin('organisations as o', 'o.id', 'c.recipient_organisation_id')
    .leftJoin('users as u', 'u.id', 'c.recorded_by')
    .select([
      'c.id',
      'c.purpose',
      'c.data_categories',
      'c.basis',
      'c.legal_basis',
      'c.given_how',
      'c.text_version',
      'c.text_shown',
      'c.dependency',
      'c.shares_identity',
      'c.recorded_at',
      'c.expires_at',
      'c.withdrawn_at',
      'o.name as recipient_name',
      'u.name as recorded_by_name',
    ])
    .where('c.client_id', '=', clientId)
    .orderBy('c.recorded_at', 'desc')
    .execute();
}

/** Withdraws the consent; returns its client's id, or null when it was not found or already withdrawn. */
export async function withdrawConsent(tx: Tx, id: string, userId: string): Promise<{ client_id: string } | undefined> {
  return tx
    .updateTable('consents')
    .set({ withdrawn_at: sql<Date>`now()`, withdrawn_by: userId })
    .where('id', '=', id)
    .where('withdrawn_at', 'is', null)
    .returning('client_id')
    .executeTakeFirst();
}

export interface NewReferral {
  regionCode: string;
  clientId: string;
  consentId: string;
  guideUserId: string;
  guideOrganisationId: string;
  serviceId: string;
  serviceName: string;
  recipientOrganisationId: string;
  purpose: string;
  sharesIdentity: boolean;
  sharedData: Record<string, string>;
  responsibleParty: ReferralResponsibleParty;
  payingParty: PayingParty;
  previousReferralId: string | null;
  responseDueAt: Date;
  expiresAt: Date;
  maxReminders: number;
}

export async function insertReferral(tx: Tx, referral: NewReferral): Promise<{ id: string; reference: string }> {
  return tx
    .insertInto('referrals')
    .values({
      region_code: referral.regionCode,
      client_id: referral.clientId,
      consent_id: referral.consentId,
      guide_user_id: referral.guideUserId,
      guide_organisation_id: referral.guideOrganisationId,
      service_id: referral.serviceId,
      service_name: referral.serviceName,
      recipient_organisation_id: referral.recipientOrganisationId,
      purpose: referral.purpose,
      shares_identity: referral.sharesIdentity,
      subject_pseudonym: sql<string>`app_partner_pseudonym(${referral.clientId}::uuid, ${referral.recipientOrganisationId}::uuid)`,
      shared_data: JSON.stringify(referral.sharedData),
      responsible_party: referral.responsibleParty,
      paying_party: referral.payingParty,
      previous_referral_id: referral.previousReferralId,
      response_due_at: referral.responseDueAt,
      expires_at: referral.expiresAt,
      max_reminders: referral.maxReminders,
    })
    .returning(['id', 'reference'])
    .executeTakeFirstOrThrow();
}

const REFERRAL_COLUMNS = [
  'r.id',
  'r.reference',
  'r.region_code',
  'r.client_id',
  'r.guide_user_id',
  'r.guide_organisation_id',
  'r.service_id',
  'r.service_name',
  'r.recipient_organisation_id',
  'r.purpose',
  'r.shares_identity',
  'r.subject_pseudonym',
  'r.shared_data',
  'r.responsible_party',
  'r.paying_party',
  'r.status',
  'r.decline_reason',
  'r.outcome',
  'r.status_note',
  'r.previous_referral_id',
  'r.response_due_at',
  'r.expires_at',
  'r.reminders_sent',
  'r.escalated_at',
  'r.sent_at',
  'r.received_at',
  'r.accepted_at',
  'r.closed_at',
  'r.updated_at',
] as const;

/** A referral's columns with the names of both organisations and the guide: what every read of referrals starts from. */
const referralRows = (tx: Tx) =>
  tx
    .selectFrom('referrals as r')
    .innerJoin('organisations as recipient', 'recipient.id', 'r.recipient_organisation_id')
    .innerJoin('organisations as sender', 'sender.id', 'r.guide_organisation_id')
    .leftJoin('users as guide', 'guide.id', 'r.guide_user_id')
    .select(REFERRAL_COLUMNS)
    .select(['recipient.name as recipient_name', 'sender.name as sender_name', 'guide.name as guide_name']);

/** One referral the actor may see (row-level security decides), with the names of both organisations and the guide. */
export function findReferral(tx: Tx, id: string, options: { forUpdate?: boolean } = {}) {
  let query = referralRows(tx)
    .where('r.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('r');
  return query.executeTakeFirst();
}

export type ReferralRow = NonNullable<Awaited<ReturnType<typeof findReferral>>>;

/** All referrals of one client record, in any region (the privacy officer's dossier), oldest first. */
export function referralsOfClient(tx: Tx, clientId: string) {
  return referralRows(tx)
    .where('r.client_id', '=', clientId)
    .orderBy('r.sent_at')
    .execute();
}

export interface ReferralFilter {
  regionCode: string;
  /** The partner's own organisation (the inbox), or null for the guide's region-wide view. */
  recipientOrganisationId: string | null;
  clientId?: string;
  guideUserId?: string;
  statuses?: readonly ReferralStatus[];
  serviceId?: string;
  /** No first response yet, past its due time. */
  overdue?: boolean;
  /** Passed on to the coordinator after the reminders. */
  escalated?: boolean;
  /** Changed since then (a partner's answer). */
  updatedSince?: Date;
  now: Date;
}

function filtered(tx: Tx, filter: ReferralFilter) {
  let query = tx.selectFrom('referrals as r').where('r.region_code', '=', filter.regionCode);
  if (filter.recipientOrganisationId) query = query.where('r.recipient_organisation_id', '=', filter.recipientOrganisationId);
  if (filter.clientId) query = query.where('r.client_id', '=', filter.clientId);
  if (filter.guideUserId) query = query.where('r.guide_user_id', '=', filter.guideUserId);
  if (filter.statuses && filter.statuses.length > 0) query = query.where('r.status', 'in', [...filter.statuses]);
  if (filter.serviceId) query = query.where('r.service_id', '=', filter.serviceId);
  if (filter.overdue) query = query.where('r.status', 'in', ['verzonden', 'ontvangen']).where('r.response_due_at', '<', filter.now);
  if (filter.escalated) query = query.where('r.escalated_at', 'is not', null);
  if (filter.updatedSince) query = query.where('r.updated_at', '>=', filter.updatedSince);
  return query;
}

export function listReferrals(tx: Tx, filter: ReferralFilter, limit: number) {
  return referralRows(tx)
    .where('r.id', 'in', filtered(tx, filter).select('r.id'))
    .orderBy('r.sent_at', 'desc')
    .orderBy('r.id')
    .limit(limit)
    .execute();
}

/** The services the filtered referrals went to, by name: the choices of the list's service filter. */
export function referredServices(tx: Tx, filter: ReferralFilter) {
  return filtered(tx, filter)
    .where('r.service_id', 'is not', null)
    .select(['r.service_id as id', 'r.service_name as name'])
    .distinct()
    .orderBy('r.service_name')
    .execute();
}

export async function countReferrals(tx: Tx, filter: ReferralFilter): Promise<number> {
  const row = await filtered(tx, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateReferralStatus(
  tx: Tx,
  id: string,
  values: {
    status: ReferralStatus;
    decline_reason?: DeclineReason | null;
    outcome?: ReferralOutcome | null;
    status_note?: string | null;
    received_at?: Date;
    accepted_at?: Date;
    closed_at?: Date;
  },
): Promise<void> {
  await tx.updateTable('referrals').set(values).where('id', '=', id).execute();
}

/** Referrals under a consent that still run, locked: withdrawing the consent ends them. */
export function openReferralsOfConsent(tx: Tx, consentId: string, openStatuses: readonly ReferralStatus[]) {
  return tx
    .selectFrom('referrals')
    .select(['id', 'recipient_organisation_id', 'reference'])
    .where('consent_id', '=', consentId)
    .where('status', 'in', [...openStatuses])
    .forUpdate()
    .execute();
}

export async function insertReferralMessage(tx: Tx, referralId: string, regionCode: string, message: string): Promise<void> {
  await tx.insertInto('referral_events').values({ referral_id: referralId, region_code: regionCode, kind: 'bericht', message }).execute();
}

export async function insertTimerEvent(tx: Tx, referralId: string, regionCode: string, kind: 'herinnering' | 'escalatie'): Promise<void> {
  await tx.insertInto('referral_events').values({ referral_id: referralId, region_code: regionCode, kind }).execute();
}

export function listReferralEvents(tx: Tx, referralId: string) {
  return tx
    .selectFrom('referral_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .leftJoin('organisations as o', 'o.id', 'e.actor_organisation_id')
    .select(['e.id', 'e.at', 'e.kind', 'e.status', 'e.message', 'e.actor_kind', 'e.actor_role', 'u.name as actor_name', 'o.name as actor_organisation_name'])
    .where('e.referral_id', '=', referralId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}

/** Claims a timer step for a referral; false when it fired before (so it fires once, however often its job runs). */
export async function claimTimerStep(tx: Tx, referralId: string, step: ReferralTimerStep): Promise<boolean> {
  const claimed = await tx
    .insertInto('referral_timer_steps')
    .values({ referral_id: referralId, step })
    .onConflict((oc) => oc.doNothing())
    .returning('step')
    .executeTakeFirst();
  return claimed !== undefined;
}

export async function recordTimerEffect(tx: Tx, id: string, values: { reminders_sent?: number; escalated_at?: Date; status?: 'verlopen'; closed_at?: Date }): Promise<void> {
  await tx.updateTable('referrals').set(values).where('id', '=', id).execute();
}

/** What erasure leaves of a free text: the timeline keeps that something was said, not what. */
export const ERASED_TEXT = '[gewist]';

/**
 * Empties what was sent with the referrals of erased clients, and the free texts about them (notes
 * and messages); status, outcome, reasons and times stay for the counts.
 */
export async function forgetSharedData(tx: Tx, clientIds: readonly string[]): Promise<void> {
  if (clientIds.length === 0) return;
  await tx
    .updateTable('referrals')
    .set({ shared_data: '{}', status_note: sql<string | null>`case when status_note is null then null else ${ERASED_TEXT} end` })
    .where('client_id', 'in', [...clientIds])
    .execute();
  await tx
    .updateTable('referral_events')
    .set({ message: ERASED_TEXT })
    .where('kind', '=', 'bericht')
    .where('referral_id', 'in', (eb) => eb.selectFrom('referrals').select('id').where('client_id', 'in', [...clientIds]))
    .execute();
}


// The system's side (jobs under activity 'referrals') ------------------------------------------------

/** What a notice about a referral names: its reference and service, never the person. */
export function noticeSubject(tx: Tx, id: string) {
  return tx
    .selectFrom('referrals')
    .select(['id', 'reference', 'service_name', 'status', 'region_code', 'recipient_organisation_id', 'guide_user_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export interface MailRecipient {
  user_id: string;
  email: string;
  preferred_language: 'nl' | 'en';
  /** 'dagelijks': the notice waits for the daily digest. */
  frequency: NoticeFrequency;
}

const recipients = (tx: Tx) =>
  tx
    .selectFrom('users as u')
    .leftJoin('notification_preferences as p', 'p.user_id', 'u.id')
    .select(['u.id as user_id', 'u.email', 'u.preferred_language', (eb) => eb.fn.coalesce('p.frequency', sql<NoticeFrequency>`'direct'`).as('frequency')])
    .where('u.disabled_at', 'is', null);

/** The active accounts with a role at an organisation (or any organisation, without one) in a region. */
export function staffOf(tx: Tx, regionCode: string, role: 'partnermedewerker' | 'regiocoordinator' | 'gidsfunctionaris', organisationId: string | null): Promise<MailRecipient[]> {
  return recipients(tx)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships as m')
          .select('m.id')
          .whereRef('m.user_id', '=', 'u.id')
          .where('m.region_code', '=', regionCode)
          .where('m.role', '=', role)
          .$if(organisationId !== null, (query) => query.where('m.organisation_id', '=', organisationId!)),
      ),
    )
    .execute();
}

export function activeUser(tx: Tx, id: string): Promise<MailRecipient | undefined> {
  return recipients(tx).where('u.id', '=', id).executeTakeFirst();
}

/** Keeps a notice for a digest user's daily overview. */
export async function queueDigestItem(tx: Tx, userId: string, referralId: string, notice: string): Promise<void> {
  await tx.insertInto('digest_items').values({ user_id: userId, referral_id: referralId, notice }).execute();
}

/** Keeps a notice about a contact for a digest user's daily overview, with the contact's reference. */
export async function queueContactDigestItem(tx: Tx, userId: string, contactId: string, reference: string, notice: string): Promise<void> {
  await tx.insertInto('digest_items').values({ user_id: userId, contact_id: contactId, reference, notice }).execute();
}

/** Digest users with waiting notices whose last digest was before `since` (or never), with the notices. */
export function dueDigestItems(tx: Tx, since: Date) {
  return tx
    .selectFrom('digest_items as d')
    .innerJoin('users as u', 'u.id', 'd.user_id')
    .innerJoin('notification_preferences as p', 'p.user_id', 'd.user_id')
    .leftJoin('referrals as r', 'r.id', 'd.referral_id')
    .select(['d.id', 'd.user_id', 'd.notice', 'u.email', 'u.preferred_language', 'd.referral_id', 'd.contact_id', 'r.service_name'])
    .select((eb) => eb.fn.coalesce('r.reference', 'd.reference').as('reference'))
    .where('u.disabled_at', 'is', null)
    .where((eb) => eb.or([eb('p.last_digest_at', 'is', null), eb('p.last_digest_at', '<', since)]))
    .orderBy('d.user_id')
    .orderBy('d.id')
    .execute();
}

/** After a user's digest went out: its notices are gone and the day is marked. */
export async function digestSent(tx: Tx, userId: string, upToId: string, at: Date): Promise<void> {
  await tx.deleteFrom('digest_items').where('user_id', '=', userId).where('id', '<=', upToId).execute();
  await tx.updateTable('notification_preferences').set({ last_digest_at: at }).where('user_id', '=', userId).execute();
}

/** The actor's own preference (row-level security: only their own row). */
export async function ownNoticeFrequency(tx: Tx, userId: string): Promise<NoticeFrequency> {
  const row = await tx.selectFrom('notification_preferences').select('frequency').where('user_id', '=', userId).executeTakeFirst();
  return row?.frequency ?? 'direct';
}

export async function setOwnNoticeFrequency(tx: Tx, userId: string, frequency: NoticeFrequency): Promise<void> {
  await tx
    .insertInto('notification_preferences')
    .values({ user_id: userId, frequency: frequency })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ frequency: frequency, updated_at: new Date() }))
    .execute();
}

/** Referrals without a first response that are past their due time: candidates for a timer step. */
export function referralsPastResponseDue(tx: Tx, now: Date) {
  return tx
    .selectFrom('referrals as r')
    .select(['r.id', 'r.response_due_at', 'r.expires_at', 'r.max_reminders'])
    .select((eb) =>
      eb.fn
        .coalesce(
          eb.selectFrom('referral_timer_steps as s').select(sql<string[]>`array_agg(s.step)`.as('steps')).whereRef('s.referral_id', '=', 'r.id'),
          sql<string[]>`'{}'::text[]`,
        )
        .as('fired'),
    )
    .where('r.status', 'in', ['verzonden', 'ontvangen'])
    .where('r.response_due_at', '<=', now)
    .orderBy('r.response_due_at')
    .limit(500)
    .execute();
}

/** The referral's status and timer fields, locked until the transaction ends. */
export function lockForTimer(tx: Tx, id: string) {
  return tx.selectFrom('referrals').select(['id', 'region_code', 'status', 'reminders_sent']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The region's guides and coordinators a referral can be assigned to, by name. */
export function regionGuides(tx: Tx, regionCode: string) {
  return tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name'])
    .distinct()
    .where('m.region_code', '=', regionCode)
    .where('m.role', 'in', ['gidsfunctionaris', 'regiocoordinator'])
    .where('u.disabled_at', 'is', null)
    .orderBy('u.name')
    .execute();
}

/** Gives the referral to another guide, with a timeline entry that names them. */
export async function assignReferral(tx: Tx, referral: { id: string; regionCode: string }, guide: { id: string; name: string }): Promise<void> {
  await tx.updateTable('referrals').set({ guide_user_id: guide.id }).where('id', '=', referral.id).execute();
  await tx.insertInto('referral_events').values({ referral_id: referral.id, region_code: referral.regionCode, kind: 'toegewezen', message: guide.name }).execute();
}
