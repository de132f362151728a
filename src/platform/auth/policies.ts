import type { ActiveMembership, Actor } from '../db/tenancy.ts';
import type { Role } from '../db/schema.ts';

// The role-based checks not yet moved to a resource's policy (see policy.ts and <domain>.policy.ts).

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
  'manage-organisations': platformOrOwnRegion,
  'manage-users': platformOrOwnRegion,
  /** Granting an oversight role (`OVERSIGHT_ROLES`); the database refuses it to everyone else too (migration T0012). */
  'grant-oversight-roles': roles('platformbeheerder'),
  // Questions from the public ("stel een vraag") to the guides of the active membership's region.
  'handle-contact-requests': roles('gidsfunctionaris', 'regiocoordinator'),
  /** The service directory editor; which entries is decided by the editor's scope and RLS. */
  'edit-catalogue': roles('partnermedewerker', 'regiocoordinator', 'platformbeheerder'),
} satisfies Record<string, Rule>;

export type Action = keyof typeof policies;

export function can(actor: Actor, action: Action, target?: RegionTarget): boolean {
  if (actor.kind !== 'user' || !actor.membership) return false;
  return policies[action](actor.membership, target);
}
