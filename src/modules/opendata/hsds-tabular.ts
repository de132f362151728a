import { unzipSync, strFromU8 } from 'fflate';
import { parseCsvTable } from './csv.ts';

// The tabular form of HSDS 3.0: a folder or zip of CSV files, one per table (services.csv,
// organizations.csv, locations.csv, service_at_locations.csv, phones.csv, …), usually with a
// datapackage.json that names them. Rows link by id columns (service_id, location_id,
// organization_id, link_id, …). This builds the nested service objects of the JSON form from them,
// so one importer reads both: a row is placed in every object whose id it names (a phone with a
// service_id and a location_id belongs to both, as the JSON examples repeat it).

export class TabularFormatError extends Error {}

export interface TabularService {
  /** The service as nested HSDS JSON. */
  service: Record<string, unknown>;
  /** Its row in services.csv. */
  line: number;
}

type Row = Record<string, unknown>;

/** Columns whose values are numbers in HSDS (the CSV holds them as text). */
const NUMERIC = new Set(['latitude', 'longitude', 'amount', 'minimum_age', 'maximum_age', 'extension', 'year_incorporated', 'interval', 'count', 'timezone']);

/** Table name → the file names it may have (the standard's, and the singular some exports use). */
const TABLES = {
  services: ['services.csv', 'service.csv'],
  organizations: ['organizations.csv', 'organization.csv'],
  locations: ['locations.csv', 'location.csv'],
  serviceAtLocations: ['service_at_locations.csv', 'service_at_location.csv'],
  addresses: ['addresses.csv', 'address.csv'],
  phones: ['phones.csv', 'phone.csv'],
  schedules: ['schedules.csv', 'schedule.csv'],
  serviceAreas: ['service_areas.csv', 'service_area.csv'],
  languages: ['languages.csv', 'language.csv'],
  costOptions: ['cost_options.csv', 'cost_option.csv'],
  attributes: ['attributes.csv', 'attribute.csv'],
  taxonomyTerms: ['taxonomy_terms.csv', 'taxonomy_term.csv'],
  taxonomies: ['taxonomies.csv', 'taxonomy.csv'],
  contacts: ['contacts.csv', 'contact.csv'],
  funding: ['funding.csv', 'fundings.csv'],
  programs: ['programs.csv', 'program.csv'],
  requiredDocuments: ['required_documents.csv', 'required_document.csv'],
  accessibility: ['accessibility.csv', 'accessibility_for_disabilities.csv'],
  organizationIdentifiers: ['organization_identifiers.csv', 'organization_identifier.csv'],
  urls: ['urls.csv', 'url.csv'],
} as const;

/** The files of a zip (any folder depth), by their base name. */
export function filesFromZip(bytes: Uint8Array): Map<string, string> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new TabularFormatError(`the file is not a readable zip: ${(error as Error).message}`);
  }
  const files = new Map<string, string>();
  for (const [name, data] of Object.entries(entries)) {
    if (name.endsWith('/') || name.includes('__MACOSX')) continue;
    files.set(name.split('/').pop()!.toLowerCase(), strFromU8(data));
  }
  return files;
}

function rowsOf(text: string | undefined): { line: number; row: Row }[] {
  if (text === undefined) return [];
  return parseCsvTable(text).map(({ line, cells }) => {
    const row: Row = {};
    for (const [column, value] of Object.entries(cells)) {
      if (value === '' || !column) continue;
      const number = NUMERIC.has(column) ? Number(value) : NaN;
      row[column] = NUMERIC.has(column) && Number.isFinite(number) ? number : value;
    }
    return { line, row };
  });
}

/** The file names datapackage.json gives its resources (by resource name), when it lists them. */
function datapackagePaths(files: ReadonlyMap<string, string>): Map<string, string> {
  const paths = new Map<string, string>();
  const text = files.get('datapackage.json');
  if (!text) return paths;
  try {
    const pkg = JSON.parse(text) as { resources?: { name?: string; path?: string }[] };
    for (const resource of pkg.resources ?? []) {
      if (resource.name && typeof resource.path === 'string') paths.set(resource.name.toLowerCase(), resource.path.split('/').pop()!.toLowerCase());
    }
  } catch {
    // A datapackage.json that is not JSON (or a pointer to another one) adds nothing: the tables have their standard names.
  }
  return paths;
}

/** Rows of each table grouped by the value of one of their id columns. */
function index(rows: readonly Row[], column: string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const row of rows) {
    const key = row[column];
    if (typeof key !== 'string') continue;
    (out.get(key) ?? out.set(key, []).get(key)!).push(row);
  }
  return out;
}

/** The services of a tabular HSDS data package as nested HSDS JSON, in the order of services.csv. */
export function readTabular(files: ReadonlyMap<string, string>): TabularService[] {
  const named = datapackagePaths(files);
  const table = (key: keyof typeof TABLES) => {
    const resource = named.get(TABLES[key][0].replace(/\.csv$/, ''));
    const name = [resource, ...TABLES[key]].find((candidate) => candidate && files.has(candidate));
    return rowsOf(name ? files.get(name) : undefined);
  };
  const services = table('services');
  if (services.length === 0) throw new TabularFormatError('the data package has no services.csv (or it has no rows)');
  const plain = (key: keyof typeof TABLES) => table(key).map(({ row }) => row);

  const organizations = new Map(plain('organizations').map((o) => [String(o.id), o] as const));
  const locations = new Map(plain('locations').map((l) => [String(l.id), l] as const));
  const programs = new Map(plain('programs').map((p) => [String(p.id), p] as const));
  const terms = new Map(plain('taxonomyTerms').map((t) => [String(t.id), t] as const));
  const taxonomies = new Map(plain('taxonomies').map((t) => [String(t.id), t] as const));
  const links = plain('serviceAtLocations');
  const tables = {
    phones: plain('phones'),
    schedules: plain('schedules'),
    serviceAreas: plain('serviceAreas'),
    languages: plain('languages'),
    costOptions: plain('costOptions'),
    contacts: plain('contacts'),
    funding: plain('funding'),
    requiredDocuments: plain('requiredDocuments'),
    accessibility: plain('accessibility'),
    addresses: plain('addresses'),
    organizationIdentifiers: plain('organizationIdentifiers'),
    urls: plain('urls'),
  };
  const attributesByLink = index(plain('attributes'), 'link_id');
  const by = (rows: readonly Row[], column: string) => index(rows, column);
  const groups = {
    phones: { service: by(tables.phones, 'service_id'), location: by(tables.phones, 'location_id'), organization: by(tables.phones, 'organization_id'), contact: by(tables.phones, 'contact_id'), link: by(tables.phones, 'service_at_location_id') },
    schedules: { service: by(tables.schedules, 'service_id'), location: by(tables.schedules, 'location_id'), link: by(tables.schedules, 'service_at_location_id') },
    languages: { service: by(tables.languages, 'service_id'), location: by(tables.languages, 'location_id'), phone: by(tables.languages, 'phone_id') },
    contacts: { service: by(tables.contacts, 'service_id'), location: by(tables.contacts, 'location_id'), organization: by(tables.contacts, 'organization_id'), link: by(tables.contacts, 'service_at_location_id') },
    funding: { service: by(tables.funding, 'service_id'), organization: by(tables.funding, 'organization_id') },
    serviceAreas: by(tables.serviceAreas, 'service_id'),
    costOptions: by(tables.costOptions, 'service_id'),
    requiredDocuments: by(tables.requiredDocuments, 'service_id'),
    accessibility: by(tables.accessibility, 'location_id'),
    addresses: by(tables.addresses, 'location_id'),
    organizationIdentifiers: by(tables.organizationIdentifiers, 'organization_id'),
    urls: { service: by(tables.urls, 'service_id'), organization: by(tables.urls, 'organization_id') },
    links: by(links, 'service_id'),
  };
  const get = (map: Map<string, Row[]>, id: unknown) => (typeof id === 'string' ? (map.get(id) ?? []) : []);

  const attributes = (id: unknown) =>
    get(attributesByLink, id).map((attribute) => {
      const term = typeof attribute.taxonomy_term_id === 'string' ? terms.get(attribute.taxonomy_term_id) : undefined;
      if (!term) return attribute;
      const taxonomy = typeof term.taxonomy_id === 'string' ? taxonomies.get(term.taxonomy_id) : undefined;
      return { ...attribute, taxonomy_term: { ...term, ...(taxonomy ? { taxonomy_detail: taxonomy } : {}) } };
    });
  const phones = (rows: Row[]) => rows.map((phone) => withLists(phone, { languages: get(groups.languages.phone, phone.id) }));
  const contacts = (rows: Row[]) => rows.map((contact) => withLists(contact, { phones: phones(get(groups.phones.contact, contact.id)) }));

  const location = (id: unknown): Row | undefined => {
    const row = typeof id === 'string' ? locations.get(id) : undefined;
    if (!row) return undefined;
    return withLists(row, {
      addresses: get(groups.addresses, id),
      phones: phones(get(groups.phones.location, id)),
      schedules: get(groups.schedules.location, id).filter((s) => s.service_id === undefined && s.service_at_location_id === undefined),
      languages: get(groups.languages.location, id).filter((l) => l.service_id === undefined),
      accessibility: get(groups.accessibility, id),
      contacts: contacts(get(groups.contacts.location, id).filter((c) => c.service_id === undefined)),
      attributes: attributes(id),
    });
  };
  const organization = (id: unknown): Row | undefined => {
    const row = typeof id === 'string' ? organizations.get(id) : undefined;
    if (!row) return undefined;
    return withLists(row, {
      phones: phones(get(groups.phones.organization, id).filter((p) => p.service_id === undefined && p.location_id === undefined)),
      contacts: contacts(get(groups.contacts.organization, id).filter((c) => c.service_id === undefined && c.location_id === undefined)),
      funding: get(groups.funding.organization, id).filter((f) => f.service_id === undefined),
      organization_identifiers: get(groups.organizationIdentifiers, id),
      additional_websites: get(groups.urls.organization, id),
      attributes: attributes(id),
    });
  };

  return services.map(({ row, line }) => {
    const id = row.id;
    const program = typeof row.program_id === 'string' ? programs.get(row.program_id) : undefined;
    const org = organization(row.organization_id);
    const service = withLists(
      { ...row, ...(org ? { organization: org } : {}), ...(program ? { program } : {}) },
      {
        phones: phones(get(groups.phones.service, id)),
        schedules: get(groups.schedules.service, id).filter((s) => s.location_id === undefined && s.service_at_location_id === undefined),
        service_areas: get(groups.serviceAreas, id),
        languages: get(groups.languages.service, id),
        cost_options: get(groups.costOptions, id),
        contacts: contacts(get(groups.contacts.service, id).filter((c) => c.service_at_location_id === undefined)),
        funding: get(groups.funding.service, id),
        required_documents: get(groups.requiredDocuments, id),
        additional_urls: get(groups.urls.service, id),
        attributes: attributes(id),
        service_at_locations: get(groups.links, id).map((link) =>
          withLists(
            { ...link, ...(location(link.location_id) ? { location: location(link.location_id) } : {}) },
            {
              phones: phones(get(groups.phones.link, link.id)),
              schedules: get(groups.schedules.link, link.id),
              contacts: contacts(get(groups.contacts.link, link.id)),
            },
          ),
        ),
      },
    );
    return { service, line };
  });
}

/** The row with its non-empty child lists. */
function withLists(row: Row, lists: Record<string, Row[]>): Row {
  const out: Row = { ...row };
  for (const [key, value] of Object.entries(lists)) if (value.length > 0) out[key] = value;
  return out;
}
