import type { Database } from '../../platform/db/pool.ts';
import { logRead, withActor, type Tx } from '../../platform/db/tenancy.ts';
import type { Trace } from '../../platform/http/trace.ts';
import { forbidden, notFound, type FieldError } from '../../platform/http/errors.ts';
import { isUuid } from '../../platform/http/values.ts';
import { submitOnce } from '../../platform/http/submissions.ts';
import type { UserActor } from '../../platform/auth/guards.ts';
import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import { translator } from '../../platform/i18n/index.ts';
import { addWorkingDays } from '../../platform/time/working-days.ts';
import {
  IDENTITY_CATEGORIES,
  referralPurpose,
  type LegalBasis,
  type ReferralDataCategory,
  type ReferralPurpose,
} from '../../platform/privacy/register.ts';
import {
  DECLINE_REASONS,
  PAYING_PARTIES,
  REFERRAL_OUTCOMES,
  type ConsentGivenHow,
  type DeclineReason,
  type PayingParty,
  type ReferralOutcome,
  type NoticeFrequency,
  type ReferralEventKind,
  type ReferralResponsibleParty,
  type ReferralStatus,
} from '../../platform/db/schema.ts';
import { referralTargets, type ReferralTarget } from '../catalogue/catalogue.repository.ts';
import { FacetKeys, searchServices } from '../catalogue/search.repository.ts';
import { clientForReferral, type ClientForReferral } from './clients.service.ts';
import { touchClient } from './clients.repository.ts';
import { sendNotice } from './referrals.notices.ts';
import { OPEN_STATUSES, referralPolicy, type ReferralRecord } from './referrals.policy.ts';
import {
  findReferral,
  insertConsent,
  insertReferral,
  insertReferralMessage,
  listConsents,
  listReferralEvents,
  countReferrals,
  referredServices,
  listReferrals,
  openReferralsOfConsent,
  ownNoticeFrequency,
  setOwnNoticeFrequency,
  regionGuides,
  assignReferral,
  updateReferralStatus,
  withdrawConsent,
  type ReferralFilter,
  type ReferralRow,
} from './referrals.repository.ts';

// The warm handover (warme overdracht): a guide chooses a service, the purpose decides the minimal
// data set, the guide checks a preview of exactly what the partner will see, records consent (or a
// legal basis where consent is not free) and sends. The partner receives, accepts or declines,
// starts and reports the outcome; the guide may withdraw or re-route. Each step is one transaction
// with its processing-log records (triggers for writes, `logRead` for reads) and the notices it
// causes (jobs, sent in the same transaction).

export const ACTIVITY = 'referrals' as const;

/** The fixed part of a referral's timers. */
export const REFERRAL_TIMERS = {
  /** Between reminders, and from the last reminder to the escalation, in working days. The rest is set per service (DEFAULT_REFERRAL_TIMERS). */
  reminderIntervalWorkingDays: 2,
} as const;

/** The version of the consent text below; a change of its words needs a new version. */
export const CONSENT_TEXT_VERSION = '2026-12-07';
export const CONSENT_VALIDITY_MONTHS = [3, 6, 12] as const;
export const QUESTION_MAX = 2000;
export const NOTE_MAX = 1000;
export const REFERRAL_SCOPE = 'referral';


/** The form of a new referral, as the wizard posts it (names in Dutch, as the fields). */
export interface ReferralForm {
  client: string;
  dienst: string;
  doel: string;
  identiteit: string;
  vraag: string;
  afhankelijk: string;
  grondslag: string;
  wettelijke_grondslag: string;
  hoe: string;
  geldig: string;
  regie: string;
  betaler: string;
  tekstversie: string;
  toestemming_bevestigd: string;
  /** Re-routing: the referral this one replaces. */
  vorige: string;
}

export const emptyReferralForm = (values: Partial<ReferralForm> = {}): ReferralForm => ({
  client: '',
  dienst: '',
  doel: '',
  identiteit: '',
  vraag: '',
  afhankelijk: 'nee',
  grondslag: 'toestemming',
  wettelijke_grondslag: '',
  hoe: '',
  geldig: '6',
  regie: 'werkcentrum',
  betaler: 'geen',
  tekstversie: '',
  toestemming_bevestigd: '',
  vorige: '',
  ...values,
});

const UWV_BENEFITS = new Set(['ww', 'wia', 'wajong', 'ziektewet']);

/**
 * Whether the person depends on the guide's or the recipient's organisation through their benefit
 * (UWV pays WW, WIA, Wajong and Ziektewet; the municipality pays bijstand). Consent given to an
 * organisation one depends on is not free (AVG recital 43).
 */
export function benefitDependency(client: Pick<ClientForReferral, 'benefit'>, organisationKinds: readonly string[]): 'uwv' | 'gemeente' | null {
  if (UWV_BENEFITS.has(client.benefit) && organisationKinds.includes('uwv')) return 'uwv';
  if (client.benefit === 'bijstand' && organisationKinds.includes('gemeente')) return 'gemeente';
  return null;
}

/** The purpose a service most likely serves, as the wizard's first choice. */
export function defaultPurpose(target: Pick<ReferralTarget, 'organisation_kind' | 'themes'>): string {
  const themes = target.themes.join(' ');
  if (target.organisation_kind === 'uwv') return 're-integratie-uwv';
  if (/schuld|geld/.test(themes)) return 'schuldhulp';
  if (target.organisation_kind === 'gemeente') return 'werk-en-inkomen';
  if (/scholing|opleiding|vakopleiding|leren|taal|digitale/.test(themes)) return 'scholing';
  return 'loopbaanadvies';
}

/** The legal bases of a purpose a recipient may receive data on. */
export const applicableLegalBases = (purpose: ReferralPurpose, suwiParty: boolean): readonly LegalBasis[] =>
  purpose.legalBases.filter((basis) => basis.recipients === 'any' || suwiParty);

/** What the partner will see, by data category, from the client record and the question. */
export function sharedDataOf(client: ClientForReferral, categories: readonly ReferralDataCategory[], question: string): Record<string, string> {
  const data: Record<string, string> = {};
  for (const category of categories) {
    if (category === 'voornaam') data.voornaam = client.givenName;
    if (category === 'achternaam' && client.familyName) data.achternaam = client.familyName;
    if (category === 'bereikbaarheid') {
      if (client.email) data.email = client.email;
      if (client.phone) data.telefoon = client.phone;
    }
    if (category === 'gemeente' && client.municipalityName) data.gemeente = client.municipalityName;
    if (category === 'geboortedatum' && client.birthDate) data.geboortedatum = client.birthDate;
    if (category === 'bsn' && client.bsn) data.bsn = client.bsn;
    if (category === 'vraag') data.vraag = question;
  }
  return data;
}

/** The exact consent text the person is shown (Dutch, B1); stored with its version on the consent. */
export function consentText(plan: { purposeName: string; recipientName: string; categoryNames: readonly string[]; months: number }): string {
  const t = translator('nl');
  return t('referrals.consent.text', {
    recipient: plan.recipientName,
    // Mid-sentence: "helpen met re-integratie via UWV".
    purpose: plan.purposeName.charAt(0).toLowerCase() + plan.purposeName.slice(1),
    categories: plan.categoryNames.join(', '),
    months: plan.months,
  });
}

export interface ReferralPlan {
  client: ClientForReferral;
  target: ReferralTarget;
  purpose: ReferralPurpose;
  categories: readonly ReferralDataCategory[];
  sharesIdentity: boolean;
  sharedData: Record<string, string>;
  /** The organisation the person depends on through their benefit, when it is the guide's or the recipient's. */
  dependsOn: 'uwv' | 'gemeente' | null;
  dependency: boolean;
  legalBases: readonly LegalBasis[];
  consentText: string;
  question: string;
  months: number;
  previous: ReferralRow | null;
}

interface CheckedForm {
  basis: 'toestemming' | 'wettelijke-grondslag';
  legalBasis: string | null;
  givenHow: ConsentGivenHow | null;
  responsibleParty: ReferralResponsibleParty;
  payingParty: PayingParty;
}

/** A service as the guide chooses it: who receives the referral, how much room there is, how people get in. */
export interface ServiceChoice {
  id: string;
  name: string;
  summary: string;
  organisationName: string;
  suwiParty: boolean;
  capacity: 'ruim' | 'beperkt' | 'vol' | null;
  access: string[];
}

export interface ReferralSummary {
  id: string;
  reference: string;
  status: ReferralStatus;
  serviceName: string;
  recipientName: string;
  senderName: string;
  guideName: string | null;
  sentAt: Date;
  responseDueAt: Date;
  overdue: boolean;
  /** The partner sees the pseudonym; the guide, too, to talk about it with the partner. */
  subjectPseudonym: string;
  /** For the guide: the person's given name; for a partner: only when identity is shared. */
  displayName: string | null;
}

export interface TimelineEntry {
  at: Date;
  kind: ReferralEventKind;
  status: ReferralStatus | null;
  message: string | null;
  actorName: string | null;
  actorRole: string | null;
  actorOrganisation: string | null;
  bySystem: boolean;
}

export interface ReferralDetail extends ReferralSummary {
  guideUserId: string | null;
  regionCode: string;
  clientId: string | null;
  purpose: string;
  sharesIdentity: boolean;
  sharedData: Record<string, string>;
  responsibleParty: ReferralResponsibleParty;
  payingParty: PayingParty;
  declineReason: DeclineReason | null;
  outcome: ReferralOutcome | null;
  statusNote: string | null;
  previousReferralId: string | null;
  expiresAt: Date;
  remindersSent: number;
  escalated: boolean;
  timeline: TimelineEntry[];
  abilities: Readonly<Record<(typeof referralPolicy.actions)[number], boolean>>;
}

function addMonths(moment: Date, months: number): Date {
  const result = new Date(moment);
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}

function choiceOf(target: ReferralTarget, summary: string): ServiceChoice {
  return {
    id: target.id,
    name: target.name,
    summary,
    organisationName: target.organisation_name,
    suwiParty: target.suwi_party,
    capacity: target.capacity,
    access: target.access,
  };
}

/** A list's filter as the pages name it; the actor decides the scope (their region, or their organisation's inbox). */
export interface ListFilterSpec {
  statuses?: readonly ReferralStatus[];
  mine?: boolean;
  serviceId?: string;
  overdue?: boolean;
  escalated?: boolean;
  updatedSince?: Date;
}

function scopedFilter(actor: UserActor, filter: ListFilterSpec, now: Date): ReferralFilter {
  if (!referralPolicy.can(actor, 'view') || !actor.membership) throw forbidden();
  const partner = isPartner(actor);
  return {
    regionCode: actor.membership.regionCode,
    recipientOrganisationId: partner ? actor.membership.organisationId : null,
    ...(filter.mine && !partner ? { guideUserId: actor.userId } : {}),
    ...(filter.serviceId && isUuid(filter.serviceId) ? { serviceId: filter.serviceId } : {}),
    ...(filter.statuses ? { statuses: filter.statuses } : {}),
    overdue: filter.overdue ?? false,
    escalated: filter.escalated ?? false,
    ...(filter.updatedSince ? { updatedSince: filter.updatedSince } : {}),
    now,
  };
}

const recordOf = (row: Pick<ReferralRow, 'region_code' | 'recipient_organisation_id' | 'status'>): ReferralRecord => ({
  regionCode: row.region_code,
  recipientOrganisationId: row.recipient_organisation_id,
  status: row.status,
});

const isPartner = (actor: UserActor) => actor.membership?.role === 'partnermedewerker';

function summaryOf(row: ReferralRow, actor: UserActor, now: Date): ReferralSummary {
  const shared = row.shared_data;
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    serviceName: row.service_name,
    recipientName: row.recipient_name,
    senderName: row.sender_name,
    guideName: row.guide_name,
    sentAt: new Date(row.sent_at),
    responseDueAt: new Date(row.response_due_at),
    overdue: (row.status === 'verzonden' || row.status === 'ontvangen') && new Date(row.response_due_at) < now,
    subjectPseudonym: row.subject_pseudonym,
    displayName: isPartner(actor) && !row.shares_identity ? null : ([shared.voornaam, shared.achternaam].filter(Boolean).join(' ') || null),
  };
}

export function createReferralService(db: Database, cipher: FieldCipher, clock: () => Date = () => new Date()) {
  function guideRegion(actor: UserActor): string {
    referralPolicy.authorize(actor, 'send');
    if (!actor.membership) throw forbidden();
    return actor.membership.regionCode;
  }

  /** Checks the form against the client, the service and the register; the plan to send, or errors per field. */
  async function plan(tx: Tx, actor: UserActor, form: ReferralForm): Promise<{ errors: FieldError[]; plan?: ReferralPlan; checked?: CheckedForm }> {
    const regionCode = guideRegion(actor);
    const errors: FieldError[] = [];
    const client = isUuid(form.client) ? await clientForReferral(tx, cipher, form.client, actor.membership!.organisationId) : null;
    if (!client || client.regionCode !== regionCode) throw notFound();
    let previous: ReferralRow | null = null;
    if (form.vorige) {
      previous = isUuid(form.vorige) ? ((await findReferral(tx, form.vorige)) ?? null) : null;
      if (!previous || previous.client_id !== client.id || !referralPolicy.can(actor, 'reroute', recordOf(previous))) throw notFound();
    }
    const [target] = isUuid(form.dienst) ? await referralTargets(tx, [form.dienst]) : [];
    if (!target || !(target.region_code === regionCode || target.area_regions.includes(regionCode))) {
      return { errors: [{ field: 'dienst', key: 'referrals.error.service' }] };
    }
    const purpose = referralPurpose(form.doel || defaultPurpose(target));
    if (!purpose) return { errors: [{ field: 'doel', key: 'form.error.invalidChoice' }] };
    const question = form.vraag.trim();
    if (!question) errors.push({ field: 'vraag', key: 'referrals.error.question' });
    else if (question.length > QUESTION_MAX) errors.push({ field: 'vraag', key: 'form.error.tooLong', params: { max: QUESTION_MAX } });
    const months = Number(form.geldig);
    if (!(CONSENT_VALIDITY_MONTHS as readonly number[]).includes(months)) errors.push({ field: 'geldig', key: 'form.error.invalidChoice' });

    // A SUWI party (UWV, a municipality) receives the purpose's data set; a private partner receives
    // identity only when the guide chose to share it (on consent or a legal basis).
    const sharesIdentity = target.suwi_party ? form.identiteit !== 'nee' : form.identiteit === 'ja';
    const categories = purpose.dataSet.filter((category) => sharesIdentity || !IDENTITY_CATEGORIES.includes(category));
    const dependsOn = benefitDependency(client, [target.organisation_kind, client.guideOrganisationKind]);
    const dependency = dependsOn !== null || form.afhankelijk === 'ja';
    const legalBases = applicableLegalBases(purpose, target.suwi_party);

    if (sharesIdentity) {
      if (categories.includes('bsn') && !client.bsn) errors.push({ field: 'identiteit', key: 'referrals.error.needsBsn' });
      if (categories.includes('geboortedatum') && !client.birthDate) errors.push({ field: 'identiteit', key: 'referrals.error.needsBirthDate' });
      if (dependency && legalBases.length === 0) {
        // The refusal the issue asks for: consent is not free and the register has no basis for this recipient.
        errors.push({ field: 'identiteit', key: 'referrals.error.identityNeedsBasis', params: { organisation: target.organisation_name } });
      }
    }

    const basis = form.grondslag === 'wettelijke-grondslag' ? 'wettelijke-grondslag' : form.grondslag === 'toestemming' ? 'toestemming' : null;
    let legalBasis: string | null = null;
    let givenHow: ConsentGivenHow | null = null;
    if (!basis) errors.push({ field: 'grondslag', key: 'form.error.invalidChoice' });
    else if (basis === 'toestemming') {
      if (dependency && sharesIdentity && legalBases.length > 0) errors.push({ field: 'grondslag', key: 'referrals.error.consentNotFree' });
      givenHow = form.hoe === 'mondeling' || form.hoe === 'schriftelijk' || form.hoe === 'digitaal' ? form.hoe : null;
      if (!givenHow) errors.push({ field: 'hoe', key: 'referrals.error.givenHow' });
    } else {
      legalBasis = legalBases.find((candidate) => candidate.id === form.wettelijke_grondslag)?.id ?? null;
      if (!legalBasis) errors.push({ field: 'wettelijke_grondslag', key: legalBases.length === 0 ? 'referrals.error.noLegalBasis' : 'form.error.invalidChoice' });
    }
    const responsibleParty = (['gemeente', 'uwv', 'werkcentrum'] as const).find((party) => party === form.regie);
    if (!responsibleParty) errors.push({ field: 'regie', key: 'form.error.invalidChoice' });
    const payingParty = PAYING_PARTIES.find((party) => party === form.betaler);
    if (!payingParty) errors.push({ field: 'betaler', key: 'form.error.invalidChoice' });

    const t = translator('nl');
    const result: ReferralPlan = {
      client,
      target,
      purpose,
      categories,
      sharesIdentity,
      sharedData: sharedDataOf(client, categories, question),
      dependsOn,
      dependency,
      legalBases,
      consentText: consentText({
        purposeName: purpose.name.nl,
        recipientName: target.organisation_name,
        categoryNames: categories.map((category) => t(`referrals.category.${category}`)),
        months: Number.isFinite(months) && months > 0 ? months : 6,
      }),
      question,
      months,
      previous,
    };
    if (errors.length > 0 || !basis || !responsibleParty || !payingParty) return { errors, plan: result };
    return { errors, plan: result, checked: { basis, legalBasis, givenHow, responsibleParty, payingParty } };
  }

  const facetKeys = new FacetKeys();

  return {
    /** Services offered in the guide's region that match the words (the directory's own search), with capacity and access route. */
    async findServices(trace: Trace, actor: UserActor, query: string): Promise<ServiceChoice[]> {
      const regionCode = guideRegion(actor);
      return withActor(db, { actor, trace }, async (tx) => {
        const found = await searchServices(tx, { q: query.trim() || undefined, region: regionCode, pageSize: 20, sort: query.trim() ? 'relevance' : 'name' }, facetKeys);
        const targets = new Map((await referralTargets(tx, found.items.map((item) => item.id))).map((target) => [target.id, target]));
        return found.items.flatMap((item) => {
          const target = targets.get(item.id);
          return target ? [choiceOf(target, item.summary)] : [];
        });
      });
    },

    /** The client's name, the chosen service and the benefit dependency the form warns about; 404 when either is not the guide's to use. */
    async formContext(
      trace: Trace,
      actor: UserActor,
      clientId: string,
      serviceId: string,
    ): Promise<{ clientName: string; service: ServiceChoice | null; purpose: string; dependsOn: 'uwv' | 'gemeente' | null }> {
      const regionCode = guideRegion(actor);
      if (!isUuid(clientId)) throw notFound();
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const client = await clientForReferral(tx, cipher, clientId, actor.membership!.organisationId);
        if (!client || client.regionCode !== regionCode) throw notFound();
        await logRead(tx, 'clients.read', [client.id], 'client');
        const [target] = isUuid(serviceId) ? await referralTargets(tx, [serviceId]) : [];
        const offered = target && (target.region_code === regionCode || target.area_regions.includes(regionCode));
        const clientName = [client.givenName, client.familyName].filter(Boolean).join(' ');
        if (!target || !offered) return { clientName, service: null, purpose: '', dependsOn: null };
        const dependsOn = benefitDependency(client, [target.organisation_kind, client.guideOrganisationKind]);
        return { clientName, service: choiceOf(target, ''), purpose: defaultPurpose(target), dependsOn };
      });
    },

    /** What the partner will see and the consent text, or the errors per field; nothing is stored. Reading the record is logged. */
    async preview(trace: Trace, actor: UserActor, form: ReferralForm): Promise<{ errors: FieldError[]; plan?: ReferralPlan }> {
      guideRegion(actor);
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const result = await plan(tx, actor, form);
        if (result.plan) await logRead(tx, 'clients.read', [result.plan.client.id], 'client');
        return { errors: result.errors, plan: result.plan };
      });
    },

    /**
     * Records the consent (or legal basis) and sends the referral, once per submission key: one
     * transaction with the consent, the referral, its first timeline entry, the processing log and
     * the notice to the partner. The consent text must be the version the guide showed.
     */
    async send(trace: Trace, actor: UserActor, form: ReferralForm, submissionKey: string): Promise<{ errors: FieldError[]; id?: string }> {
      guideRegion(actor);
      const membership = actor.membership!;
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const { errors, plan: planned, checked } = await plan(tx, actor, form);
        if (form.tekstversie !== CONSENT_TEXT_VERSION) errors.push({ field: 'grondslag', key: 'referrals.error.textVersion' });
        if (checked?.basis === 'toestemming' && form.toestemming_bevestigd !== 'ja') errors.push({ field: 'toestemming_bevestigd', key: 'referrals.error.confirm' });
        if (errors.length > 0 || !planned || !checked) return { errors };
        const { result } = await submitOnce(tx, REFERRAL_SCOPE, submissionKey, async () => {
          const now = clock();
          const consentId = await insertConsent(tx, {
            clientId: planned.client.id,
            regionCode: planned.client.regionCode,
            recipientOrganisationId: planned.target.organisation_id,
            purpose: planned.purpose.id,
            dataCategories: planned.categories,
            basis: checked.basis,
            legalBasis: checked.legalBasis,
            givenHow: checked.givenHow,
            textVersion: CONSENT_TEXT_VERSION,
            textShown: planned.consentText,
            dependency: planned.dependency,
            sharesIdentity: planned.sharesIdentity,
            recordedBy: actor.userId,
            recordedByOrganisationId: membership.organisationId,
            expiresAt: addMonths(now, planned.months),
          });
          const referral = await insertReferral(tx, {
            regionCode: planned.client.regionCode,
            clientId: planned.client.id,
            consentId,
            guideUserId: actor.userId,
            guideOrganisationId: membership.organisationId,
            serviceId: planned.target.id,
            serviceName: planned.target.name,
            recipientOrganisationId: planned.target.organisation_id,
            purpose: planned.purpose.id,
            sharesIdentity: planned.sharesIdentity,
            sharedData: planned.sharedData,
            responsibleParty: checked.responsibleParty,
            payingParty: checked.payingParty,
            previousReferralId: planned.previous?.id ?? null,
            // The service's own timers, fixed at sending.
            responseDueAt: addWorkingDays(now, planned.target.referral_response_days),
            expiresAt: new Date(now.getTime() + planned.target.referral_expiry_days * 86_400_000),
            maxReminders: planned.target.referral_reminders,
          });
          // Re-routing: the old referral stops if it still runs; its history stays, linked from the new one.
          if (planned.previous && OPEN_STATUSES.includes(planned.previous.status)) {
            await updateReferralStatus(tx, planned.previous.id, { status: 'ingetrokken', closed_at: now });
            await sendNotice(tx, planned.previous.id, 'ingetrokken');
          }
          await touchClient(tx, planned.client.id);
          await sendNotice(tx, referral.id, 'nieuw');
          return referral.id;
        });
        return { errors: [], id: result };
      });
    },

    /**
     * One referral the actor may see (row-level security decides: a partner after withdrawal sees
     * nothing). A partner's first read marks it received. Every read is logged under the client.
     */
    async get(trace: Trace, actor: UserActor, id: string): Promise<ReferralDetail> {
      if (!isUuid(id) || !referralPolicy.can(actor, 'view')) throw notFound();
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        let row = await findReferral(tx, id);
        if (!row || !referralPolicy.can(actor, 'view', recordOf(row))) throw notFound();
        await logRead(tx, 'referrals.read', [row.client_id], 'client');
        if (row.status === 'verzonden' && referralPolicy.can(actor, 'accept', recordOf(row))) {
          await updateReferralStatus(tx, row.id, { status: 'ontvangen', received_at: clock() });
          row = (await findReferral(tx, id))!;
        }
        const events = await listReferralEvents(tx, row.id);
        const partner = isPartner(actor);
        return {
          ...summaryOf(row, actor, clock()),
          regionCode: row.region_code,
          // A partner never gets the platform's id of the person: it would link referrals across partners.
          clientId: partner ? null : row.client_id,
          guideUserId: partner ? null : row.guide_user_id,
          purpose: row.purpose,
          sharesIdentity: row.shares_identity,
          sharedData: row.shared_data,
          responsibleParty: row.responsible_party,
          payingParty: row.paying_party,
          declineReason: row.decline_reason,
          outcome: row.outcome,
          statusNote: row.status_note,
          previousReferralId: partner ? null : row.previous_referral_id,
          expiresAt: new Date(row.expires_at),
          remindersSent: row.reminders_sent,
          escalated: row.escalated_at !== null,
          // Who handles it on the guides' side is the Werkcentrum's own business.
          timeline: events.filter((event) => !partner || event.kind !== 'toegewezen').map((event) => ({
            at: new Date(event.at),
            kind: event.kind,
            status: event.status as ReferralStatus | null,
            message: event.message,
            actorName: event.actor_name,
            actorRole: event.actor_role,
            actorOrganisation: event.actor_organisation_name,
            bySystem: event.actor_kind === 'system',
          })),
          abilities: referralPolicy.abilities(actor, recordOf(row)),
        };
      });
    },

    /** The region's referrals for a guide (all, or theirs), or the partner's inbox; reads are logged. */
    async list(trace: Trace, actor: UserActor, filter: ListFilterSpec & { clientId?: string; limit?: number }): Promise<ReferralSummary[]> {
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const now = clock();
        const rows = await listReferrals(tx, { ...scopedFilter(actor, filter, now), ...(filter.clientId && isUuid(filter.clientId) && !isPartner(actor) ? { clientId: filter.clientId } : {}) }, filter.limit ?? 200);
        await logRead(tx, 'referrals.read', [...new Set(rows.map((row) => row.client_id))], 'client');
        return rows.map((row) => summaryOf(row, actor, now));
      });
    },

    /** How many referrals each named filter finds, in one transaction (counts read no personal data). */
    async counts<K extends string>(trace: Trace, actor: UserActor, filters: Readonly<Record<K, ListFilterSpec>>): Promise<Record<K, number>> {
      return withActor(db, { actor, trace }, async (tx) => {
        const now = clock();
        const result = {} as Record<K, number>;
        for (const name of Object.keys(filters) as K[]) result[name] = await countReferrals(tx, scopedFilter(actor, filters[name], now));
        return result;
      });
    },

    /** The services the actor's referrals went to (a partner: its own), for the list's service filter; names only, no personal data. */
    async services(trace: Trace, actor: UserActor): Promise<{ id: string; name: string }[]> {
      return withActor(db, { actor, trace }, async (tx) =>
        (await referredServices(tx, scopedFilter(actor, {}, clock()))).flatMap((row) => (row.id ? [{ id: row.id, name: row.name }] : [])),
      );
    },

    /** The consents recorded for a client (guide side), newest first. */
    async consents(trace: Trace, actor: UserActor, clientId: string) {
      guideRegion(actor);
      if (!isUuid(clientId)) throw notFound();
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const rows = await listConsents(tx, clientId);
        if (rows.length > 0) await logRead(tx, 'consents.read', [clientId], 'client');
        const now = clock();
        return rows.map((row) => ({
          id: row.id,
          purpose: row.purpose,
          recipientName: row.recipient_name,
          dataCategories: row.data_categories,
          basis: row.basis,
          legalBasis: row.legal_basis,
          givenHow: row.given_how,
          textVersion: row.text_version,
          textShown: row.text_shown,
          dependency: row.dependency,
          sharesIdentity: row.shares_identity,
          recordedAt: new Date(row.recorded_at),
          recordedByName: row.recorded_by_name,
          expiresAt: row.expires_at ? new Date(row.expires_at) : null,
          withdrawnAt: row.withdrawn_at ? new Date(row.withdrawn_at) : null,
          holds: !row.withdrawn_at && (!row.expires_at || new Date(row.expires_at) > now),
        }));
      });
    },

    /**
     * The partner's acts (accept, decline with a coded reason, start, report the outcome) and the
     * guide's withdrawal. Returns the errors per field; a refused act is a 404 or 403, as the policy says.
     */
    async act(
      trace: Trace,
      actor: UserActor,
      id: string,
      act: 'accept' | 'decline' | 'start' | 'complete' | 'withdraw',
      form: { reden?: string; uitkomst?: string; toelichting?: string },
    ): Promise<FieldError[]> {
      if (!isUuid(id)) throw notFound();
      const note = form.toelichting?.trim() ?? '';
      const errors: FieldError[] = [];
      if (note.length > NOTE_MAX) errors.push({ field: 'toelichting', key: 'form.error.tooLong', params: { max: NOTE_MAX } });
      const reason = act === 'decline' ? DECLINE_REASONS.find((code) => code === form.reden) : undefined;
      const outcome = act === 'complete' ? REFERRAL_OUTCOMES.find((code) => code === form.uitkomst) : undefined;
      if (act === 'decline' && !reason) errors.push({ field: 'reden', key: 'referrals.error.reason' });
      if (act === 'complete' && !outcome) errors.push({ field: 'uitkomst', key: 'referrals.error.outcome' });
      if ((reason === 'anders' || outcome === 'anders') && !note) errors.push({ field: 'toelichting', key: 'referrals.error.otherNeedsText' });
      if (errors.length > 0) return errors;
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const row = await findReferral(tx, id, { forUpdate: true });
        if (!row || !referralPolicy.can(actor, 'view', recordOf(row))) throw notFound();
        if (!referralPolicy.can(actor, act, recordOf(row))) return [{ field: 'form', key: 'referrals.error.notNow' }];
        const now = clock();
        const status: ReferralStatus = { accept: 'geaccepteerd', decline: 'afgewezen', start: 'in-behandeling', complete: 'afgerond', withdraw: 'ingetrokken' }[act] as ReferralStatus;
        await updateReferralStatus(tx, row.id, {
          status,
          ...(act === 'accept' ? { accepted_at: now } : {}),
          ...(act === 'decline' || act === 'complete' || act === 'withdraw' ? { closed_at: now } : {}),
          ...(reason ? { decline_reason: reason } : {}),
          ...(outcome ? { outcome } : {}),
          ...(note && (act === 'decline' || act === 'complete') ? { status_note: note } : {}),
        });
        if (act === 'withdraw' && note) await insertReferralMessage(tx, row.id, row.region_code, note);
        await sendNotice(tx, row.id, act === 'withdraw' ? 'ingetrokken' : 'status');
        return [];
      });
    },

    /** How the actor hears about referrals: an e-mail per notice, or a daily digest. */
    async noticeFrequency(trace: Trace, actor: UserActor): Promise<NoticeFrequency> {
      return withActor(db, { actor, trace, activity: 'mail-delivery' }, (tx) => ownNoticeFrequency(tx, actor.userId));
    },

    async setNoticeFrequency(trace: Trace, actor: UserActor, value: string): Promise<FieldError[]> {
      if (value !== 'direct' && value !== 'dagelijks') return [{ field: 'meldingen', key: 'form.error.invalidChoice' }];
      await withActor(db, { actor, trace, activity: 'mail-delivery' }, (tx) => setOwnNoticeFrequency(tx, actor.userId, value));
      return [];
    },

    /** The guides of the actor's region a coordinator can assign referrals to. */
    async assignableGuides(trace: Trace, actor: UserActor): Promise<{ id: string; name: string }[]> {
      if (!referralPolicy.can(actor, 'assign') || !actor.membership) return [];
      const regionCode = actor.membership.regionCode;
      return withActor(db, { actor, trace, activity: 'account-management' }, (tx) => regionGuides(tx, regionCode));
    },

    /** The coordinator gives the referral to another guide of the region; the timeline says so. */
    async assign(trace: Trace, actor: UserActor, id: string, guideUserId: string): Promise<FieldError[]> {
      if (!isUuid(id)) throw notFound();
      if (!isUuid(guideUserId)) return [{ field: 'gids', key: 'form.error.invalidChoice' }];
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const row = await findReferral(tx, id, { forUpdate: true });
        if (!row || !referralPolicy.can(actor, 'view', recordOf(row))) throw notFound();
        referralPolicy.authorize(actor, 'assign', recordOf(row));
        const guides = await regionGuides(tx, row.region_code);
        const chosen = guides.find((guide) => guide.id === guideUserId);
        if (!chosen) return [{ field: 'gids', key: 'form.error.invalidChoice' }];
        if (row.guide_user_id === chosen.id) return [];
        await assignReferral(tx, { id: row.id, regionCode: row.region_code }, chosen);
        return [];
      });
    },

    /** A message on the referral's timeline, between the guide's side and the partner; the other side is notified. */
    async message(trace: Trace, actor: UserActor, id: string, text: string): Promise<FieldError[]> {
      if (!isUuid(id)) throw notFound();
      const message = text.trim();
      if (!message) return [{ field: 'bericht', key: 'referrals.error.message' }];
      if (message.length > QUESTION_MAX) return [{ field: 'bericht', key: 'form.error.tooLong', params: { max: QUESTION_MAX } }];
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const row = await findReferral(tx, id);
        if (!row || !referralPolicy.can(actor, 'message', recordOf(row))) throw notFound();
        await insertReferralMessage(tx, row.id, row.region_code, message);
        await sendNotice(tx, row.id, isPartner(actor) ? 'bericht-aan-gids' : 'bericht-aan-partner');
        return [];
      });
    },

    /**
     * Withdraws a consent (the guide, on the person's word): the referrals under it that still run
     * become `ingetrokken` and their partners are told; from the next query on, row-level security
     * hides every referral under it from the partner.
     */
    async withdrawConsent(trace: Trace, actor: UserActor, consentId: string): Promise<'withdrawn' | 'already'> {
      guideRegion(actor);
      if (!isUuid(consentId)) throw notFound();
      return withActor(db, { actor, trace, activity: ACTIVITY }, async (tx) => {
        const open = await openReferralsOfConsent(tx, consentId, OPEN_STATUSES);
        const withdrawn = await withdrawConsent(tx, consentId, actor.userId);
        if (!withdrawn) return 'already';
        const now = clock();
        for (const referral of open) {
          await updateReferralStatus(tx, referral.id, { status: 'ingetrokken', closed_at: now });
          await sendNotice(tx, referral.id, 'ingetrokken');
        }
        await touchClient(tx, withdrawn.client_id);
        return 'withdrawn';
      });
    },
  };
}

export type ReferralService = ReturnType<typeof createReferralService>;
export type ConsentView = Awaited<ReturnType<ReferralService['consents']>>[number];
