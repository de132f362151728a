import { readdirSync, readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { hasServices, municipalityRegions, seedOnce } from './seed.repository.ts';
import type { DB } from '../platform/db/schema.ts';
import type { CatalogueContent } from '../modules/catalogue/catalogue.content.ts';
import { validateCatalogueContent } from '../modules/catalogue/catalogue.validate.ts';
import { loadCatalogueContent } from '../modules/catalogue/catalogue.repository.ts';

// The demo catalogue (src/seed/data/catalogue): Groot Amsterdam, Twente and Zuid-Limburg, plus
// national services and the sector pathways. Loaded once, on a first start outside production, through
// the same store as imports and the editor. National organisations are made active in the demo regions.

export const DEMO_REGIONS = ['AM18', 'AM05', 'AM30'] as const;

const folder = new URL('./data/catalogue/', import.meta.url);

export function readDemoCatalogue(): { file: string; content: CatalogueContent }[] {
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, content: JSON.parse(readFileSync(new URL(file, folder), 'utf8')) as CatalogueContent }));
}

/** Seeds the demo catalogue into a platform without services; returns how many services it loaded. */
export async function seedDemoCatalogue(db: Kysely<DB>): Promise<number> {
  const count = await seedOnce(db, 'werkcentrum:seed-catalogue', null, hasServices, async (tx) => {
    const municipalities = await municipalityRegions(tx);
    // National first: regional pathways and services may refer to national organisations by name.
    const files = readDemoCatalogue().sort((a, b) => Number(a.content.region !== null) - Number(b.content.region !== null));
    const clash = duplicateKeys(files.map(({ content }) => content));
    if (clash.length > 0) throw new Error(`demo catalogue keys are used in more than one file: ${clash.join(', ')}`);
    let loaded = 0;
    for (const { file, content } of files) {
      const problems = validateCatalogueContent(content, { municipalities });
      if (problems.length > 0) throw new Error(`demo catalogue ${file} is invalid: ${problems.slice(0, 5).join('; ')}`);
      const result = await loadCatalogueContent(tx, content, DEMO_REGIONS);
      loaded += result.services.length;
    }
    return loaded;
  });
  return count ?? 0;
}

/** Keys of services, locations and pathways used more than once across files (keys are global). */
export function duplicateKeys(contents: readonly CatalogueContent[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const content of contents) {
    for (const [kind, entries] of [['service', content.services], ['location', content.locations], ['pathway', content.pathways]] as const) {
      for (const { key } of entries) {
        if (seen.has(`${kind}:${key}`)) duplicates.add(`${kind} ${key}`);
        seen.add(`${kind}:${key}`);
      }
    }
  }
  return [...duplicates];
}
