import type { AreaKind, CatalogueStatus, OrganisationKind } from '../../platform/db/schema.ts';
import { parse, CsvError } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { catalogueStatus, hsdsStatus } from './hsds.ts';
import type { FieldProblem } from './hsds-import.ts';
import type { NameLookup, ServiceRecord } from '../catalogue/records.ts';

// The catalogue as CSV: one row per service, every field of our model, for spreadsheets.
//
// - RFC 4180: comma-separated, CRLF line ends, a header row, a field in double quotes when it holds
//   a comma, quote or line break (quotes doubled). UTF-8 without BOM (a BOM is skipped on import).
// - Lists are joined with `|`; a `|` or `\` inside a list item is escaped with `\`.
// - Formula injection: a cell that starts with = + - @, a tab or a carriage return (after any
//   number of apostrophes) gets one apostrophe in front, so a spreadsheet shows it as text;
//   import takes exactly that apostrophe off again, so the round trip is exact.
// - Locations are given by key (`location_keys`); they must exist when the file is imported (the
//   HSDS JSON file carries them whole).
// - status uses the HSDS values (active, inactive, defunct); booleans are true/false; amounts are
//   euros with a decimal point; dates YYYY-MM-DD.

export const CSV_COLUMNS = [
  'id',
  'key',
  'status',
  'name',
  'summary',
  'description',
  'organization_id',
  'organization_name',
  'organization_kind',
  'organization_suwi_party',
  'organization_description',
  'organization_website',
  'organization_email',
  'organization_phone',
  'region_code',
  'audiences',
  'themes',
  'eligibility_description',
  'cost_free',
  'fees_description',
  'cost_amount_eur',
  'languages',
  'delivery_modes',
  'area_kind',
  'area_codes',
  'area_names',
  'access',
  'application_process',
  'wait_time',
  'capacity',
  'email',
  'phone',
  'url',
  'keywords',
  'review_interval_days',
  'last_reviewed',
  'location_keys',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

const FORMULA = /^'*[=+\-@\t\r]/;

/** A cell as a spreadsheet may safely open it. */
export function neutralise(value: string): string {
  return FORMULA.test(value) ? `'${value}` : value;
}

export function unneutralise(value: string): string {
  return FORMULA.test(value.slice(1)) && value.startsWith("'") ? value.slice(1) : value;
}

const joinList = (items: readonly string[]) => items.map((item) => item.replace(/[\\|]/g, (c) => `\\${c}`)).join('|');

export function splitList(value: string): string[] {
  if (value === '') return [];
  const items: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) current += value[++i];
    else if (c === '|') {
      items.push(current);
      current = '';
    } else current += c;
  }
  items.push(current);
  return items;
}

export function toCsvRow(service: ServiceRecord, names: NameLookup): Record<CsvColumn, string> {
  const org = service.organisation;
  return {
    id: service.id,
    key: service.key,
    status: hsdsStatus(service.status),
    name: service.name,
    summary: service.summary,
    description: service.description,
    organization_id: org.id,
    organization_name: org.name,
    organization_kind: org.kind,
    organization_suwi_party: String(org.suwiParty),
    organization_description: org.description ?? '',
    organization_website: org.website ?? '',
    organization_email: org.email ?? '',
    organization_phone: org.phone ?? '',
    region_code: service.regionCode ?? '',
    audiences: joinList(service.audiences),
    themes: joinList(service.themes),
    eligibility_description: service.eligibility,
    cost_free: String(service.costFree),
    fees_description: service.costDescription ?? '',
    cost_amount_eur: service.costAmountCents === null ? '' : (service.costAmountCents / 100).toFixed(2),
    languages: joinList(service.languages),
    delivery_modes: joinList(service.deliveryModes),
    area_kind: service.areaKind,
    area_codes: joinList(service.areaCodes),
    area_names: joinList(service.areaCodes.map((code) => (service.areaKind === 'regions' ? names.regions.get(code) : names.municipalities.get(code)) ?? code)),
    access: joinList(service.access),
    application_process: service.applicationProcess,
    wait_time: service.waitTime ?? '',
    capacity: service.capacity ?? '',
    email: service.contactEmail ?? '',
    phone: service.contactPhone ?? '',
    url: service.contactUrl ?? '',
    keywords: joinList(service.keywords),
    review_interval_days: String(service.reviewIntervalDays),
    last_reviewed: service.lastReviewed,
    location_keys: joinList(service.locations.map((l) => (typeof l === 'string' ? l : l.key))),
  };
}

export function toCsv(services: readonly ServiceRecord[], names: NameLookup): string {
  const rows = services.map((service) => {
    const row = toCsvRow(service, names);
    return CSV_COLUMNS.map((column) => neutralise(row[column]));
  });
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows', eof: true });
}

export class CsvFormatError extends Error {}

/** RFC 4180 rows (csv-parse), each with the line number it starts on; a BOM is skipped. */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  try {
    const rows = parse(text, { bom: true, relax_column_count: true, info: true, raw: true, skip_empty_lines: true }) as unknown as {
      record: string[];
      info: { lines: number };
      raw: string;
    }[];
    // `lines` counts to the end of the record: a record with line breaks in a field started earlier
    // (skipped empty lines before it are part of its raw text).
    return rows.map(({ record, info, raw }) => ({ line: info.lines - (raw.replace(/^(\r\n|\r|\n)+|(\r\n|\r|\n)$/g, '').match(/\r\n|\r|\n/g)?.length ?? 0), fields: record }));
  } catch (error) {
    if (error instanceof CsvError) throw new CsvFormatError(error.message);
    throw error;
  }
}

/** A CSV table with a header row as objects by column name, with the line of each row. */
export function parseCsvTable(text: string): { line: number; cells: Record<string, string> }[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const columns = header.fields.map((field) => field.trim());
  return rows.map(({ line, fields }) => ({ line, cells: Object.fromEntries(columns.map((column, i) => [column, fields[i] ?? ''])) }));
}

const orNull = (value: string) => (value === '' ? null : value);

/** A CSV row as a record; the organisation and locations as far as the file knows them. */
export function fromCsvRow(cells: Record<string, string>, problems: FieldProblem[]): ServiceRecord {
  const get = (column: CsvColumn) => unneutralise(cells[column] ?? '');
  const status = catalogueStatus(get('status'));
  if (!status) problems.push({ field: 'status', key: 'opendata.problem.unknownStatus', params: { status: get('status') } });
  const bool = (column: CsvColumn) => {
    const value = get(column);
    if (value !== 'true' && value !== 'false') problems.push({ field: column, key: 'opendata.problem.mustBeBoolean' });
    return value === 'true';
  };
  const amount = get('cost_amount_eur');
  if (amount !== '' && !/^\d+(\.\d{1,2})?$/.test(amount)) problems.push({ field: 'cost_amount_eur', key: 'opendata.problem.mustBeEuros' });
  const interval = get('review_interval_days');
  if (!/^\d+$/.test(interval)) problems.push({ field: 'review_interval_days', key: 'opendata.problem.mustBeDays' });
  const areaKind = get('area_kind');
  if (!['national', 'regions', 'municipalities'].includes(areaKind)) problems.push({ field: 'area_kind', key: 'opendata.problem.mustBeAreaKind' });
  const capacity = get('capacity');
  if (capacity !== '' && !['ruim', 'beperkt', 'vol'].includes(capacity)) problems.push({ field: 'capacity', key: 'opendata.problem.mustBeCapacity' });
  return {
    id: get('id'),
    key: get('key'),
    regionCode: orNull(get('region_code')),
    status: (status ?? 'concept') as CatalogueStatus,
    name: get('name'),
    summary: get('summary'),
    description: get('description'),
    audiences: splitList(get('audiences')),
    themes: splitList(get('themes')),
    eligibility: get('eligibility_description'),
    costFree: bool('cost_free'),
    costDescription: orNull(get('fees_description')),
    costAmountCents: amount === '' ? null : Math.round(Number(amount) * 100),
    languages: splitList(get('languages')),
    deliveryModes: splitList(get('delivery_modes')),
    areaKind: areaKind as AreaKind,
    areaCodes: splitList(get('area_codes')),
    access: splitList(get('access')),
    applicationProcess: get('application_process'),
    waitTime: orNull(get('wait_time')),
    capacity: (orNull(capacity) as ServiceRecord['capacity']) ?? null,
    contactEmail: orNull(get('email')),
    contactPhone: orNull(get('phone')),
    contactUrl: orNull(get('url')),
    keywords: splitList(get('keywords')),
    reviewIntervalDays: Number(interval),
    lastReviewed: get('last_reviewed'),
    organisation: {
      id: get('organization_id'),
      name: get('organization_name'),
      kind: get('organization_kind') as OrganisationKind,
      suwiParty: bool('organization_suwi_party'),
      description: orNull(get('organization_description')),
      website: orNull(get('organization_website')),
      email: orNull(get('organization_email')),
      phone: orNull(get('organization_phone')),
    },
    locations: splitList(get('location_keys')),
  };
}
