import { Type, type Static } from '@sinclair/typebox';
import type { Region, RegionDetail } from './regions.service.ts';

// API schemas: response schemas are allow-lists, so only declared fields leave the server.

const MunicipalitySchema = Type.Object(
  {
    code: Type.String({ pattern: '^GM[0-9]{4}$', description: 'CBS municipality code' }),
    name: Type.String(),
    labelPoint: Type.Object(
      { lat: Type.Number(), lon: Type.Number() },
      { description: 'A point inside the municipality (WGS84), for labels and distance sorting' },
    ),
  },
  { $id: 'Municipality', title: 'Municipality' },
);

export const RegionSchema = Type.Object(
  {
    code: Type.String({ pattern: '^AM[0-9]{2}$', description: 'CBS labour-market region code' }),
    name: Type.String(),
    slug: Type.String({ description: 'Path of the regional page: /{slug}' }),
    centrumgemeente: Type.Union([
      Type.Object({
        code: Type.String(),
        name: Type.String(),
        verified: Type.Boolean({ description: 'False while not confirmed from an authoritative source' }),
      }),
      Type.Null(),
    ]),
    municipalityCount: Type.Integer({ minimum: 0 }),
    municipalities: Type.Array(Type.Ref('Municipality')),
  },
  { $id: 'Region', title: 'Region' },
);

export const RegionListSchema = Type.Object({ regions: Type.Array(Type.Ref('Region')) }, { $id: 'RegionList', title: 'RegionList' });

export const RegionDetailSchema = Type.Object(
  {
    ...RegionSchema.properties,
    partners: Type.Array(
      Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String(), kind: Type.String(), suwiParty: Type.Boolean() }),
      { description: 'Organisations active in the region (partners in the Werkcentrum)' },
    ),
  },
  { $id: 'RegionDetail', title: 'RegionDetail' },
);

export const regionSchemas = [MunicipalitySchema, RegionSchema, RegionListSchema, RegionDetailSchema];

export type RegionJson = Static<typeof RegionSchema>;

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
    municipalities: region.municipalities.map((m) => ({ code: m.code, name: m.name, labelPoint: { lat: m.labelLat, lon: m.labelLon } })),
    partners: region.partners,
  };
}
