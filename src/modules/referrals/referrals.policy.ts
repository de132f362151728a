import { coordinates, definePolicy, hasRole, workingAs } from '../../platform/auth/policy.ts';
import type { Actor } from '../../platform/db/tenancy.ts';
import type { ContactRequestStatus, ReferralStatus } from '../../platform/db/schema.ts';

// Who may do what in the warm handover. Row-level security (migration …T0018) enforces the same:
// guides and the coordinator of the region keep client records, record consent and send and
// withdraw referrals; the partner employees of the receiving organisation, in that region, receive,
// accept, decline, start and report, only while the consent holds. Owner rules as in FHIR Task:
// only the partner moves the work forward, only the guide takes it back.

const guides = (actor: Actor, regionCode?: string): boolean =>
  hasRole(actor, 'gidsfunctionaris', 'regiocoordinator') && (regionCode === undefined || workingAs(actor)?.regionCode === regionCode);

const receives = (actor: Actor, referral?: ReferralRecord): boolean => {
  const membership = workingAs(actor);
  if (membership?.role !== 'partnermedewerker') return false;
  return !referral || (membership.organisationId === referral.recipientOrganisationId && membership.regionCode === referral.regionCode);
};

export interface ContactRecord {
  regionCode: string;
  status: ContactRequestStatus;
  /** Who handles it, if anyone. */
  handledBy: string | null;
  /** Whether its personal data was erased (nothing left to answer). */
  erased: boolean;
}

const mayTake = (actor: Actor, contact?: ContactRecord): boolean =>
  guides(actor, contact?.regionCode) && (!contact || (contact.status !== 'afgerond' && !contact.erased));

/**
 * A contact (a question from the website or another channel): the region's guides and coordinator.
 * A guide claims what no one handles; the coordinator (re)assigns. The trigger of …T0021 holds the same.
 */
export const contactPolicy = definePolicy<ContactRecord, 'handle' | 'register' | 'claim' | 'assign' | 'work' | 'reply' | 'close' | 'reopen'>('contact', {
  /** Without a record: may work with contacts at all; with one, read it. */
  handle: (actor, contact) => guides(actor, contact?.regionCode),
  register: (actor, contact) => guides(actor, contact?.regionCode),
  claim: (actor, contact) => mayTake(actor, contact) && (!contact || contact.handledBy === null),
  assign: (actor, contact) => hasRole(actor, 'regiocoordinator') && mayTake(actor, contact),
  /** Notes, a follow-up date, a contact made: open contacts. */
  work: mayTake,
  reply: mayTake,
  close: mayTake,
  reopen: (actor, contact) => guides(actor, contact?.regionCode) && (!contact || (contact.status === 'afgerond' && !contact.erased)),
});

/** A client record (tijdelijke vastlegging): its region. */
export const clientPolicy = definePolicy<{ regionCode: string }, 'register' | 'view' | 'edit' | 'setRetention'>('client', {
  register: (actor, client) => guides(actor, client?.regionCode),
  view: (actor, client) => guides(actor, client?.regionCode),
  edit: (actor, client) => guides(actor, client?.regionCode),
  /** How long the region keeps records after their last activity: its coordinator, within the register's maximum. */
  setRetention: (actor, client) => coordinates(actor, client?.regionCode),
});

export interface ReferralRecord {
  regionCode: string;
  recipientOrganisationId: string;
  status: ReferralStatus;
}

/** Where a partner may take a referral from each status; the database trigger holds the same list. */
export const PARTNER_MOVES: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  verzonden: ['ontvangen', 'geaccepteerd', 'afgewezen'],
  ontvangen: ['geaccepteerd', 'afgewezen'],
  geaccepteerd: ['in-behandeling', 'afgerond'],
  'in-behandeling': ['afgerond'],
  afgewezen: [],
  afgerond: [],
  ingetrokken: [],
  verlopen: [],
};

/** Statuses in which the referral still runs: the guide may withdraw or re-route it. */
export const OPEN_STATUSES: readonly ReferralStatus[] = ['verzonden', 'ontvangen', 'geaccepteerd', 'in-behandeling'];

const REROUTABLE: readonly ReferralStatus[] = [...OPEN_STATUSES, 'afgewezen', 'verlopen'];

const partnerMay = (target: ReferralStatus) => (actor: Actor, referral?: ReferralRecord) =>
  receives(actor, referral) && (!referral || PARTNER_MOVES[referral.status].includes(target));

export const referralPolicy = definePolicy<
  ReferralRecord,
  'send' | 'view' | 'accept' | 'decline' | 'start' | 'complete' | 'message' | 'withdraw' | 'reroute' | 'assign'
>('referral', {
  /** Without a record: may send referrals at all; with one, in the referral's region. */
  send: (actor, referral) => guides(actor, referral?.regionCode),
  view: (actor, referral) => guides(actor, referral?.regionCode) || receives(actor, referral),
  accept: partnerMay('geaccepteerd'),
  decline: partnerMay('afgewezen'),
  start: partnerMay('in-behandeling'),
  complete: partnerMay('afgerond'),
  message: (actor, referral) => guides(actor, referral?.regionCode) || receives(actor, referral),
  withdraw: (actor, referral) => guides(actor, referral?.regionCode) && (!referral || OPEN_STATUSES.includes(referral.status)),
  /** A new referral in its place: while it runs, or after the partner declined or it expired. */
  reroute: (actor, referral) => guides(actor, referral?.regionCode) && (!referral || REROUTABLE.includes(referral.status)),
  /** Who handles it on the guides' side: the region's coordinator (re)assigns. */
  assign: (actor, referral) => hasRole(actor, 'regiocoordinator') && (!referral || workingAs(actor)?.regionCode === referral.regionCode),
});

/** A person's request (access, export, erasure): the privacy officer of the organisation that made the record. */
export const subjectRequestPolicy = definePolicy<{ organisationId: string }, 'search' | 'erase'>('subject request', {
  search: (actor, record) => hasRole(actor, 'privacy_officer') && (!record || workingAs(actor)?.organisationId === record.organisationId),
  erase: (actor, record) => hasRole(actor, 'privacy_officer') && (!record || workingAs(actor)?.organisationId === record.organisationId),
});

/** The partner inbox: partner employees. */
export const inboxPolicy = definePolicy<never, 'open'>('referral-inbox', {
  open: (actor) => receives(actor),
});
