import { FormatRegistry } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { CatalogueContent } from './catalogue.content.ts';

// Checks a catalogue content file: the shape (schema) and what a schema cannot say — keys are
// unique, references resolve, municipalities exist and lie in the file's region, and a service is
// offered only at its organisation's own locations or at locations shared with it (as the database
// demands, migration T0012).

if (!FormatRegistry.Has('email')) FormatRegistry.Set('email', (value) => /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(value));
if (!FormatRegistry.Has('date')) FormatRegistry.Set('date', (value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)));

export interface ReferenceData {
  /** Municipality code → region code. */
  municipalities: ReadonlyMap<string, string>;
}

export function validateCatalogueContent(content: unknown, reference: ReferenceData): string[] {
  const problems = [...Value.Errors(CatalogueContent, content)].slice(0, 50).map((error) => `${error.path}: ${error.message}`);
  if (problems.length > 0) return problems;
  const file = content as CatalogueContent;
  const keys = (kind: string, entries: readonly { key: string }[]) => {
    const seen = new Set<string>();
    for (const { key } of entries) {
      if (seen.has(key)) problems.push(`duplicate ${kind} key ${key}`);
      seen.add(key);
    }
    return seen;
  };
  const organisations = keys('organisation', file.organisations);
  keys('location', file.locations);
  const locations = new Map(file.locations.map((location) => [location.key, location]));
  const services = keys('service', file.services);
  keys('pathway', file.pathways);
  const inRegion = (code: string) => file.region === null || reference.municipalities.get(code) === file.region;

  for (const location of file.locations) {
    if (!organisations.has(location.organisation)) problems.push(`location ${location.key}: unknown organisation ${location.organisation}`);
    for (const organisation of location.sharedWith ?? []) {
      if (!organisations.has(organisation)) problems.push(`location ${location.key}: shared with unknown organisation ${organisation}`);
    }
    if (!reference.municipalities.has(location.address.municipalityCode)) problems.push(`location ${location.key}: unknown municipality`);
    else if (!inRegion(location.address.municipalityCode)) problems.push(`location ${location.key}: municipality outside region ${file.region}`);
  }
  for (const service of file.services) {
    if (!organisations.has(service.organisation)) problems.push(`service ${service.key}: unknown organisation ${service.organisation}`);
    for (const key of service.locations) {
      const location = locations.get(key);
      if (!location) problems.push(`service ${service.key}: unknown location ${key}`);
      else if (location.organisation !== service.organisation && !location.sharedWith?.includes(service.organisation)) {
        problems.push(`service ${service.key}: location ${key} of ${location.organisation} is not shared with ${service.organisation}`);
      }
    }
    if (service.serviceArea.kind === 'municipalities') {
      for (const code of service.serviceArea.codes) {
        if (!reference.municipalities.has(code)) problems.push(`service ${service.key}: unknown municipality ${code}`);
        else if (!inRegion(code)) problems.push(`service ${service.key}: municipality ${code} outside region ${file.region}`);
      }
    }
    if (service.serviceArea.kind === 'regions' && file.region && !service.serviceArea.codes.includes(file.region)) {
      problems.push(`service ${service.key}: service area does not include the file's region ${file.region}`);
    }
    if (!service.cost.free && !service.cost.description) problems.push(`service ${service.key}: a paid service must describe its cost`);
    if (Date.parse(service.lastReviewed) > Date.now()) problems.push(`service ${service.key}: lastReviewed lies in the future`);
  }
  for (const pathway of file.pathways) {
    for (const step of pathway.steps) {
      if (step.service && !services.has(step.service)) problems.push(`pathway ${pathway.key}: unknown service ${step.service}`);
    }
  }
  return problems;
}
