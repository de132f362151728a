import { createHash } from 'node:crypto';
import type { AreaKind, CatalogueStatus, LocationRole, OrganisationKind } from '../../platform/db/schema.ts';
import { accessRoutes, audiences, deliveryModes, themes, type Term } from '../catalogue/taxonomy.ts';
import type { OpeningHoursInput } from '../catalogue/catalogue.repository.ts';
import type { LocationRecord, NameLookup, OrganisationRecord, ServiceRecord } from '../catalogue/records.ts';

// Our catalogue ⇄ HSDS 3.0 (Open Referral Human Services Data Specification), one service object
// per service as `compiled/service_with_definitions.json` describes it, so that export → import
// gives back every field of our model.
//
// Mapping (HSDS field ← our field):
//   service.id ← our UUID; organization_id, organization (name, description, email, website,
//     phones[0] ← phone; attributes werkcentrum:organisatiesoort ← kind, werkcentrum:suwi ← SUWI flag)
//   name, description, eligibility_description ← eligibility, application_process, wait_time,
//   fees_description ← cost description, cost_options[0] ← amount (euros, currency EUR),
//   url / email / phones[0] ← contact, assured_date ← last reviewed,
//   status: gepubliceerd → active, gearchiveerd → defunct, concept → inactive (the public export
//     holds published services only; on import active → gepubliceerd, defunct → gearchiveerd,
//     inactive and "temporarily closed" → concept, so nothing unreviewed goes public by import)
//   languages[] ← ISO 639-1 codes (name in Dutch)
//   service_areas[] ← national / region / municipality, each with its name and a `uri`:
//     gemeente: https://identifier.overheid.nl/tooi/id/gemeente/gm0153 (TOOI, the government's
//     identifier), arbeidsmarktregio: urn:werkcentrum:arbeidsmarktregio:AM05, national:
//     urn:werkcentrum:land:NL
//   service_at_locations[].location ← location (external_identifier ← key, type
//     `werkcentrum:sleutel`; addresses[0], accessibility[0], schedules (weekly, byday), attributes
//     werkcentrum:locatierol ← role, werkcentrum:gemeente ← municipality code)
//   attributes[] (each linked to a taxonomy_term; the term's `taxonomy` names the vocabulary):
//     werkcentrum:veld/sleutel (value: stable key), werkcentrum:veld/samenvatting (value: summary),
//     werkcentrum:regio (moderating region code, or `nationaal`), werkcentrum:doelgroep,
//     werkcentrum:thema (sub-themes; the term's parent_id is the theme's term), werkcentrum:kanaal,
//     werkcentrum:toegang, werkcentrum:kosten (gratis | betaald), werkcentrum:capaciteit,
//     werkcentrum:veld/herzieningstermijn (value: days), werkcentrum:veld/zoekwoord (value: keyword)
// HSDS objects allow additional properties, but everything fits standard fields, so there are none.
// Ids: our UUIDs for services, organisations and locations; nested objects get UUID v5 ids from
// their parent id, kind and position, and taxonomy terms from their vocabulary and code, so an
// export of unchanged data is byte-identical.

/** UUID v5 namespace of Werkcentrum open data (fixed; changing it changes every nested id). */
export const HSDS_NAMESPACE = '6f1c2b8e-3d4a-5e6f-8a7b-9c0d1e2f3a4b';

export function uuidV5(name: string, namespace = HSDS_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const nestedId = (parentId: string, kind: string, index: number) => uuidV5(`${parentId}/${kind}/${index}`);

// HSDS types (the parts we use) ---------------------------------------------------------------------

export interface HsdsTaxonomyTerm {
  id: string;
  code?: string;
  name: string;
  description: string;
  parent_id?: string;
  taxonomy?: string;
  language?: string;
}

export interface HsdsAttribute {
  id: string;
  link_id?: string;
  link_type?: string;
  link_entity?: string;
  taxonomy_term_id?: string;
  value?: string;
  taxonomy_term?: HsdsTaxonomyTerm;
}

export interface HsdsPhone {
  id: string;
  number: string;
  type?: string;
  service_id?: string;
  organization_id?: string;
  location_id?: string;
}

export interface HsdsSchedule {
  id: string;
  location_id?: string;
  freq?: string;
  wkst?: string;
  byday?: string;
  opens_at?: string;
  closes_at?: string;
  description?: string;
  notes?: string;
}

export interface HsdsAddress {
  id: string;
  location_id?: string;
  address_1: string;
  city: string;
  region?: string;
  state_province: string;
  postal_code: string;
  country: string;
  address_type: string;
}

export interface HsdsLocation {
  id: string;
  location_type: string;
  organization_id?: string;
  name?: string;
  description?: string;
  latitude?: number;
  longitude?: number;
  external_identifier?: string;
  external_identifier_type?: string;
  addresses?: HsdsAddress[];
  accessibility?: { id: string; location_id?: string; description?: string }[];
  schedules?: HsdsSchedule[];
  attributes?: HsdsAttribute[];
}

export interface HsdsOrganization {
  id: string;
  name: string;
  description: string;
  email?: string;
  website?: string;
  phones?: HsdsPhone[];
  attributes?: HsdsAttribute[];
}

export interface HsdsService {
  id: string;
  organization_id?: string;
  name: string;
  description?: string;
  url?: string;
  email?: string;
  status: string;
  application_process?: string;
  fees_description?: string;
  wait_time?: string;
  eligibility_description?: string;
  assured_date?: string;
  phones?: HsdsPhone[];
  service_areas?: { id: string; service_id?: string; name?: string; description?: string; uri?: string }[];
  service_at_locations?: { id: string; service_id?: string; location_id?: string; location?: HsdsLocation }[];
  languages?: { id: string; service_id?: string; name?: string; code?: string }[];
  organization?: HsdsOrganization;
  cost_options?: { id: string; service_id?: string; option?: string; currency?: string; amount?: number; amount_description?: string }[];
  attributes?: HsdsAttribute[];
}

// Taxonomies -------------------------------------------------------------------------------------------

export const TAXONOMY = {
  field: 'werkcentrum:veld',
  region: 'werkcentrum:regio',
  audience: 'werkcentrum:doelgroep',
  theme: 'werkcentrum:thema',
  deliveryMode: 'werkcentrum:kanaal',
  access: 'werkcentrum:toegang',
  cost: 'werkcentrum:kosten',
  capacity: 'werkcentrum:capaciteit',
  organisationKind: 'werkcentrum:organisatiesoort',
  suwi: 'werkcentrum:suwi',
  locationRole: 'werkcentrum:locatierol',
  municipality: 'werkcentrum:gemeente',
} as const;

export const KEY_IDENTIFIER_TYPE = 'werkcentrum:sleutel';

const fieldTerms: Record<string, { name: string; description: string }> = {
  sleutel: { name: 'Sleutel', description: 'Vaste sleutel van de dienst in Werkcentrum; blijft gelijk als de naam verandert.' },
  samenvatting: { name: 'Samenvatting', description: 'Een of twee zinnen over de dienst, voor zoekresultaten.' },
  herzieningstermijn: { name: 'Herzieningstermijn in dagen', description: 'Na zoveel dagen moet de aanbieder de dienst opnieuw controleren.' },
  zoekwoord: { name: 'Zoekwoord', description: 'Een woord dat mensen gebruiken voor deze vraag en dat niet in de tekst staat.' },
};

const organisationKindNames: Record<OrganisationKind, string> = {
  gemeente: 'Gemeente',
  uwv: 'UWV',
  oo_fonds: 'O&O-fonds',
  vakbond: 'Vakbond',
  werkgeversorganisatie: 'Werkgeversorganisatie',
  sbb: 'SBB',
  onderwijsinstelling: 'Onderwijsinstelling',
  re_integratiebedrijf: 'Re-integratiebedrijf',
  uitzendbureau: 'Uitzendbureau',
  welzijnsorganisatie: 'Welzijnsorganisatie',
  platform: 'Platform',
  overig: 'Overig',
};

const roleNames: Record<LocationRole, string> = {
  werkcentrum: 'Werkcentrum',
  'partner-in-werkcentrum': 'Partner in het Werkcentrum',
  vestiging: 'Vestiging',
};

const capacityNames = { ruim: 'Ruim plaats', beperkt: 'Beperkt plaats', vol: 'Vol' } as const;

export const termId = (taxonomy: string, code: string) => uuidV5(`taxonomy-term/${taxonomy}/${code}`);

function term(taxonomy: string, code: string, name: string, description?: string, parentCode?: string): HsdsTaxonomyTerm {
  return {
    id: termId(taxonomy, code),
    code,
    name,
    description: description ?? name,
    ...(parentCode ? { parent_id: termId(taxonomy, parentCode) } : {}),
    taxonomy,
    language: 'nl',
  };
}

const byCode = (list: readonly Term[]) => new Map<string, Term>(list.map((t) => [t.code, t] as const));
const audienceTerms = byCode(audiences);
const deliveryTerms = byCode(deliveryModes);
const accessTerms = byCode(accessRoutes);
const subthemeTerms = new Map<string, { term: Term; parent: string }>(
  themes.flatMap((theme) => theme.children.map((child) => [child.code as string, { term: child as Term, parent: theme.code as string }] as const)),
);

/** The taxonomy terms of our vocabularies, as HSDS terms (themes first, then their sub-themes). */
export function werkcentrumTaxonomyTerms(): HsdsTaxonomyTerm[] {
  return [
    ...themes.flatMap((theme) => [
      term(TAXONOMY.theme, theme.code, theme.nl, (theme as Term).explainNl),
      ...theme.children.map((child) => term(TAXONOMY.theme, child.code, child.nl, (child as Term).explainNl, theme.code)),
    ]),
    ...audiences.map((a) => term(TAXONOMY.audience, a.code, a.nl, (a as Term).explainNl)),
    ...deliveryModes.map((d) => term(TAXONOMY.deliveryMode, d.code, d.nl)),
    ...accessRoutes.map((a) => term(TAXONOMY.access, a.code, a.nl)),
  ];
}

// Export ------------------------------------------------------------------------------------------------

export function hsdsStatus(status: CatalogueStatus): 'active' | 'inactive' | 'defunct' {
  return status === 'gepubliceerd' ? 'active' : status === 'gearchiveerd' ? 'defunct' : 'inactive';
}

export function catalogueStatus(status: string): CatalogueStatus | null {
  if (status === 'active') return 'gepubliceerd';
  if (status === 'defunct') return 'gearchiveerd';
  if (status === 'inactive' || status === 'temporarily closed') return 'concept';
  return null;
}

const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const WEEKDAY_NL = ['ma', 'di', 'wo', 'do', 'vr', 'za', 'zo'] as const;

const languageNames = new Intl.DisplayNames(['nl'], { type: 'language' });

export const TOOI_GEMEENTE = 'https://identifier.overheid.nl/tooi/id/gemeente/';
export const URN_REGION = 'urn:werkcentrum:arbeidsmarktregio:';
export const URN_NATIONAL = 'urn:werkcentrum:land:NL';

function areaUri(kind: AreaKind, code: string): string {
  if (kind === 'municipalities') return `${TOOI_GEMEENTE}${code.toLowerCase()}`;
  if (kind === 'regions') return `${URN_REGION}${code}`;
  return URN_NATIONAL;
}

function attributeList(
  linkId: string,
  linkEntity: string,
  entries: { term: HsdsTaxonomyTerm; value?: string }[],
): HsdsAttribute[] {
  return entries.map(({ term: t, value }, index) => ({
    id: nestedId(linkId, 'attribute', index),
    link_id: linkId,
    link_type: t.taxonomy!.replace(/^werkcentrum:/, ''),
    link_entity: linkEntity,
    taxonomy_term_id: t.id,
    ...(value === undefined ? {} : { value }),
    taxonomy_term: t,
  }));
}

const fieldTerm = (code: keyof typeof fieldTerms) => term(TAXONOMY.field, code, fieldTerms[code]!.name, fieldTerms[code]!.description);

function phoneList(ownerField: 'service_id' | 'organization_id' | 'location_id', ownerId: string, number: string | null): HsdsPhone[] {
  return number ? [{ id: nestedId(ownerId, 'phone', 0), [ownerField]: ownerId, number, type: 'voice' } as HsdsPhone] : [];
}

export function toHsdsOrganization(org: OrganisationRecord): HsdsOrganization {
  return {
    id: org.id,
    name: org.name,
    // Required by HSDS; an organisation without a description gets an empty one.
    description: org.description ?? '',
    ...(org.email ? { email: org.email } : {}),
    ...(org.website ? { website: org.website } : {}),
    phones: phoneList('organization_id', org.id, org.phone),
    attributes: attributeList(org.id, 'organization', [
      { term: term(TAXONOMY.organisationKind, org.kind, organisationKindNames[org.kind]) },
      { term: term(TAXONOMY.suwi, org.suwiParty ? 'ja' : 'nee', org.suwiParty ? 'SUWI-partij' : 'Geen SUWI-partij') },
    ]),
  };
}

function scheduleDescription(hours: OpeningHoursInput): string {
  return `${hours.days.map((d) => WEEKDAY_NL[d - 1]).join(', ')} ${hours.opens}–${hours.closes}`;
}

export function toHsdsLocation(location: LocationRecord, names: NameLookup): HsdsLocation {
  const id = location.id;
  return {
    id,
    location_type: 'physical',
    organization_id: location.organisationId,
    name: location.name,
    ...(location.description ? { description: location.description } : {}),
    latitude: location.lat,
    longitude: location.lon,
    external_identifier: location.key,
    external_identifier_type: KEY_IDENTIFIER_TYPE,
    addresses: [
      {
        id: nestedId(id, 'address', 0),
        location_id: id,
        address_1: location.street,
        city: location.city,
        region: names.municipalities.get(location.municipalityCode) ?? location.municipalityCode,
        // Required by HSDS; we do not keep the province.
        state_province: '',
        postal_code: location.postalCode,
        country: 'NL',
        address_type: 'physical',
      },
    ],
    accessibility: location.accessibility ? [{ id: nestedId(id, 'accessibility', 0), location_id: id, description: location.accessibility }] : [],
    schedules: location.openingHours.map((hours, index) => ({
      id: nestedId(id, 'schedule', index),
      location_id: id,
      freq: 'WEEKLY',
      wkst: 'MO',
      byday: hours.days.map((d) => WEEKDAY_CODES[d - 1]).join(','),
      opens_at: hours.opens,
      closes_at: hours.closes,
      description: scheduleDescription(hours),
      ...(hours.note ? { notes: hours.note } : {}),
    })),
    attributes: attributeList(id, 'location', [
      { term: term(TAXONOMY.locationRole, location.role, roleNames[location.role]) },
      { term: term(TAXONOMY.municipality, location.municipalityCode, names.municipalities.get(location.municipalityCode) ?? location.municipalityCode) },
    ]),
  };
}

function areaName(kind: AreaKind, code: string, names: NameLookup): { name: string; description: string } {
  if (kind === 'national') return { name: 'Nederland', description: 'Heel Nederland' };
  if (kind === 'regions') {
    const name = names.regions.get(code) ?? code;
    return { name, description: `Arbeidsmarktregio ${name} (${code})` };
  }
  const name = names.municipalities.get(code) ?? code;
  return { name, description: `Gemeente ${name} (${code})` };
}

/** One service as an HSDS 3.0 service object, with its organisation and locations embedded. */
export function toHsdsService(service: ServiceRecord, names: NameLookup): HsdsService {
  const id = service.id;
  const areaCodes = service.areaKind === 'national' ? ['NL'] : service.areaCodes;
  const attributes: { term: HsdsTaxonomyTerm; value?: string }[] = [
    { term: fieldTerm('sleutel'), value: service.key },
    { term: fieldTerm('samenvatting'), value: service.summary },
    {
      term: service.regionCode
        ? term(TAXONOMY.region, service.regionCode, names.regions.get(service.regionCode) ?? service.regionCode, 'Regio die de dienst beheert')
        : term(TAXONOMY.region, 'nationaal', 'Landelijk', 'Landelijke dienst, beheerd door het platformteam'),
    },
    ...service.audiences.map((code) => ({ term: term(TAXONOMY.audience, code, audienceTerms.get(code)?.nl ?? code, audienceTerms.get(code)?.explainNl) })),
    ...service.themes.map((code) => {
      const sub = subthemeTerms.get(code);
      return { term: term(TAXONOMY.theme, code, sub?.term.nl ?? code, sub?.term.explainNl, sub?.parent) };
    }),
    ...service.deliveryModes.map((code) => ({ term: term(TAXONOMY.deliveryMode, code, deliveryTerms.get(code)?.nl ?? code) })),
    ...service.access.map((code) => ({ term: term(TAXONOMY.access, code, accessTerms.get(code)?.nl ?? code) })),
    { term: service.costFree ? term(TAXONOMY.cost, 'gratis', 'Gratis') : term(TAXONOMY.cost, 'betaald', 'Niet gratis') },
    ...(service.capacity ? [{ term: term(TAXONOMY.capacity, service.capacity, capacityNames[service.capacity]) }] : []),
    { term: fieldTerm('herzieningstermijn'), value: String(service.reviewIntervalDays) },
    ...service.keywords.map((keyword) => ({ term: fieldTerm('zoekwoord'), value: keyword })),
  ];
  const locations = service.locations.filter((l): l is LocationRecord => typeof l !== 'string');
  return {
    id,
    organization_id: service.organisation.id,
    name: service.name,
    description: service.description,
    ...(service.contactUrl ? { url: service.contactUrl } : {}),
    ...(service.contactEmail ? { email: service.contactEmail } : {}),
    status: hsdsStatus(service.status),
    application_process: service.applicationProcess,
    ...(service.costDescription ? { fees_description: service.costDescription } : {}),
    ...(service.waitTime ? { wait_time: service.waitTime } : {}),
    eligibility_description: service.eligibility,
    assured_date: service.lastReviewed,
    phones: phoneList('service_id', id, service.contactPhone),
    service_areas: areaCodes.map((code, index) => ({
      id: nestedId(id, 'service_area', index),
      service_id: id,
      ...areaName(service.areaKind, code, names),
      uri: areaUri(service.areaKind, code),
    })),
    service_at_locations: locations.map((location) => ({
      id: uuidV5(`${id}/service_at_location/${location.id}`),
      service_id: id,
      location_id: location.id,
      location: toHsdsLocation(location, names),
    })),
    languages: service.languages.map((code, index) => ({
      id: nestedId(id, 'language', index),
      service_id: id,
      name: languageNames.of(code) ?? code,
      code,
    })),
    organization: toHsdsOrganization(service.organisation),
    cost_options:
      service.costAmountCents === null
        ? []
        : [
            {
              id: nestedId(id, 'cost_option', 0),
              service_id: id,
              option: service.costFree ? 'Gratis, met een bijdrage in sommige gevallen' : 'Eigen bijdrage',
              currency: 'EUR',
              amount: service.costAmountCents / 100,
            },
          ],
    attributes: attributeList(id, 'service', attributes),
  };
}

// Import ------------------------------------------------------------------------------------------------

/** A problem with one field of one service in a file. */
export interface FieldProblem {
  field: string;
  message: string;
}

interface AttributeValue {
  taxonomy: string;
  code: string;
  value: string | undefined;
}

const knownTerms = new Map<string, { taxonomy: string; code: string }>();
function rememberTerm(taxonomy: string, code: string) {
  knownTerms.set(termId(taxonomy, code), { taxonomy, code });
}
for (const t of werkcentrumTaxonomyTerms()) rememberTerm(t.taxonomy!, t.code!);
for (const code of Object.keys(fieldTerms)) rememberTerm(TAXONOMY.field, code);
for (const code of ['gratis', 'betaald']) rememberTerm(TAXONOMY.cost, code);
for (const code of Object.keys(capacityNames)) rememberTerm(TAXONOMY.capacity, code);
for (const code of Object.keys(organisationKindNames)) rememberTerm(TAXONOMY.organisationKind, code);
for (const code of ['ja', 'nee']) rememberTerm(TAXONOMY.suwi, code);
for (const code of Object.keys(roleNames)) rememberTerm(TAXONOMY.locationRole, code);

/** Attributes as (vocabulary, code, value); by the embedded term, or by a term id we know. */
function readAttributes(attributes: HsdsAttribute[] | undefined): AttributeValue[] {
  const out: AttributeValue[] = [];
  for (const attribute of attributes ?? []) {
    const t = attribute.taxonomy_term;
    const known = attribute.taxonomy_term_id ? knownTerms.get(attribute.taxonomy_term_id) : undefined;
    const taxonomy = t?.taxonomy ?? known?.taxonomy;
    const code = t?.code ?? known?.code;
    if (taxonomy && code) out.push({ taxonomy, code, value: attribute.value });
  }
  return out;
}

const codesOf = (values: AttributeValue[], taxonomy: string) => values.filter((v) => v.taxonomy === taxonomy).map((v) => v.code);
const fieldValues = (values: AttributeValue[], code: string) =>
  values.filter((v) => v.taxonomy === TAXONOMY.field && v.code === code && v.value !== undefined).map((v) => v.value!);

export function slugKey(name: string, id: string): string {
  const base = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${base || 'item'}-${id.replace(/[^0-9a-f]/gi, '').slice(0, 8).toLowerCase()}`;
}

const hhmm = (value: string | undefined) => (value && /^\d{2}:\d{2}/.test(value) ? value.slice(0, 5) : (value ?? ''));

export function fromHsdsOrganization(org: HsdsOrganization): OrganisationRecord {
  const values = readAttributes(org.attributes);
  const kind = codesOf(values, TAXONOMY.organisationKind)[0];
  return {
    id: org.id,
    name: org.name,
    kind: (kind ?? 'overig') as OrganisationKind,
    suwiParty: codesOf(values, TAXONOMY.suwi)[0] === 'ja',
    description: org.description ? org.description : null,
    website: org.website ?? null,
    email: org.email ?? null,
    phone: org.phones?.[0]?.number ?? null,
  };
}

export function fromHsdsLocation(location: HsdsLocation, problems: FieldProblem[], field: string): LocationRecord {
  const values = readAttributes(location.attributes);
  const address = location.addresses?.find((a) => a.address_type === 'physical') ?? location.addresses?.[0];
  if (!address) problems.push({ field: `${field}.addresses`, message: 'a location needs a physical address' });
  const municipality = codesOf(values, TAXONOMY.municipality)[0];
  if (!municipality) problems.push({ field: `${field}.attributes`, message: `no ${TAXONOMY.municipality} attribute (municipality code)` });
  if (location.latitude === undefined || location.longitude === undefined) problems.push({ field, message: 'latitude and longitude are required' });
  const openingHours: OpeningHoursInput[] = [];
  for (const [index, schedule] of (location.schedules ?? []).entries()) {
    const days = (schedule.byday ?? '').split(',').map((d) => WEEKDAY_CODES.indexOf(d.trim().toUpperCase() as (typeof WEEKDAY_CODES)[number]) + 1);
    if ((schedule.freq ?? 'WEEKLY') !== 'WEEKLY' || days.length === 0 || days.some((d) => d === 0) || !schedule.opens_at || !schedule.closes_at) {
      problems.push({ field: `${field}.schedules[${index}]`, message: 'only weekly schedules with byday, opens_at and closes_at can be imported' });
      continue;
    }
    openingHours.push({ days, opens: hhmm(schedule.opens_at), closes: hhmm(schedule.closes_at), note: schedule.notes ?? null });
  }
  const key =
    location.external_identifier && location.external_identifier_type === KEY_IDENTIFIER_TYPE
      ? location.external_identifier
      : slugKey(location.name ?? address?.address_1 ?? 'locatie', location.id);
  return {
    id: location.id,
    key,
    organisationId: location.organization_id ?? '',
    role: (codesOf(values, TAXONOMY.locationRole)[0] ?? 'vestiging') as LocationRole,
    name: location.name ?? '',
    description: location.description ?? null,
    street: address?.address_1 ?? '',
    postalCode: address?.postal_code ?? '',
    city: address?.city ?? '',
    municipalityCode: municipality ?? '',
    lat: location.latitude ?? 0,
    lon: location.longitude ?? 0,
    accessibility: location.accessibility?.[0]?.description ?? null,
    openingHours,
  };
}

function parseAreas(service: HsdsService, problems: FieldProblem[]): { kind: AreaKind; codes: string[] } {
  const kinds = new Set<AreaKind>();
  const codes: string[] = [];
  for (const [index, area] of (service.service_areas ?? []).entries()) {
    const uri = area.uri ?? '';
    if (uri === URN_NATIONAL) kinds.add('national');
    else if (uri.startsWith(URN_REGION)) {
      kinds.add('regions');
      codes.push(uri.slice(URN_REGION.length));
    } else if (uri.startsWith(TOOI_GEMEENTE)) {
      kinds.add('municipalities');
      codes.push(uri.slice(TOOI_GEMEENTE.length).toUpperCase());
    } else problems.push({ field: `service_areas[${index}].uri`, message: `unknown area identifier "${uri}"` });
  }
  if (kinds.size === 0) {
    problems.push({ field: 'service_areas', message: 'a service needs a service area (national, regions or municipalities)' });
    return { kind: 'national', codes: [] };
  }
  if (kinds.size > 1) problems.push({ field: 'service_areas', message: 'service areas mix national, region and municipality' });
  const kind = [...kinds][0]!;
  return { kind, codes: kind === 'national' ? [] : codes };
}

/**
 * An HSDS service (as our export makes it, or from another HSDS source) as a record of our model.
 * Missing Werkcentrum attributes are left empty, so validation reports them by field.
 */
export function fromHsdsService(service: HsdsService, defaultRegion: string, problems: FieldProblem[]): ServiceRecord {
  const values = readAttributes(service.attributes);
  const status = catalogueStatus(service.status);
  if (!status) problems.push({ field: 'status', message: `unknown status "${service.status}"` });
  const area = parseAreas(service, problems);
  const region = codesOf(values, TAXONOMY.region)[0];
  const interval = fieldValues(values, 'herzieningstermijn')[0];
  const cost = codesOf(values, TAXONOMY.cost)[0];
  const amount = service.cost_options?.find((option) => typeof option.amount === 'number')?.amount;
  if (service.cost_options?.some((option) => option.currency && option.currency !== 'EUR')) {
    problems.push({ field: 'cost_options.currency', message: 'amounts must be in euros (EUR)' });
  }
  if (!service.organization) problems.push({ field: 'organization', message: 'the organization must be embedded in the service' });
  const capacity = codesOf(values, TAXONOMY.capacity)[0];
  if (capacity && !(capacity in capacityNames)) problems.push({ field: 'attributes', message: `unknown capacity "${capacity}"` });
  return {
    id: service.id,
    key: fieldValues(values, 'sleutel')[0] ?? slugKey(service.name, service.id),
    regionCode: region === undefined ? (area.kind === 'national' ? null : defaultRegion) : region === 'nationaal' ? null : region,
    status: status ?? 'concept',
    name: service.name,
    summary: fieldValues(values, 'samenvatting')[0] ?? (service.description ?? '').slice(0, 280),
    description: service.description ?? '',
    audiences: codesOf(values, TAXONOMY.audience),
    themes: codesOf(values, TAXONOMY.theme),
    eligibility: service.eligibility_description ?? '',
    costFree: cost === undefined ? !(amount !== undefined && amount > 0) : cost === 'gratis',
    costDescription: service.fees_description ?? null,
    costAmountCents: amount === undefined ? null : Math.round(amount * 100),
    languages: (service.languages ?? []).map((l) => (l.code ?? '').toLowerCase()),
    deliveryModes: codesOf(values, TAXONOMY.deliveryMode),
    areaKind: area.kind,
    areaCodes: area.codes,
    access: codesOf(values, TAXONOMY.access),
    applicationProcess: service.application_process ?? '',
    waitTime: service.wait_time ?? null,
    capacity: (capacity ?? null) as ServiceRecord['capacity'],
    contactEmail: service.email ?? null,
    contactPhone: service.phones?.[0]?.number ?? null,
    contactUrl: service.url ?? null,
    keywords: fieldValues(values, 'zoekwoord'),
    // Another source without our review interval: a year, the platform's default for new entries.
    reviewIntervalDays: interval === undefined ? 365 : Number(interval),
    lastReviewed: service.assured_date ?? '',
    organisation: service.organization ? fromHsdsOrganization(service.organization) : fromHsdsOrganization({ id: '', name: '', description: '' }),
    locations: (service.service_at_locations ?? [])
      .map((sal, index) => {
        if (!sal.location) {
          problems.push({ field: `service_at_locations[${index}].location`, message: 'the location must be embedded' });
          return null;
        }
        return fromHsdsLocation(sal.location, problems, `service_at_locations[${index}].location`);
      })
      .filter((l): l is LocationRecord => l !== null),
  };
}

