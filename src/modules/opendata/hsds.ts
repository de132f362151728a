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

const capacityNames = { ruim: 'Ruim plaats', beperkt: 'Beperkte plek', vol: 'Vol' } as const;

/** The codes of our own vocabularies, so an import recognises our attributes by term id alone. */
export const fieldTermCodes = Object.keys(fieldTerms);
export const capacityCodes = Object.keys(capacityNames) as (keyof typeof capacityNames)[];
export const organisationKindCodes = Object.keys(organisationKindNames) as OrganisationKind[];
export const roleCodes = Object.keys(roleNames) as LocationRole[];

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

// Source fields ---------------------------------------------------------------------------------------

type JsonObject = Record<string, unknown>;
const isPlainObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What makes two items of an HSDS list the same thing, whatever their ids. */
function naturalKey(item: unknown): string | undefined {
  if (!isPlainObject(item)) return undefined;
  for (const key of ['location_id', 'number', 'code', 'uri', 'taxonomy_term_id', 'address_1']) {
    if (typeof item[key] === 'string' && item[key] !== '') return `${key}:${String(item[key])}`;
  }
  if (typeof item.byday === 'string') return `schedule:${item.byday}/${String(item.opens_at)}`;
  return typeof item.name === 'string' ? `name:${item.name}` : undefined;
}

/**
 * Our HSDS object with the source's fields that we hold no column for (an import from another
 * system keeps them). On the object itself ours win where both have a value. A list item of the
 * source that is the same thing as one of ours (same number, code, URI, location, …) was kept for
 * what it adds, so its values win within that item; other source items follow ours.
 */
export function withSourceFields<T>(ours: T, source: unknown, sourceWins = false): T {
  if (isPlainObject(ours) && isPlainObject(source)) {
    const out: JsonObject = { ...ours };
    for (const [key, value] of Object.entries(source)) out[key] = key in out ? withSourceFields(out[key], value, sourceWins) : value;
    return out as T;
  }
  if (Array.isArray(ours) && Array.isArray(source)) {
    const out: unknown[] = [...ours];
    for (const item of source) {
      const key = naturalKey(item);
      const index = key === undefined ? -1 : out.findIndex((candidate) => naturalKey(candidate) === key);
      if (index >= 0) out[index] = withSourceFields(out[index], item, true);
      else out.push(item);
    }
    return out as T;
  }
  return sourceWins && source !== undefined && source !== null && source !== '' ? (source as T) : ours;
}

const hasFields = (source: Record<string, unknown> | undefined): source is Record<string, unknown> => source !== undefined && Object.keys(source).length > 0;

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
  const ours: HsdsOrganization = {
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
  return hasFields(org.sourceFields) ? withSourceFields(ours, org.sourceFields) : ours;
}

function scheduleDescription(hours: OpeningHoursInput): string {
  return `${hours.days.map((d) => WEEKDAY_NL[d - 1]).join(', ')} ${hours.opens}–${hours.closes}`;
}

export function toHsdsLocation(location: LocationRecord, names: NameLookup): HsdsLocation {
  const id = location.id;
  const ours: HsdsLocation = {
    id,
    location_type: 'physical',
    organization_id: location.organisationId,
    name: location.name,
    ...(location.description ? { description: location.description } : {}),
    // A point that is only the municipality's centre is not given as the location's coordinates.
    ...(location.approximate ? {} : { latitude: location.lat, longitude: location.lon }),
    // A location from another system keeps its own identifier (BAG, UPRN, …); ours is the key.
    ...(location.sourceFields?.external_identifier ? {} : { external_identifier: location.key, external_identifier_type: KEY_IDENTIFIER_TYPE }),
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
  return hasFields(location.sourceFields) ? withSourceFields(ours, location.sourceFields) : ours;
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
  const ours: HsdsService = {
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
  return hasFields(service.sourceFields) ? withSourceFields(ours, service.sourceFields) : ours;
}
