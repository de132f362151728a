import { Type } from '@sinclair/typebox';
import type { Municipality, Region, RegionDetail } from './regions.service.ts';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../platform/db/schema.ts';

// API schemas: response schemas are allow-lists, so only declared fields leave the server.

const MunicipalitySchema = Type.Object(
  {
    code: Type.String({ pattern: '^GM[0-9]{4}$', description: 'CBS municipality code', examples: ['GM0363'] }),
    name: Type.String({ description: 'Official name of the municipality', examples: ['Amsterdam'] }),
    labelPoint: Type.Object(
      {
        lat: Type.Number({ minimum: -90, maximum: 90, description: 'Latitude (WGS84)' }),
        lon: Type.Number({ minimum: -180, maximum: 180, description: 'Longitude (WGS84)' }),
      },
      { description: 'A point inside the municipality (WGS84), for labels and distance sorting' },
    ),
  },
  { $id: 'Municipality', title: 'Municipality', description: 'A municipality (gemeente)' },
);

const regionProperties = {
  code: Type.String({ pattern: '^AM[0-9]{2}$', description: 'CBS labour-market region code', examples: ['AM18'] }),
  name: Type.String({ description: 'Name of the labour-market region', examples: ['Groot Amsterdam'] }),
  slug: Type.String({ pattern: '^[a-z0-9-]+$', description: 'Path of the regional page: /{slug}', examples: ['groot-amsterdam'] }),
  centrumgemeente: Type.Union(
    [
      Type.Object({
        code: Type.String({ pattern: '^GM[0-9]{4}$', description: 'CBS municipality code' }),
        name: Type.String({ description: 'Name of the municipality' }),
        verified: Type.Boolean({ description: 'False while not confirmed from an authoritative source' }),
      }),
      Type.Null(),
    ],
    { description: 'The municipality that coordinates the region, or null while unknown' },
  ),
  municipalityCount: Type.Integer({ minimum: 0, description: 'Number of municipalities in the region' }),
  municipalities: Type.Array(Type.Ref('Municipality'), { description: 'The municipalities of the region, sorted by name' }),
};

export const RegionSchema = Type.Object(regionProperties, { $id: 'Region', title: 'Region', description: 'A labour-market region (arbeidsmarktregio)' });

export const RegionListSchema = Type.Object(
  { regions: Type.Array(Type.Ref('Region'), { description: 'The regions, sorted by name' }) },
  { $id: 'RegionList', title: 'RegionList', description: 'All 35 labour-market regions with their municipalities' },
);

// Kinds as the database allows them; the platform team's own organisation is never a partner.
const partnerKinds = ORGANISATION_KINDS.filter((kind) => kind !== 'platform');

export const RegionDetailSchema = Type.Object(
  {
    ...regionProperties,
    partners: Type.Array(
      Type.Object({
        id: Type.String({ format: 'uuid', description: 'Id of the organisation' }),
        name: Type.String({ description: 'Name of the organisation' }),
        kind: Type.Unsafe<OrganisationKind>({ type: 'string', enum: partnerKinds, description: 'Kind of organisation' }),
        suwiParty: Type.Boolean({ description: 'True for parties in the SUWI chain (municipality, UWV)' }),
      }),
      { description: 'Organisations active in the region (partners in the Werkcentrum), sorted by name' },
    ),
  },
  { $id: 'RegionDetail', title: 'RegionDetail', description: 'A labour-market region with its municipalities and partner organisations' },
);

export const regionSchemas = [MunicipalitySchema, RegionSchema, RegionListSchema, RegionDetailSchema];

export function toMunicipalityJson(m: Municipality) {
  return { code: m.code, name: m.name, labelPoint: { lat: m.labelLat, lon: m.labelLon } };
}

export function toRegionJson(region: Region) {
  return {
    code: region.code,
    name: region.name,
    slug: region.slug,
    centrumgemeente: region.centrumgemeente,
    municipalityCount: region.municipalityCount,
  };
}

export function toRegionDetailJson(region: RegionDetail) {
  return {
    ...toRegionJson(region),
    municipalities: region.municipalities.map(toMunicipalityJson),
    partners: region.partners,
  };
}
