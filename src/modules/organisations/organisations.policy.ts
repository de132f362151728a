import { coordinates, definePolicy, isPlatformAdmin, workingAs } from '../../platform/auth/policy.ts';
import type { Actor } from '../../platform/db/tenancy.ts';
import type { Role } from '../../platform/db/schema.ts';

// Organisations, accounts and the roles people hold (memberships). A platform administrator manages
// all; a coordinator the organisations active in their region and the people working there, and
// grants roles only in that region. The same rules are in the database: migrations 0001 and 0002
// (scope), T0012 (no self-grants, oversight roles) and T0017 (oversight accounts).

/**
 * Roles that watch over others: the privacy officer reads the audit and processing logs of an
 * organisation, the platform administrator everything. Only a platform administrator grants or
 * removes them, and changes the accounts that hold them, so nobody escapes the oversight of their
 * own work.
 */
const OVERSIGHT_ROLES: readonly Role[] = ['privacy_officer', 'platformbeheerder'];

const managesSomeRegion = (actor: Actor) => isPlatformAdmin(actor) || coordinates(actor);

export interface OrganisationRecord {
  kind: string;
  regionCodes: readonly string[];
}

export const organisationPolicy = definePolicy<OrganisationRecord, 'list' | 'create' | 'edit'>('organisation', {
  list: managesSomeRegion,
  create: managesSomeRegion,
  // The platform's own organisation is for platform administrators only.
  edit: (actor, org) =>
    isPlatformAdmin(actor) || (coordinates(actor) && (!org || (org.kind !== 'platform' && org.regionCodes.includes(workingAs(actor)!.regionCode)))),
});

export interface AccountRecord {
  /** The regions the person works in. */
  regionCodes: readonly string[];
  /** The person holds a privacy officer or platform administrator role somewhere. */
  holdsOversightRole: boolean;
}

export const accountPolicy = definePolicy<AccountRecord, 'list' | 'create' | 'edit'>('account', {
  list: managesSomeRegion,
  create: managesSomeRegion,
  // A coordinator never changes the account of someone who oversees them (no escalation, no escape).
  edit: (actor, account) =>
    isPlatformAdmin(actor) ||
    (coordinates(actor) && (!account || (!account.holdsOversightRole && account.regionCodes.includes(workingAs(actor)!.regionCode)))),
});

export interface MembershipRecord {
  /** The membership's id; none for one to be granted. */
  id?: string;
  userId: string;
  regionCode: string;
  role: Role;
}

/** A role in the region the actor manages that they may hand out or take back: never an oversight role, for a coordinator. */
const managesRole = (actor: Actor, membership?: MembershipRecord): boolean =>
  isPlatformAdmin(actor) ||
  (coordinates(actor) && (!membership || (coordinates(actor, membership.regionCode) && !OVERSIGHT_ROLES.includes(membership.role))));

export const membershipPolicy = definePolicy<MembershipRecord, 'grant' | 'remove'>('membership', {
  // Nobody grants a role to themselves, a platform administrator neither: another one does.
  grant: (actor, membership) => managesRole(actor, membership) && !(membership && actor.kind === 'user' && actor.userId === membership.userId),
  // Nobody removes the role they are working in now: that would lock them out mid-task.
  remove: (actor, membership) => managesRole(actor, membership) && !(membership && workingAs(actor)?.id === membership.id),
});
