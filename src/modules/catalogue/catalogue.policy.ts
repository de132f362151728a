import { coordinates, definePolicy, hasRole, isPlatformAdmin, workingAs } from '../../platform/auth/policy.ts';
import type { Actor } from '../../platform/db/tenancy.ts';
import type { CatalogueStatus } from '../../platform/db/schema.ts';

// Who maintains which catalogue entry: the same rule as the database's `app_edits_catalogue`
// (migration 0004). A partner edits their organisation's entries in the region they work in (and
// its national services); the region's coordinator every entry of the region; a platform
// administrator everything. Everyone reads what is published.

export interface CatalogueEntry {
  organisationId: string;
  /** The region that moderates the entry; null for a national service. */
  regionCode: string | null;
  status?: CatalogueStatus;
}

const maintains = (actor: Actor, entry?: CatalogueEntry): boolean => {
  if (isPlatformAdmin(actor)) return true;
  if (!entry) return hasRole(actor, 'regiocoordinator', 'partnermedewerker');
  if (entry.regionCode !== null && coordinates(actor, entry.regionCode)) return true;
  const membership = workingAs(actor);
  return (
    membership?.role === 'partnermedewerker' &&
    membership.organisationId === entry.organisationId &&
    (entry.regionCode === null || entry.regionCode === membership.regionCode)
  );
};

export const servicePolicy = definePolicy<CatalogueEntry, 'list' | 'create' | 'edit' | 'delete'>('service', {
  list: (actor) => maintains(actor),
  create: maintains,
  edit: maintains,
  // Published services are archived, not deleted: links keep working and the history stays.
  delete: (actor, service) => maintains(actor, service) && (!service || service.status === 'concept'),
});

export const locationPolicy = definePolicy<CatalogueEntry, 'list' | 'create' | 'edit'>('location', {
  list: (actor) => maintains(actor),
  create: maintains,
  edit: maintains,
});

export interface ReviewEntry {
  regionCode: string;
}

// Who decides partners' publications in a region with approval first (migration T0028), and who
// makes that choice: the region's coordinator, or a platform administrator. The same rule as the
// database's policies on service_review_requests and region_catalogue_settings.
export const reviewPolicy = definePolicy<ReviewEntry, 'list' | 'decide' | 'configure'>('publication review', {
  list: (actor) => isPlatformAdmin(actor) || coordinates(actor),
  decide: (actor, entry) => isPlatformAdmin(actor) || coordinates(actor, entry?.regionCode),
  configure: (actor, entry) => isPlatformAdmin(actor) || coordinates(actor, entry?.regionCode),
});

// Who tunes a region's search (migration T0029): reads its questions without a good result and
// changes its thesaurus. The same rule as the database's policies on search_gaps and search_thesaurus.
export const searchTuningPolicy = definePolicy<ReviewEntry, 'list' | 'edit'>('search tuning', {
  list: (actor) => isPlatformAdmin(actor) || coordinates(actor),
  edit: (actor, entry) => isPlatformAdmin(actor) || coordinates(actor, entry?.regionCode),
});
