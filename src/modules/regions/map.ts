import { readFileSync } from 'node:fs';
import { geoMercator, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { FeatureCollection, Geometry } from 'geojson';

// SVG paths of the 35 region boundaries, projected once per process from the generalised
// TopoJSON (CBS/PDOK via cartomap/nl, see src/seed/data/SOURCES.md).

export const MAP_WIDTH = 600;
export const MAP_HEIGHT = 720;

export interface RegionShape {
  code: string;
  name: string;
  path: string;
}

let shapes: RegionShape[] | undefined;

export function regionShapes(): RegionShape[] {
  if (shapes) return shapes;
  const topology = JSON.parse(
    readFileSync(new URL('../../seed/data/arbeidsmarktregios_2025.topojson', import.meta.url), 'utf8'),
  ) as Topology<{ arbeidsmarktregios: GeometryCollection<{ code: string; name: string }> }>;
  const collection = feature(topology, topology.objects.arbeidsmarktregios) as FeatureCollection<Geometry, { code: string; name: string }>;
  const projection = geoMercator().fitSize([MAP_WIDTH, MAP_HEIGHT], collection);
  const toPath = geoPath(projection).digits(1);
  shapes = collection.features.map((f) => ({ code: f.properties.code, name: f.properties.name, path: toPath(f) ?? '' }));
  return shapes;
}
