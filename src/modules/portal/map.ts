import { readFileSync } from 'node:fs';
import { geoMercator, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry } from 'geojson';

// A small static map for a location page, drawn on the server: the outline of the location's
// labour-market region with a marker. No tiles, no third parties, no JavaScript. Same generalised
// boundaries as the regions map (CBS/PDOK via cartomap/nl).

export const LOCATION_MAP_SIZE = 320;

let regions: Map<string, Feature<Geometry, { code: string; name: string }>> | undefined;

function regionFeatures() {
  if (regions) return regions;
  const topology = JSON.parse(
    readFileSync(new URL('../../seed/data/arbeidsmarktregios_2025.topojson', import.meta.url), 'utf8'),
  ) as Topology<{ arbeidsmarktregios: GeometryCollection<{ code: string; name: string }> }>;
  const collection = feature(topology, topology.objects.arbeidsmarktregios) as FeatureCollection<Geometry, { code: string; name: string }>;
  regions = new Map(collection.features.map((f) => [f.properties.code, f]));
  return regions;
}

export interface LocationMap {
  size: number;
  outline: string;
  marker: { x: number; y: number };
}

/** The region outline and the marker position in an SVG of `size` × `size`; null for an unknown region. */
export function locationMap(regionCode: string, lat: number, lon: number): LocationMap | null {
  const region = regionFeatures().get(regionCode);
  if (!region) return null;
  const size = LOCATION_MAP_SIZE;
  const projection = geoMercator().fitExtent(
    [
      [12, 12],
      [size - 12, size - 12],
    ],
    region,
  );
  const point = projection([lon, lat]);
  if (!point) return null;
  return {
    size,
    outline: geoPath(projection).digits(1)(region) ?? '',
    marker: { x: Math.round(point[0] * 10) / 10, y: Math.round(point[1] * 10) / 10 },
  };
}
