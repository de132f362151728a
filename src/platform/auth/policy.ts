import type { ActiveMembership, Actor } from '../db/tenancy.ts';
import type { Role } from '../db/schema.ts';
import { forbidden } from '../http/errors.ts';

// Declarative policies, one per resource (after Outline's server/policies): who may do which act to
// which record. Services ask them before they act (a clear 403/404 before the database refuses),
// views receive the answers as abilities instead of checking roles, and menu items name the action
// that shows them. Row-level security enforces the same rules again in the database; a test per
// resource holds each policy against it for every role.
//
// A rule gets the record when there is one; without a record it answers whether the actor may do
// the act to some record of the kind (the menu, a "new" button, a list page).

export type Rule<R> = (actor: Actor, record?: R) => boolean;

export interface Policy<R, A extends string> {
  readonly resource: string;
  readonly actions: readonly A[];
  can(actor: Actor, action: A, record?: R): boolean;
  /** Every act's answer for one record (or for the kind): what a view receives instead of the actor's role. */
  abilities(actor: Actor, record?: R): Readonly<Record<A, boolean>>;
  /** Throws 403 when the actor may not. */
  authorize(actor: Actor, action: A, record?: R): void;
}

export function definePolicy<R, A extends string>(resource: string, rules: Readonly<Record<A, Rule<R>>>): Policy<R, A> {
  const actions = Object.keys(rules) as A[];
  const can = (actor: Actor, action: A, record?: R) => rules[action](actor, record);
  return {
    resource,
    actions,
    can,
    abilities: (actor, record) => Object.fromEntries(actions.map((action) => [action, can(actor, action, record)])) as Record<A, boolean>,
    authorize(actor, action, record) {
      if (!can(actor, action, record)) throw forbidden(`You may not ${action} this ${resource}.`);
    },
  };
}

// Building blocks for rules --------------------------------------------------------------------------

/** The membership a professional works in now; null for everyone else. */
export const workingAs = (actor: Actor): ActiveMembership | null => (actor.kind === 'user' ? actor.membership : null);

export const hasRole = (actor: Actor, ...roles: Role[]): boolean => {
  const membership = workingAs(actor);
  return membership !== null && roles.includes(membership.role);
};

export const isPlatformAdmin = (actor: Actor): boolean => hasRole(actor, 'platformbeheerder');

/** The coordinator of this region (without a region: of some region). */
export const coordinates = (actor: Actor, regionCode?: string | null): boolean => {
  const membership = workingAs(actor);
  return membership?.role === 'regiocoordinator' && (regionCode === undefined || membership.regionCode === regionCode);
};

/** Works for this organisation now (without one: for some organisation). */
export const worksFor = (actor: Actor, organisationId?: string): boolean => {
  const membership = workingAs(actor);
  return membership !== null && (organisationId === undefined || membership.organisationId === organisationId);
};
