import { coordinates, definePolicy, isPlatformAdmin, workingAs } from '../../platform/auth/policy.ts';

// Organisations and accounts: a platform administrator manages all; a coordinator the
// organisations active in their region and the people working there (migrations 0001 and 0002).

export interface OrganisationRecord {
  kind: string;
  regionCodes: readonly string[];
}

export const organisationPolicy = definePolicy<OrganisationRecord, 'list' | 'create' | 'edit'>('organisation', {
  list: (actor) => isPlatformAdmin(actor) || coordinates(actor),
  create: (actor) => isPlatformAdmin(actor) || coordinates(actor),
  // The platform's own organisation is for platform administrators only.
  edit: (actor, org) =>
    isPlatformAdmin(actor) || (coordinates(actor) && (!org || (org.kind !== 'platform' && org.regionCodes.includes(workingAs(actor)!.regionCode)))),
});

export interface AccountRecord {
  /** The regions the person works in. */
  regionCodes: readonly string[];
  holdsPlatformRole: boolean;
}

export const accountPolicy = definePolicy<AccountRecord, 'list' | 'create' | 'edit'>('account', {
  list: (actor) => isPlatformAdmin(actor) || coordinates(actor),
  create: (actor) => isPlatformAdmin(actor) || coordinates(actor),
  // A coordinator never changes a platform administrator: no escalation by editing their access.
  edit: (actor, account) =>
    isPlatformAdmin(actor) ||
    (coordinates(actor) && (!account || (!account.holdsPlatformRole && account.regionCodes.includes(workingAs(actor)!.regionCode)))),
});
