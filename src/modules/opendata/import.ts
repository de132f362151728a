import path from 'node:path';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import type { Database } from '../../platform/db/pool.ts';
import { withSystem, type Tx } from '../../platform/db/tenancy.ts';
import { newTrace } from '../../platform/http/trace.ts';
import type { Translate } from '../../platform/i18n/index.ts';
import { ContentLocation, ContentOrganisation, ContentService } from '../catalogue/catalogue.content.ts';
import '../catalogue/catalogue.validate.ts';
import { ensureOrganisation, saveLocation, saveService, servicesAlike, shareLocation, WEEKDAYS, type SaveResult } from '../catalogue/catalogue.repository.ts';
import { accessRoutes, audiences, deliveryModes, subthemeCodes } from '../catalogue/taxonomy.ts';
import { fromHsdsService, type FieldProblem, type ImportReference } from './hsds-import.ts';
import { validateHsdsService } from './hsds-schema.ts';
import { CSV_COLUMNS, CsvFormatError, fromCsvRow, parseCsv } from './csv.ts';
import { filesFromZip, readTabular, TabularFormatError } from './hsds-tabular.ts';
import type { LocationRecord, OrganisationRecord, ServiceRecord } from '../catalogue/records.ts';
import { loadImportReference, organisationExists, organisationSnapshot } from './opendata.repository.ts';
import { keyOfId, locationIdsByKey, locationStatus, serviceStatus, unpublishedLocationIds, unsharedLocations } from '../catalogue/records.repository.ts';

// Import of open-data files into the catalogue: any HSDS 3.0 (a JSON array of services, the HSDS
// API's paginated list, a single service, or the tabular form as a folder or zip of CSV files) and
// our own CSV. Each service (with its organisation and locations) is read (hsds-import.ts maps
// another system's file onto our model and says what it assumed), checked (the HSDS schema as
// warnings, the catalogue's authoring rules, taxonomy codes, municipalities and regions as errors)
// and written through the catalogue store in its own transaction: a bad service is reported and
// skipped, the others go on. Problems name the file's own fields (HSDS paths, CSV columns), and say
// what is wrong as a message key with values (opendata.messages.ts): the report is stored that way
// and shown in the reader's language.
// Services and locations are matched by their stable key, organisations by name (the store fills
// only blanks of an existing organisation). Saving what is already there changes nothing.
//
// Status on import: a service new to the platform arrives as a concept, unless the import publishes
// (`publish`) and the file says it is active. An existing service keeps its status unless the
// import publishes; a file that says defunct archives it, inactive makes it a concept. A service
// without a theme is a concept whatever the file says (the coordinator completes it). A location
// new to the platform is published (the public export only holds published ones); an existing
// location keeps its status. Links of a service to locations the public does not see are kept.
//
// Another organisation's location (migration T0012): a location the file gives in full, with its
// own organisation, states that the service is offered there, as the export of a shared location
// does; the import records that share. A location named only by its key (CSV) must already be the
// service organisation's own or shared with it, as in the editor: a key alone says nothing about
// its owner's consent.

export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'failed';

export interface ImportRow {
  /** Row number in the file: the 1-based position in the JSON list, or the CSV line number. */
  row: number;
  /** Where the row is, to prefix its problems' paths: `contents[3]`, `services.csv line 4`, …; '' for a plain list. */
  where: string;
  /** The HSDS service as the file gives it (JSON and tabular HSDS), mapped when imported. */
  hsds?: unknown;
  /** The record, for our CSV (read straight into our model). */
  record?: ServiceRecord | null;
  /** Errors found while reading the row (format). */
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
  /** What the import assumed or kept aside; the service came in. */
  warnings: FieldProblem[];
}

export interface ImportSummary {
  rows: RowReport[];
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Services that arrived with a warning. */
  warned: number;
}

/** A problem as reports stored before problems had message keys: English text. Read, never written. */
export interface LegacyProblem {
  field: string;
  message: string;
}

/** A problem in a stored report: a message key with values, or (an older report) English text. */
export type StoredProblem = FieldProblem | LegacyProblem;
export type StoredRowReport = Omit<RowReport, 'problems' | 'warnings'> & { problems: StoredProblem[]; warnings: StoredProblem[] };
/** A report as catalogue_imports.report holds it. */
export type StoredSummary = Omit<ImportSummary, 'rows'> & { rows: StoredRowReport[] };

export const isLegacyProblem = (problem: StoredProblem): problem is LegacyProblem => typeof (problem as Partial<FieldProblem>).key !== 'string';

/** What a problem says, in the language of `t`; an older report's text as it was stored. */
export function problemText(t: Translate, problem: StoredProblem): string {
  return isLegacyProblem(problem) ? String(problem.message ?? '') : t(problem.key, problem.params);
}

export class ImportFileError extends Error {}

// Reading ---------------------------------------------------------------------------------------------

const nameOf = (item: unknown) => (typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string' ? (item as { name: string }).name : '');

/**
 * HSDS JSON in each shape the standard and its API give: a list of services, the API's page of
 * them (`contents`), one service, an organization with its services, or a service_at_location
 * with its service and location. A location alone is not a service: a clear error.
 */
export function readHsdsFile(text: string): ImportRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    throw new ImportFileError(`the file is not valid JSON: ${(error as Error).message}`);
  }
  const rows = (items: unknown[], where: (index: number) => string) => items.map((item, index) => ({ row: index + 1, where: where(index), hsds: item, problems: [], name: nameOf(item) }));
  if (Array.isArray(data)) return rows(data, (i) => `[${i}]`);
  const object = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  if (Array.isArray(object.contents)) return rows(object.contents, (i) => `contents[${i}]`);
  if (Array.isArray(object.services) && typeof object.name === 'string' && object.status === undefined) {
    // An organization with its services: each service gets the organization it belongs to.
    const { services, ...organization } = object;
    return rows(
      (services as unknown[]).map((service) => (typeof service === 'object' && service !== null && !('organization' in service) ? { ...service, organization } : service)),
      (i) => `services[${i}]`,
    );
  }
  if (typeof object.service === 'object' && object.service !== null && typeof object.location === 'object') {
    // A service_at_location: the service, offered at that location.
    const { service, ...link } = object;
    const own = service as Record<string, unknown>;
    return rows([{ ...own, service_at_locations: [...(Array.isArray(own.service_at_locations) ? own.service_at_locations : []), link] }], () => 'service');
  }
  if (typeof object.name === 'string' && ('status' in object || 'organization' in object)) return rows([object], () => '');
  if (typeof object.location_type === 'string') throw new ImportFileError('the file holds one location, not a service: a place alone is not a service in the directory (import its services, which name it)');
  throw new ImportFileError('the file holds no HSDS services: expected a list of services, a page with "contents", one service, an organization with its services, or a service_at_location');
}

/** Tabular HSDS: the CSV files of a data package, by file name. */
export function readHsdsTabular(files: ReadonlyMap<string, string>): ImportRow[] {
  try {
    return readTabular(files).map(({ service, line }, index) => ({ row: index + 1, where: `services.csv line ${line}`, hsds: service, problems: [], name: nameOf(service) }));
  } catch (error) {
    if (error instanceof TabularFormatError || error instanceof CsvFormatError) throw new ImportFileError(error.message);
    throw error;
  }
}

/** Our own CSV (one row per service, the columns of our export). */
export function readCsvFile(text: string): ImportRow[] {
  let rows: ReturnType<typeof parseCsv>;
  try {
    rows = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvFormatError) throw new ImportFileError(`the file is not valid CSV: ${error.message}`);
    throw error;
  }
  const [header, ...body] = rows;
  if (!header) throw new ImportFileError('the file is empty');
  const missing = CSV_COLUMNS.filter((column) => !header.fields.includes(column));
  if (missing.length > 0) throw new ImportFileError(`the header row lacks the column(s) ${missing.join(', ')}`);
  return body.map(({ line, fields }) => {
    const problems: FieldProblem[] = [];
    if (fields.length !== header.fields.length) {
      problems.push({ field: 'row', key: 'opendata.problem.fieldCount', params: { count: fields.length, header: header.fields.length } });
      return { row: line, where: '', record: null, problems };
    }
    const cells = Object.fromEntries(header.fields.map((column, i) => [column, fields[i]!]));
    return { row: line, where: '', record: fromCsvRow(cells, problems), problems };
  });
}

export type ImportFormat = 'hsds-json' | 'hsds-tabular' | 'csv';

/**
 * Any supported file by its name and bytes: a zip is tabular HSDS; JSON is HSDS; a CSV with our
 * columns is ours, a CSV of HSDS services (services.csv) is tabular HSDS of one table.
 */
export function readImportFile(fileName: string, bytes: Uint8Array): { format: ImportFormat; rows: ImportRow[] } {
  const extension = path.extname(fileName).toLowerCase();
  if (extension === '.zip' || (bytes[0] === 0x50 && bytes[1] === 0x4b)) return { format: 'hsds-tabular', rows: readHsdsTabular(filesFromZip(bytes)) };
  const text = new TextDecoder('utf-8').decode(bytes);
  if (extension === '.json' || (extension !== '.csv' && /^\uFEFF?\s*[[{]/.test(text))) return { format: 'hsds-json', rows: readHsdsFile(text) };
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  if (CSV_COLUMNS.every((column) => firstLine.split(',').includes(column))) return { format: 'csv', rows: readCsvFile(text) };
  return { format: 'hsds-tabular', rows: readHsdsTabular(new Map([['services.csv', text]])) };
}

/** A folder of tabular HSDS (its CSV files and datapackage.json). */
export function readHsdsFolder(files: ReadonlyMap<string, string>): { format: ImportFormat; rows: ImportRow[] } {
  return { format: 'hsds-tabular', rows: readHsdsTabular(files) };
}

// Checking --------------------------------------------------------------------------------------------

/** What the schema found, as a message: the usual constraints with their limits, another with TypeBox's own (English) words. */
function schemaProblem(error: ValueError): Omit<FieldProblem, 'field'> {
  const schema = error.schema as { minLength?: number; maxLength?: number; minItems?: number; minimum?: number; maximum?: number };
  const value = typeof error.value === 'string' ? error.value : undefined;
  switch (error.type) {
    case ValueErrorType.StringMinLength:
      return value === '' ? { key: 'opendata.problem.empty' } : { key: 'opendata.problem.tooShort', params: { min: schema.minLength ?? 0 } };
    case ValueErrorType.StringMaxLength:
      return { key: 'opendata.problem.tooLong', params: { max: schema.maxLength ?? 0 } };
    case ValueErrorType.StringPattern:
    case ValueErrorType.StringFormat:
      if (value === '') return { key: 'opendata.problem.empty' };
      return { key: 'opendata.problem.wrongForm', params: { value: value === undefined ? '' : value.length > 60 ? `${value.slice(0, 57)}…` : value } };
    case ValueErrorType.ArrayMinItems:
      return { key: 'opendata.problem.tooFew', params: { min: schema.minItems ?? 1 } };
    case ValueErrorType.ArrayUniqueItems:
      return { key: 'opendata.problem.twice' };
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.IntegerMinimum:
      return { key: 'opendata.problem.tooSmall', params: { min: schema.minimum ?? 0 } };
    case ValueErrorType.NumberMaximum:
    case ValueErrorType.IntegerMaximum:
      return { key: 'opendata.problem.tooLarge', params: { max: schema.maximum ?? 0 } };
    default:
      return { key: 'opendata.problem.invalid', params: { detail: error.message } };
  }
}

const schemaProblems = (schema: Parameters<typeof Value.Errors>[0], value: unknown, prefix: string, skip: ReadonlySet<string>): FieldProblem[] => {
  const seen = new Set<string>();
  const out: FieldProblem[] = [];
  for (const error of Value.Errors(schema, value)) {
    const field = prefix + error.path.replace(/^\//, '').replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.');
    const top = field.replace(/\[.*$/, '').replace(/\..*$/, '');
    if (skip.has(top) || seen.has(field)) continue;
    seen.add(field);
    out.push({ field: field || 'service', ...schemaProblem(error) });
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
    // A source without a postcode (placed by coordinates or municipality) may leave it empty.
    address: { street: location.street, postalCode: location.postalCode || '1000 AA', city: location.city, municipalityCode: location.municipalityCode },
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
  if (location.municipalityCode && !region) problems.push({ field: `${prefix}municipalityCode`, key: 'opendata.problem.unknownMunicipality', params: { code: location.municipalityCode } });
  else if (region && service.regionCode && region !== service.regionCode) {
    problems.push({ field: `${prefix}municipalityCode`, key: 'opendata.problem.municipalityOutsideRegion', params: { code: location.municipalityCode, region: service.regionCode } });
  }
  location.openingHours.forEach((h, i) => {
    if (h.opens >= h.closes) problems.push({ field: `${prefix}openingHours[${i}]`, key: 'opendata.problem.closesBeforeOpens' });
  });
  return problems;
}

/** Our rules for one service, beyond the HSDS schema: the catalogue's authoring rules and the region. */
export function checkRecord(service: ServiceRecord, region: string, reference: ImportReference): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const unknown = (field: keyof ServiceRecord, codes: readonly string[], known: ReadonlySet<string>, key: FieldProblem['key']) => {
    for (const code of codes) if (!known.has(code)) problems.push({ field, key, params: { code } });
  };
  unknown('themes', service.themes, themeCodes, 'opendata.problem.unknownTheme');
  unknown('audiences', service.audiences, audienceCodes, 'opendata.problem.unknownAudience');
  unknown('deliveryModes', service.deliveryModes, deliveryCodes, 'opendata.problem.unknownDeliveryMode');
  unknown('access', service.access, accessCodes, 'opendata.problem.unknownAccessRoute');
  const reported = new Set(problems.map((p) => p.field));
  // A concept may lack themes and audiences (an import whose rules found none): the coordinator completes it.
  if (service.status !== 'gepubliceerd') for (const field of ['themes', 'audiences'] as const) if (service[field].length === 0) reported.add(field);
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

  if (service.regionCode !== null && !reference.regions.has(service.regionCode)) problems.push({ field: 'regionCode', key: 'opendata.problem.unknownRegion', params: { code: service.regionCode } });
  if (service.areaKind === 'municipalities') {
    for (const code of service.areaCodes) {
      const area = reference.municipalities.get(code);
      if (!area) problems.push({ field: 'serviceArea', key: 'opendata.problem.unknownMunicipality', params: { code } });
      else if (service.regionCode && area !== service.regionCode) problems.push({ field: 'serviceArea', key: 'opendata.problem.municipalityOutsideRegion', params: { code, region: service.regionCode } });
    }
  }
  if (service.areaKind === 'regions') {
    for (const code of service.areaCodes) if (!reference.regions.has(code)) problems.push({ field: 'serviceArea', key: 'opendata.problem.unknownRegion', params: { code } });
    if (service.regionCode && !service.areaCodes.includes(service.regionCode)) {
      problems.push({ field: 'serviceArea', key: 'opendata.problem.areaWithoutOwnRegion', params: { region: service.regionCode } });
    }
  }
  const offeredHere =
    service.areaKind === 'national' ||
    (service.areaKind === 'regions' && service.areaCodes.includes(region)) ||
    (service.areaKind === 'municipalities' && service.areaCodes.some((code) => reference.municipalities.get(code) === region));
  if (!offeredHere && !problems.some((p) => p.field === 'serviceArea')) problems.push({ field: 'serviceArea', key: 'opendata.problem.notOfferedInRegion', params: { region } });
  if (!service.costFree && !service.costDescription) problems.push({ field: 'cost', key: 'opendata.problem.paidWithoutCost' });
  if (Date.parse(service.lastReviewed) > Date.now()) problems.push({ field: 'lastReviewed', key: 'opendata.problem.inFuture' });
  service.locations.forEach((location, index) => {
    if (typeof location !== 'string') problems.push(...checkLocation(location, index, service, reference));
  });
  return problems;
}

// Paths -----------------------------------------------------------------------------------------------

const SERVICE_PATHS: Record<string, string> = {
  themes: 'attributes',
  audiences: 'attributes',
  deliveryModes: 'attributes',
  access: 'attributes',
  keywords: 'attributes',
  capacity: 'attributes',
  reviewIntervalDays: 'attributes',
  key: 'attributes',
  serviceArea: 'service_areas',
  regionCode: 'service_areas',
  summary: 'description',
  eligibility: 'eligibility_description',
  applicationProcess: 'application_process',
  waitTime: 'wait_time',
  cost: 'fees_description',
  'cost.description': 'fees_description',
  'cost.amountCents': 'cost_options',
  'contact.email': 'email',
  'contact.phone': 'phones[0].number',
  'contact.url': 'url',
  lastReviewed: 'assured_date',
};
const LOCATION_PATHS: Record<string, string> = {
  'address.street': 'addresses[0].address_1',
  'address.postalCode': 'addresses[0].postal_code',
  'address.city': 'addresses[0].city',
  'address.municipalityCode': 'addresses[0]',
  municipalityCode: 'addresses[0]',
  lat: 'latitude',
  lon: 'longitude',
  accessibility: 'accessibility[0].description',
};
const ORGANISATION_PATHS: Record<string, string> = { phone: 'phones[0].number', kind: 'attributes', suwiParty: 'attributes' };

/** A problem of our model's field as the HSDS path of the file it came from. */
function hsdsPath(field: string, locationPaths: readonly string[]): string {
  const location = /^locations\[(\d+)\]\.?(.*)$/.exec(field);
  if (location) {
    const base = locationPaths[Number(location[1])] ?? `service_at_locations[${location[1]}].location`;
    const rest = location[2] ?? '';
    const mapped = LOCATION_PATHS[rest] ?? rest.replace(/^openingHours/, 'schedules');
    return mapped ? `${base}.${mapped}` : base;
  }
  const organisation = /^organization\.(.*)$/.exec(field);
  if (organisation) return `organization.${ORGANISATION_PATHS[organisation[1]!] ?? organisation[1]}`;
  return SERVICE_PATHS[field] ?? field;
}

/** Paths inside a page of the HSDS API, an organization or a service_at_location start there; in a list or a table the row number says where. */
const within = (where: string, field: string) => (/^(contents|services)\[|^service$/.test(where) ? `${where}.${field}` : field);

// Writing ---------------------------------------------------------------------------------------------

class RowFailure extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.key}`).join('; '));
  }
}

class DryRun extends Error {
  constructor(readonly written: Written) {
    super('dry run');
  }
}

/** The status a service gets from this import (see the top of this file). */
async function importedStatus(tx: Tx, service: ServiceRecord, publish: boolean): Promise<ServiceRecord['status']> {
  if (service.themes.length === 0 || service.audiences.length === 0) return 'concept';
  if (service.status !== 'gepubliceerd') return service.status;
  if (publish) return 'gepubliceerd';
  return (await serviceStatus(tx, service.key)) ?? 'concept';
}

interface Written {
  outcome: RowOutcome;
  /** Services already there that this new one is probably the same as. */
  alike: { name: string; key: string }[];
}

async function writeRow(tx: Tx, input: ServiceRecord, region: string, organisations: ReadonlyMap<string, OrganisationRecord>, publish: boolean): Promise<Written> {
  // Keys of another system's entries come from their names: a renamed entry keeps the key its id has.
  const service = { ...input, key: (await keyOfId(tx, 'services', input.id)) ?? input.key, locations: [...input.locations] };
  for (const [index, location] of service.locations.entries()) {
    if (typeof location === 'string') continue;
    const key = await keyOfId(tx, 'locations', location.id);
    if (key && key !== location.key) service.locations[index] = { ...location, key };
  }
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
      } else problems.push({ field: `locations[${index}]`, key: 'opendata.problem.unknownLocationKey', params: { key: location } });
      continue;
    }
    let owner = dbOrganisation.get(location.organisationId);
    if (!owner) {
      const fileOrg = organisations.get(location.organisationId);
      if (fileOrg) owner = await ensure(fileOrg);
      else if (await organisationExists(tx, location.organisationId)) owner = location.organisationId;
      else {
        problems.push({ field: `locations[${index}].organisationId`, key: 'opendata.problem.unknownOrganisation', params: { organisation: location.organisationId } });
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
      approximate: location.approximate ?? false,
      ...(location.sourceFields ? { sourceFields: location.sourceFields } : {}),
    });
    if (result.outcome !== 'unchanged') changed = true;
    if (owner !== organisationId) await shareLocation(tx, result.id, organisationId);
    locationIds.push(result.id);
  }
  const unshared = new Set(await unsharedLocations(tx, organisationId, referenced.map((r) => r.id)));
  for (const { index, key, id } of referenced) {
    if (unshared.has(id)) {
      problems.push({ field: `locations[${index}]`, key: 'opendata.problem.locationNotShared', params: { location: key, organisation: service.organisation.name } });
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
    status: await importedStatus(tx, service, publish),
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
    ...(service.sourceFields ? { sourceFields: service.sourceFields } : {}),
  });
  if (result.outcome === 'created') return { outcome: 'created', alike: await servicesAlike(tx, result.id) };
  return { outcome: result.outcome === 'updated' || changed ? 'updated' : 'unchanged', alike: [] };
}

export interface ImportOptions {
  region: string;
  /** Check and write every row, then roll each back. */
  dryRun?: boolean;
  /** Publish what the file says is active; without it new services arrive as concepts. */
  publish?: boolean;
  onRow?: (report: RowReport, index: number, total: number) => void;
  /** Awaited after each row with the number of rows done (a progress bar that is written somewhere). */
  onProgress?: (done: number) => Promise<void>;
}

/** A row as our record with its problems, the HSDS rows mapped (what was assumed becomes a warning). */
function prepare(row: ImportRow, region: string, reference: ImportReference): { record: ServiceRecord | null; problems: FieldProblem[]; warnings: FieldProblem[]; locationPaths: string[] } {
  if (row.hsds === undefined) return { record: row.record ?? null, problems: [...row.problems], warnings: [], locationPaths: [] };
  // The HSDS schema is the standard's; where a file departs from it the import still reads what it can.
  const warnings = validateHsdsService(row.hsds);
  const mapped = fromHsdsService(row.hsds, region, reference);
  return { record: mapped.errors.length > 0 ? null : mapped.record, problems: mapped.errors, warnings: [...mapped.warnings, ...warnings], locationPaths: mapped.locationPaths };
}

/**
 * Imports the rows as the system actor, for the catalogue's maintenance (the changes are recorded in
 * each service's history as made by the system), one transaction per row, all under one trace.
 */
export async function importRows(db: Database, rows: readonly ImportRow[], options: ImportOptions): Promise<ImportSummary> {
  const trace = newTrace();
  const reference = await withSystem(db, 'catalogue-maintenance', trace, loadImportReference);
  const prepared = rows.map((row) => prepare(row, options.region, reference));
  const organisations = new Map<string, OrganisationRecord>();
  for (const { record } of prepared) if (record && record.organisation.id) organisations.set(record.organisation.id, record.organisation);
  const seenKeys = new Map<string, number>();
  const reports: RowReport[] = [];
  for (const [index, row] of rows.entries()) {
    const { record, problems, warnings, locationPaths } = prepared[index]!;
    const isHsds = row.hsds !== undefined;
    const path = (field: string) => within(row.where, isHsds ? hsdsPath(field, locationPaths) : field);
    if (record) {
      problems.push(...checkRecord(record, options.region, reference));
      const first = seenKeys.get(record.key);
      if (first !== undefined) problems.push({ field: 'key', key: 'opendata.problem.duplicateKey', params: { key: record.key, row: first } });
      else seenKeys.set(record.key, row.row);
    }
    let outcome: RowOutcome = 'failed';
    let alike: Written['alike'] = [];
    if (record && problems.length === 0) {
      try {
        ({ outcome, alike } = await withSystem(db, 'catalogue-maintenance', trace, async (tx) => {
          const result = await writeRow(tx, record, options.region, organisations, options.publish ?? false);
          if (options.dryRun) throw new DryRun(result);
          return result;
        }));
      } catch (error) {
        if (error instanceof DryRun) ({ outcome, alike } = error.written);
        else if (error instanceof RowFailure) problems.push(...error.problems);
        else problems.push({ field: 'database', key: 'opendata.problem.database', params: { detail: error instanceof Error ? error.message : String(error) } });
      }
    }
    const report: RowReport = {
      row: row.row,
      key: record?.key ?? '',
      name: record?.name ?? row.name ?? '',
      outcome,
      problems: problems.map((p) => ({ ...p, field: isHsds && p.field !== 'database' ? path(p.field) : p.field })),
      warnings: [
        ...warnings.map((p) => ({ ...p, field: within(row.where, p.field) })),
        ...alike.map((other): FieldProblem => ({ field: within(row.where, 'name'), key: 'opendata.problem.alike', params: { name: other.name, key: other.key } })),
      ],
    };
    reports.push(report);
    options.onRow?.(report, index, rows.length);
    await options.onProgress?.(index + 1);
  }
  const count = (outcome: RowOutcome) => reports.filter((r) => r.outcome === outcome).length;
  return {
    rows: reports,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    failed: count('failed'),
    warned: reports.filter((r) => r.outcome !== 'failed' && r.warnings.length > 0).length,
  };
}
