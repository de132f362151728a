import type { ActiveMembership, Actor } from '../db/tenancy.ts';
import type { Role } from '../db/schema.ts';

// Declarative policies: who may do what, checked in the services. The database enforces the same
// boundaries again with row-level security, so a mistake here cannot leak another tenant's rows.

export interface RegionTarget {
  regionCode: string;
}

type Rule = (membership: ActiveMembership, target?: RegionTarget) => boolean;

const roles =
  (...allowed: Role[]): Rule =>
  (membership) =>
    allowed.includes(membership.role);

/** Platform administrators everywhere; a coordinator only in the own region. */
const platformOrOwnRegion: Rule = (membership, target) =>
  membership.role === 'platformbeheerder' ||
  (membership.role === 'regiocoordinator' && (!target || target.regionCode === membership.regionCode));

/**
 * Roles that watch over others: the privacy officer reads the audit and processing logs of an
 * organisation, the platform administrator everything. Only a platform administrator grants them.
 */
export const OVERSIGHT_ROLES: readonly Role[] = ['privacy_officer', 'platformbeheerder'];

const policies = {
  'manage-regions': roles('platformbeheerder'),
  'manage-organisations': platformOrOwnRegion,
  'manage-users': platformOrOwnRegion,
  /** Granting an oversight role (`OVERSIGHT_ROLES`); the database refuses it to everyone else too (migration T0012). */
  'grant-oversight-roles': roles('platformbeheerder'),
  'read-processing-register': roles('privacy_officer', 'platformbeheerder'),
  'read-processing-log': roles('privacy_officer', 'platformbeheerder'),
  'read-audit-log': roles('privacy_officer', 'regiocoordinator', 'platformbeheerder'),
  // Questions from the public ("stel een vraag") to the guides of the active membership's region.
  'handle-contact-requests': roles('gidsfunctionaris', 'regiocoordinator'),
  /** The service directory editor; which entries is decided by the editor's scope and RLS. */
  'edit-catalogue': roles('partnermedewerker', 'regiocoordinator', 'platformbeheerder'),
  // The region's wegwijzer (need finder tree): its coordinator, or a platform administrator for any region.
  'manage-need-finder': platformOrOwnRegion,
} satisfies Record<string, Rule>;

export type Action = keyof typeof policies;

export function can(actor: Actor, action: Action, target?: RegionTarget): boolean {
  if (actor.kind !== 'user' || !actor.membership) return false;
  return policies[action](actor.membership, target);
}
