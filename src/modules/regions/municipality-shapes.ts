import { readFileSync } from 'node:fs';
import { geoBounds, geoContains } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry } from 'geojson';

// Which municipality a point lies in, from the generalised boundaries of the 342 municipalities
// (CBS/PDOK via cartomap/nl, see src/seed/data/SOURCES.md). The boundaries are simplified, so a point
// within some tens of metres of a border may be given the neighbour: callers use an address or a
// postcode first and a point only when nothing else says where a place is.

interface Shape {
  code: string;
  feature: Feature<Geometry>;
  /** [[west, south], [east, north]], to skip most polygons cheaply. */
  bounds: [[number, number], [number, number]];
}

let shapes: Shape[] | undefined;

function load(): Shape[] {
  if (shapes) return shapes;
  const topology = JSON.parse(readFileSync(new URL('../../seed/data/gemeenten_2025.topojson', import.meta.url), 'utf8')) as Topology<{
    gemeenten: GeometryCollection<{ code: string; name: string }>;
  }>;
  const collection = feature(topology, topology.objects.gemeenten) as FeatureCollection<Geometry, { code: string; name: string }>;
  shapes = collection.features.map((f) => ({ code: f.properties.code, feature: f, bounds: geoBounds(f) }));
  return shapes;
}

/** The CBS code (GM0153) of the municipality at this point, or null outside the Netherlands' municipalities. */
export function municipalityAt(lat: number, lon: number): string | null {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  for (const shape of load()) {
    const [[west, south], [east, north]] = shape.bounds;
    if (lon < west || lon > east || lat < south || lat > north) continue;
    if (geoContains(shape.feature, [lon, lat])) return shape.code;
  }
  return null;
}
