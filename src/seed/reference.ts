import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { upsertReferenceData } from './seed.repository.ts';
import type { DB, TaxonomyTermsTable } from '../platform/db/schema.ts';
import { accessRoutes, audiences, deliveryModes, themes, type Term } from '../modules/catalogue/taxonomy.ts';

// The 35 labour-market regions (2025) and 342 municipalities (1-1-2025), with the centrumgemeente
// as known (only Zeeland → Goes verified) and label points for each municipality; the 4,073 PC4
// postcode areas with a point and their municipality; and the support-need taxonomy.
// Sources and licences: src/seed/data/SOURCES.md (CBS/PDOK via cartomap/nl; derived membership;
// PC4 points by Peter Arends, MIT, from BAG address data).

interface RegionSource {
  code: string;
  name: string;
  centrumgemeente: { code: string; name: string; verified: boolean };
  gemeenten: { code: string; name: string }[];
}

interface CentroidSource {
  code: string;
  name: string;
  am: string;
  lat_label: number;
  lon_label: number;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(new URL(`./data/${file}`, import.meta.url), 'utf8')) as T;

export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Inserts what is missing and changes nothing that exists: edits by administrators survive restarts. */
export async function seedReferenceData(db: Kysely<DB>): Promise<{ regions: number; municipalities: number }> {
  const regions = readJson<RegionSource[]>('arbeidsmarktregios.json');
  const centroids = new Map(readJson<CentroidSource[]>('gemeenten_2025_centroids.json').map((c) => [c.code, c]));
  const municipalities = regions.flatMap((region) =>
    region.gemeenten.map((m) => {
      const centroid = centroids.get(m.code);
      if (!centroid) throw new Error(`No label point for municipality ${m.code} ${m.name}`);
      return { code: m.code, name: m.name, region_code: region.code, label_lat: centroid.lat_label, label_lon: centroid.lon_label };
    }),
  );
  await upsertReferenceData(db, {
    regions: regions.map((region) => ({
      code: region.code,
      name: region.name,
      slug: slugify(region.name),
      centrumgemeente_code: region.centrumgemeente.code,
      centrumgemeente_verified: region.centrumgemeente.verified,
    })),
    municipalities,
    // PC4 postcode areas (source and method: SOURCES.md section 6).
    postcodeAreas: readJson<[string, string, number, number][]>('postcode_areas_pc4.json').map(([pc4, municipality_code, lat, lon]) => ({ pc4, municipality_code, lat, lon })),
    // The taxonomy is code: its labels follow the release, so existing terms are updated.
    taxonomy: taxonomyTerms(),
  });
  return { regions: regions.length, municipalities: regions.reduce((sum, r) => sum + r.gemeenten.length, 0) };
}

function taxonomyTerms(): TaxonomyTermsTable[] {
  const row = (term: Term, vocabulary: TaxonomyTermsTable['vocabulary'], position: number, parent: string | null = null): TaxonomyTermsTable => ({
    code: term.code,
    vocabulary,
    parent_code: parent,
    label_nl: term.nl,
    label_en: term.en,
    explain_nl: term.explainNl ?? null,
    explain_en: term.explainEn ?? null,
    position,
  });
  return [
    ...themes.map((theme, i) => row(theme, 'thema', i)),
    ...themes.flatMap((theme) => theme.children.map((child, i) => row(child, 'subthema', i, theme.code))),
    ...audiences.map((term, i) => row(term, 'doelgroep', i)),
    ...deliveryModes.map((term, i) => row(term, 'kanaal', i)),
    ...accessRoutes.map((term, i) => row(term, 'toegang', i)),
  ];
}
