import { coordinates, definePolicy, isPlatformAdmin } from '../../platform/auth/policy.ts';

// Who imports a catalogue file in the web interface: a region's coordinator for their region, a
// platform administrator for any region. The same rule as the database's policies on
// catalogue_imports (migration T0025).

export interface ImportEntry {
  regionCode: string;
}

export const catalogueImportPolicy = definePolicy<ImportEntry, 'list' | 'upload' | 'read' | 'apply'>('catalogue import', {
  list: (actor) => isPlatformAdmin(actor) || coordinates(actor),
  upload: (actor, entry) => isPlatformAdmin(actor) || coordinates(actor, entry?.regionCode),
  read: (actor, entry) => isPlatformAdmin(actor) || coordinates(actor, entry?.regionCode),
  apply: (actor, entry) => isPlatformAdmin(actor) || coordinates(actor, entry?.regionCode),
});
