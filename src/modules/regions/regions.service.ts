import type { Database } from '../../platform/db/pool.ts';
import { anonymous, audit, withActor, type Actor } from '../../platform/db/tenancy.ts';
import type { Trace } from '../../platform/http/trace.ts';
import { compareNames } from '../../platform/i18n/index.ts';
import { invalid, notFound } from '../../platform/http/errors.ts';
import { regionPolicy } from './regions.policy.ts';
import { createRegionsRepository, type RegionRow } from './regions.repository.ts';
import { matchMunicipality, suggestMunicipalities } from './municipality-names.ts';

// The 35 labour-market regions (arbeidsmarktregio's) and their municipalities: public reference
// data. Only a platform administrator may change a region's centrumgemeente.

export interface Municipality {
  code: string;
  name: string;
  labelLat: number;
  labelLon: number;
}

export interface Region {
  code: string;
  name: string;
  slug: string;
  centrumgemeente: { code: string; name: string; verified: boolean } | null;
  municipalityCount: number;
}

export interface RegionDetail extends Region {
  municipalities: Municipality[];
  partners: { id: string; name: string; kind: string; suwiParty: boolean }[];
}

const toRegion = (row: RegionRow): Region => ({
  code: row.code,
  name: row.name,
  slug: row.slug,
  centrumgemeente: row.centrumgemeente_code
    ? { code: row.centrumgemeente_code, name: row.centrumgemeente_name ?? '', verified: row.centrumgemeente_verified }
    : null,
  municipalityCount: row.municipality_count,
});

export function createRegionsService(db: Database) {
  const repository = createRegionsRepository();
  const read = <T>(trace: Trace, work: Parameters<typeof withActor<T>>[2]) => withActor(db, { actor: anonymous, trace }, work);

  async function allMunicipalities(trace: Trace): Promise<(Municipality & { regionCode: string })[]> {
    const rows = await read(trace, (tx) => repository.municipalities(tx));
    return rows
      .map((row) => ({ code: row.code, name: row.name, regionCode: row.region_code, labelLat: row.label_lat, labelLon: row.label_lon }))
      .sort((a, b) => compareNames()(a.name, b.name));
  }

  return {
    async list(trace: Trace): Promise<Region[]> {
      const rows = await read(trace, (tx) => repository.list(tx));
      return rows.map(toRegion).sort((a, b) => compareNames()(a.name, b.name));
    },

    async listWithMunicipalities(trace: Trace): Promise<(Region & { municipalities: Municipality[] })[]> {
      const [regions, municipalities] = await Promise.all([this.list(trace), allMunicipalities(trace)]);
      return regions.map((region) => ({
        ...region,
        municipalities: municipalities
          .filter((m) => m.regionCode === region.code)
          .map(({ regionCode: _regionCode, ...municipality }) => municipality),
      }));
    },

    /** A region by code (AM18) or slug (groot-amsterdam), with municipalities and partner organisations. */
    async get(trace: Trace, codeOrSlug: string): Promise<RegionDetail> {
      return read(trace, async (tx) => {
        const row = await repository.find(tx, codeOrSlug);
        if (!row) throw notFound(`There is no region ${codeOrSlug}.`);
        const [municipalities, partners] = await Promise.all([
          repository.municipalitiesOf(tx, row.code),
          repository.partnersOf(tx, row.code),
        ]);
        const compare = compareNames();
        return {
          ...toRegion(row),
          municipalities: municipalities
            .map((m) => ({ code: m.code, name: m.name, labelLat: m.label_lat, labelLon: m.label_lon }))
            .sort((a, b) => compare(a.name, b.name)),
          partners: partners
            .map((p) => ({ id: p.id, name: p.name, kind: p.kind, suwiParty: p.suwi_party }))
            .sort((a, b) => compare(a.name, b.name)),
        };
      });
    },

    allMunicipalities,

    /** Finds the municipality a person typed; on no exact match, up to five suggestions. */
    async chooseMunicipality(
      trace: Trace,
      input: string,
    ): Promise<{ region: Region; municipality: Municipality } | { suggestions: string[] }> {
      const municipalities = await allMunicipalities(trace);
      const match = matchMunicipality(municipalities, input);
      if (match) {
        const regions = await this.list(trace);
        const { regionCode, ...municipality } = match;
        return { region: regions.find((r) => r.code === regionCode)!, municipality };
      }
      return { suggestions: suggestMunicipalities(municipalities, input).map((m) => m.name) };
    },

    async setCentrumgemeente(
      trace: Trace,
      actor: Actor,
      regionCode: string,
      municipalityCode: string,
      verified: boolean,
    ): Promise<void> {
      regionPolicy.authorize(actor, 'manage', { code: regionCode });
      await withActor(db, { actor, trace }, async (tx) => {
        const municipalities = await repository.municipalitiesOf(tx, regionCode);
        if (municipalities.length === 0) throw notFound(`There is no region ${regionCode}.`);
        if (!municipalities.some((m) => m.code === municipalityCode)) {
          throw invalid([{ field: 'centrumgemeente', key: 'form.error.invalidChoice' }]);
        }
        await repository.setCentrumgemeente(tx, regionCode, municipalityCode, verified);
        await audit(tx, 'region.centrumgemeente', { type: 'region', id: regionCode }, 'success', { municipalityCode, verified });
      });
    },
  };
}

export type RegionsService = ReturnType<typeof createRegionsService>;
