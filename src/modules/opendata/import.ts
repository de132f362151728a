import { Value } from '@sinclair/typebox/value';
import type { Database } from '../../platform/db/pool.ts';
import { withSystem, type Tx } from '../../platform/db/tenancy.ts';
import { newTrace } from '../../platform/http/trace.ts';
import { ContentLocation, ContentOrganisation, ContentService } from '../catalogue/catalogue.content.ts';
import '../catalogue/catalogue.validate.ts';
import { ensureOrganisation, saveLocation, saveService, shareLocation, WEEKDAYS, type SaveResult } from '../catalogue/catalogue.repository.ts';
import { accessRoutes, audiences, deliveryModes, subthemeCodes } from '../catalogue/taxonomy.ts';
import { fromHsdsService, type FieldProblem, type HsdsService } from './hsds.ts';
import { validateHsdsService } from './hsds-schema.ts';
import { CSV_COLUMNS, fromCsvRow, parseCsv } from './csv.ts';
import type { LocationRecord, OrganisationRecord, ServiceRecord } from '../catalogue/records.ts';
import { loadImportReference, organisationExists, organisationSnapshot } from './opendata.repository.ts';
import { locationIdsByKey, locationStatus, unpublishedLocationIds, unsharedLocations } from '../catalogue/records.repository.ts';

// Import of open-data files (our HSDS JSON export or our CSV) into the catalogue. Each row (one
// service with its organisation and locations) is checked — the HSDS schema, the authoring rules of
// the catalogue, taxonomy codes, municipalities and regions — and then written through the catalogue
// store in its own transaction: a bad row is reported and skipped, the others go on. Services and
// locations are matched by their stable key, organisations by name (the store fills only blanks of
// an existing organisation). Saving what is already there changes nothing: no new version, no history.
//
// Status on import: the file's status, mapped back (active → gepubliceerd, defunct → gearchiveerd,
// inactive / temporarily closed → concept). A location new to the platform is published (the
// public export only holds published ones); an existing location keeps its status. Links of a
// service to locations the public does not see (not in an export) are kept.
//
// Another organisation's location (migration T0012): a location the file gives in full, with its
// own organisation, states that the service is offered there, as the export of a shared location
// does; the import records that share. A location named only by its key (CSV) must already be the
// service organisation's own or shared with it, as in the editor: a key alone says nothing about
// its owner's consent.

export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'failed';

export interface ImportRow {
  /** Row number in the file: the 1-based position in the JSON array, or the CSV line number. */
  row: number;
  record: ServiceRecord | null;
  /** Problems found while reading the row (schema, format). */
  problems: FieldProblem[];
  /** The service's name as far as the row could be read, for the report. */
  name?: string;
}

export interface RowReport {
  row: number;
  key: string;
  name: string;
  outcome: RowOutcome;
  problems: FieldProblem[];
}

export interface ImportSummary {
  rows: RowReport[];
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export class ImportFileError extends Error {}

// Reading ---------------------------------------------------------------------------------------------

export function readHsdsFile(text: string, region: string): ImportRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    throw new ImportFileError(`the file is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(data)) throw new ImportFileError('the file must hold a JSON array of HSDS services');
  return data.map((item: unknown, index) => {
    const row = index + 1;
    const problems = validateHsdsService(item);
    const name = typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string' ? (item as { name: string }).name : '';
    if (problems.length > 0 || typeof item !== 'object' || item === null) return { row, record: null, problems, name };
    const record = fromHsdsService(item as HsdsService, region, problems);
    return { row, record, problems };
  });
}

export function readCsvFile(text: string): ImportRow[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new ImportFileError('the file is empty');
  const missing = CSV_COLUMNS.filter((column) => !header.fields.includes(column));
  if (missing.length > 0) throw new ImportFileError(`the header row lacks the column(s) ${missing.join(', ')}`);
  return rows.map(({ line, fields }) => {
    const problems: FieldProblem[] = [];
    if (fields.length !== header.fields.length) {
      problems.push({ field: 'row', message: `has ${fields.length} fields, the header ${header.fields.length}` });
      return { row: line, record: null, problems };
    }
    const cells = Object.fromEntries(header.fields.map((column, i) => [column, fields[i]!]));
    return { row: line, record: fromCsvRow(cells, problems), problems };
  });
}

// Checking --------------------------------------------------------------------------------------------

export interface ImportReference {
  /** Municipality code → region code. */
  municipalities: ReadonlyMap<string, string>;
  regions: ReadonlySet<string>;
}


const schemaProblems = (schema: Parameters<typeof Value.Errors>[0], value: unknown, prefix: string, skip: ReadonlySet<string>): FieldProblem[] => {
  const seen = new Set<string>();
  const out: FieldProblem[] = [];
  for (const error of Value.Errors(schema, value)) {
    const field = prefix + error.path.replace(/^\//, '').replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.');
    const top = field.replace(/\[.*$/, '').replace(/\..*$/, '');
    if (skip.has(top) || seen.has(field)) continue;
    seen.add(field);
    out.push({ field: field || 'service', message: error.message });
  }
  return out;
};

const audienceCodes = new Set<string>(audiences.map((a) => a.code));
const deliveryCodes = new Set<string>(deliveryModes.map((d) => d.code));
const accessCodes = new Set<string>(accessRoutes.map((a) => a.code));
const themeCodes = new Set<string>(subthemeCodes);

function checkLocation(location: LocationRecord, index: number, service: ServiceRecord, reference: ImportReference): FieldProblem[] {
  const prefix = `locations[${index}].`;
  const content = {
    key: location.key,
    organisation: 'organisation',
    name: location.name,
    role: location.role,
    ...(location.description === null ? {} : { description: location.description }),
    address: { street: location.street, postalCode: location.postalCode, city: location.city, municipalityCode: location.municipalityCode },
    lat: location.lat,
    lon: location.lon,
    openingHours: location.openingHours.map((h) => ({
      days: h.days.map((d) => WEEKDAYS[d - 1] ?? String(d)),
      opens: h.opens,
      closes: h.closes,
      ...(h.note === null ? {} : { note: h.note }),
    })),
    ...(location.accessibility === null ? {} : { accessibility: location.accessibility }),
  };
  const problems = schemaProblems(ContentLocation, content, prefix, new Set());
  const region = reference.municipalities.get(location.municipalityCode);
  if (location.municipalityCode && !region) problems.push({ field: `${prefix}municipalityCode`, message: `unknown municipality ${location.municipalityCode}` });
  else if (region && service.regionCode && region !== service.regionCode) {
    problems.push({ field: `${prefix}municipalityCode`, message: `municipality ${location.municipalityCode} lies outside region ${service.regionCode}` });
  }
  location.openingHours.forEach((h, i) => {
    if (h.opens >= h.closes) problems.push({ field: `${prefix}openingHours[${i}]`, message: 'closes must be after opens' });
  });
  return problems;
}

/** Our rules for one service, beyond the HSDS schema: the catalogue's authoring rules and the region. */
export function checkRecord(service: ServiceRecord, region: string, reference: ImportReference): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const unknown = (field: keyof ServiceRecord, codes: readonly string[], known: ReadonlySet<string>, what: string) => {
    for (const code of codes) if (!known.has(code)) problems.push({ field, message: `unknown ${what} "${code}"` });
  };
  unknown('themes', service.themes, themeCodes, 'theme');
  unknown('audiences', service.audiences, audienceCodes, 'audience');
  unknown('deliveryModes', service.deliveryModes, deliveryCodes, 'delivery mode');
  unknown('access', service.access, accessCodes, 'access route');
  const reported = new Set(problems.map((p) => p.field));
  const content = {
    key: service.key,
    organisation: 'organisation',
    name: service.name,
    summary: service.summary,
    description: service.description,
    audiences: service.audiences,
    themes: service.themes,
    eligibility: service.eligibility,
    cost: {
      free: service.costFree,
      ...(service.costDescription === null ? {} : { description: service.costDescription }),
      ...(service.costAmountCents === null ? {} : { amountCents: service.costAmountCents }),
    },
    languages: service.languages,
    deliveryModes: service.deliveryModes,
    serviceArea: service.areaKind === 'national' ? { kind: 'national' } : { kind: service.areaKind, codes: service.areaCodes },
    access: service.access,
    applicationProcess: service.applicationProcess,
    ...(service.waitTime === null ? {} : { waitTime: service.waitTime }),
    ...(service.capacity === null ? {} : { capacity: service.capacity }),
    locations: service.locations.map((l) => (typeof l === 'string' ? l : l.key)),
    contact: {
      ...(service.contactEmail === null ? {} : { email: service.contactEmail }),
      ...(service.contactPhone === null ? {} : { phone: service.contactPhone }),
      ...(service.contactUrl === null ? {} : { url: service.contactUrl }),
    },
    reviewIntervalDays: service.reviewIntervalDays,
    lastReviewed: service.lastReviewed,
    status: service.status,
    keywords: service.keywords,
  };
  problems.push(...schemaProblems(ContentService, content, '', reported));
  const org = service.organisation;
  problems.push(
    ...schemaProblems(
      ContentOrganisation,
      {
        key: 'organisation',
        name: org.name,
        kind: org.kind,
        suwiParty: org.suwiParty,
        // The store accepts an organisation without a description; the authoring format does not.
        description: org.description ?? 'geen beschrijving',
        ...(org.website === null ? {} : { website: org.website }),
        ...(org.email === null ? {} : { email: org.email }),
        ...(org.phone === null ? {} : { phone: org.phone }),
      },
      'organization.',
      new Set(),
    ),
  );

  if (service.regionCode !== null && !reference.regions.has(service.regionCode)) problems.push({ field: 'regionCode', message: `unknown region ${service.regionCode}` });
  if (service.areaKind === 'municipalities') {
    for (const code of service.areaCodes) {
      const area = reference.municipalities.get(code);
      if (!area) problems.push({ field: 'serviceArea', message: `unknown municipality ${code}` });
      else if (service.regionCode && area !== service.regionCode) problems.push({ field: 'serviceArea', message: `municipality ${code} lies outside region ${service.regionCode}` });
    }
  }
  if (service.areaKind === 'regions') {
    for (const code of service.areaCodes) if (!reference.regions.has(code)) problems.push({ field: 'serviceArea', message: `unknown region ${code}` });
    if (service.regionCode && !service.areaCodes.includes(service.regionCode)) {
      problems.push({ field: 'serviceArea', message: `the service area does not include the service's own region ${service.regionCode}` });
    }
  }
  const offeredHere =
    service.areaKind === 'national' ||
    (service.areaKind === 'regions' && service.areaCodes.includes(region)) ||
    (service.areaKind === 'municipalities' && service.areaCodes.some((code) => reference.municipalities.get(code) === region));
  if (!offeredHere && !problems.some((p) => p.field === 'serviceArea')) problems.push({ field: 'serviceArea', message: `the service is not offered in region ${region}` });
  if (!service.costFree && !service.costDescription) problems.push({ field: 'cost', message: 'a paid service must describe its cost' });
  if (Date.parse(service.lastReviewed) > Date.now()) problems.push({ field: 'lastReviewed', message: 'lies in the future' });
  service.locations.forEach((location, index) => {
    if (typeof location !== 'string') problems.push(...checkLocation(location, index, service, reference));
  });
  return problems;
}

// Writing ---------------------------------------------------------------------------------------------

class RowFailure extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
}

class DryRun extends Error {
  constructor(readonly outcome: RowOutcome) {
    super('dry run');
  }
}

async function writeRow(tx: Tx, service: ServiceRecord, region: string, organisations: ReadonlyMap<string, OrganisationRecord>): Promise<RowOutcome> {
  let changed = false;
  const dbOrganisation = new Map<string, string>();
  const ensure = async (org: OrganisationRecord) => {
    const before = await organisationSnapshot(tx, org.name);
    const id = await ensureOrganisation(tx, org, [region]);
    if (before !== (await organisationSnapshot(tx, org.name))) changed = true;
    dbOrganisation.set(org.id, id);
    return id;
  };
  const organisationId = await ensure(service.organisation);

  const locationIds: string[] = [];
  const problems: FieldProblem[] = [];
  const keys = service.locations.filter((l): l is string => typeof l === 'string');
  const byKey = await locationIdsByKey(tx, keys);
  const referenced: { index: number; key: string; id: string }[] = [];
  for (const [index, location] of service.locations.entries()) {
    if (typeof location === 'string') {
      const id = byKey.get(location);
      if (id) {
        locationIds.push(id);
        referenced.push({ index, key: location, id });
      } else problems.push({ field: `locations[${index}]`, message: `unknown location key "${location}" (import the HSDS file with its locations first)` });
      continue;
    }
    let owner = dbOrganisation.get(location.organisationId);
    if (!owner) {
      const fileOrg = organisations.get(location.organisationId);
      if (fileOrg) owner = await ensure(fileOrg);
      else if (await organisationExists(tx, location.organisationId)) owner = location.organisationId;
      else {
        problems.push({ field: `locations[${index}].organisationId`, message: `organisation ${location.organisationId} is neither in the file nor in the database` });
        continue;
      }
    }
    const existingStatus = await locationStatus(tx, location.key);
    const result: SaveResult = await saveLocation(tx, {
      id: location.id,
      key: location.key,
      organisationId: owner,
      role: location.role,
      name: location.name,
      description: location.description,
      street: location.street,
      postalCode: location.postalCode,
      city: location.city,
      municipalityCode: location.municipalityCode,
      lat: location.lat,
      lon: location.lon,
      accessibility: location.accessibility,
      status: existingStatus ?? 'gepubliceerd',
      openingHours: location.openingHours,
    });
    if (result.outcome !== 'unchanged') changed = true;
    if (owner !== organisationId) await shareLocation(tx, result.id, organisationId);
    locationIds.push(result.id);
  }
  const unshared = new Set(await unsharedLocations(tx, organisationId, referenced.map((r) => r.id)));
  for (const { index, key, id } of referenced) {
    if (unshared.has(id)) {
      problems.push({ field: `locations[${index}]`, message: `location "${key}" belongs to another organisation and is not shared with ${service.organisation.name}` });
    }
  }
  if (problems.length > 0) throw new RowFailure(problems);

  // Links to locations the public does not see are not in an export: keep them.
  const hidden = await unpublishedLocationIds(tx, service.key);
  const result = await saveService(tx, {
    id: service.id,
    key: service.key,
    organisationId,
    regionCode: service.regionCode,
    status: service.status,
    name: service.name,
    summary: service.summary,
    description: service.description,
    audiences: service.audiences,
    themes: service.themes,
    eligibility: service.eligibility,
    costFree: service.costFree,
    costDescription: service.costDescription,
    costAmountCents: service.costAmountCents,
    languages: service.languages,
    deliveryModes: service.deliveryModes,
    areaKind: service.areaKind,
    areaCodes: service.areaCodes,
    access: service.access,
    applicationProcess: service.applicationProcess,
    waitTime: service.waitTime,
    capacity: service.capacity,
    contactEmail: service.contactEmail,
    contactPhone: service.contactPhone,
    contactUrl: service.contactUrl,
    keywords: service.keywords,
    reviewIntervalDays: service.reviewIntervalDays,
    lastReviewed: service.lastReviewed,
    locationIds: [...new Set([...locationIds, ...hidden])],
  });
  if (result.outcome === 'created') return 'created';
  return result.outcome === 'updated' || changed ? 'updated' : 'unchanged';
}

export interface ImportOptions {
  region: string;
  /** Check and write every row, then roll each back. */
  dryRun?: boolean;
  onRow?: (report: RowReport, index: number, total: number) => void;
}

/**
 * Imports the rows as the system actor, for the catalogue's maintenance (the changes are recorded in
 * each service's history as made by the system), one transaction per row, all under one trace.
 */
export async function importRows(db: Database, rows: readonly ImportRow[], options: ImportOptions): Promise<ImportSummary> {
  const trace = newTrace();
  const reference = await withSystem(db, 'catalogue-maintenance', trace, loadImportReference);
  const organisations = new Map<string, OrganisationRecord>();
  for (const { record } of rows) if (record && record.organisation.id) organisations.set(record.organisation.id, record.organisation);
  const seenKeys = new Map<string, number>();
  const reports: RowReport[] = [];
  for (const [index, { row, record, problems: readProblems, name }] of rows.entries()) {
    const problems = [...readProblems];
    if (record) {
      problems.push(...checkRecord(record, options.region, reference));
      const first = seenKeys.get(record.key);
      if (first !== undefined) problems.push({ field: 'key', message: `the key "${record.key}" is already in row ${first}` });
      else seenKeys.set(record.key, row);
    }
    let outcome: RowOutcome = 'failed';
    if (record && problems.length === 0) {
      try {
        outcome = await withSystem(db, 'catalogue-maintenance', trace, async (tx) => {
          const result = await writeRow(tx, record, options.region, organisations);
          if (options.dryRun) throw new DryRun(result);
          return result;
        });
      } catch (error) {
        if (error instanceof DryRun) outcome = error.outcome;
        else if (error instanceof RowFailure) problems.push(...error.problems);
        else problems.push({ field: 'database', message: error instanceof Error ? error.message : String(error) });
      }
    }
    const report: RowReport = { row, key: record?.key ?? '', name: record?.name ?? name ?? '', outcome, problems };
    reports.push(report);
    options.onRow?.(report, index, rows.length);
  }
  const count = (outcome: RowOutcome) => reports.filter((r) => r.outcome === outcome).length;
  return { rows: reports, created: count('created'), updated: count('updated'), unchanged: count('unchanged'), failed: count('failed') };
}
