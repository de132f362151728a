import type { AreaKind, LocationRole, OrganisationKind } from '../../platform/db/schema.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import type { OpeningHoursInput } from '../catalogue/catalogue.repository.ts';
import type { LocationRecord, OrganisationRecord, ServiceRecord } from '../catalogue/records.ts';
import { inferAudiences, inferThemes, conceptText, termOccurs } from '../catalogue/concepts.ts';
import { matchMunicipality } from '../regions/municipality-names.ts';
import { municipalityAt } from '../regions/municipality-shapes.ts';
import {
  capacityCodes,
  catalogueStatus,
  fieldTermCodes,
  KEY_IDENTIFIER_TYPE,
  organisationKindCodes,
  roleCodes,
  TAXONOMY,
  termId,
  TOOI_GEMEENTE,
  URN_NATIONAL,
  URN_REGION,
  uuidV5,
  werkcentrumTaxonomyTerms,
} from './hsds.ts';

// Any HSDS 3.0 service as a record of our catalogue. Our own export carries every field as
// `werkcentrum:` attributes; another system's file has none of them, so each field is taken from
// our attribute when there is one, else from the standard HSDS field, else inferred:
//
// - service area: our URIs; TOOI municipality URIs; else the area's name, description or extent
//   read as "Nederland"/national, a region (code or name) or a municipality (CBS code or name,
//   common names included). Nothing recognised → the import's region, with a warning.
// - a location's municipality: our attribute; a CBS code in its identifiers or address; its postcode
//   area; its coordinates (point in municipality polygon); its city or region as a municipality
//   name. No coordinates → the municipality's centroid, marked approximate. An address outside the
//   Netherlands drops that location with a warning; a service all of whose places lie abroad fails
//   with that reason.
// - virtual locations are online access (delivery mode online, their URL as the contact URL);
//   postal addresses are not places to visit. Both stay in the source fields.
// - themes and audiences: from the words of the name, the file's own taxonomy terms and the
//   description (catalogue/concepts.ts), and age limits and themes for audiences. No theme found →
//   the service still comes in, as a concept with a warning for the coordinator.
// - delivery modes from locations, schedules' attending type, phones and URLs; the access route from
//   the application process (referral words → via-verwijzing, else direct).
// - other vocabularies' taxonomy terms become search keywords (and stay as attributes).
//
// Whatever is not stored in a column stays in `sourceFields` (HSDS JSON), which the export merges
// back: an import loses no field. Problems name HSDS paths. Errors stop the service; warnings say
// what was assumed. A problem is a message key with its values (opendata.messages.ts), shown in the
// reader's language: the web interface's report is stored that way.

/** The message keys of problems (errors and warnings) of one service of an import file. */
export type ProblemKey = Extract<MessageKey, `opendata.problem.${string}`>;

export interface FieldProblem {
  /** The field as the file names it (an HSDS path, a CSV column). */
  field: string;
  key: ProblemKey;
  /** Values for the message's {placeholders}. */
  params?: Record<string, string | number>;
}

export interface ImportMunicipality {
  code: string;
  name: string;
  region_code: string;
  label_lat: number;
  label_lon: number;
}

export interface ImportReference {
  /** Municipality code → region code. */
  municipalities: ReadonlyMap<string, string>;
  regions: ReadonlySet<string>;
  municipalityList: readonly ImportMunicipality[];
  regionNames: ReadonlyMap<string, string>;
  /** PC4 → its municipality code and centre. */
  postcodes: ReadonlyMap<string, { municipality: string; lat: number; lon: number }>;
}

export interface MappedService {
  record: ServiceRecord;
  errors: FieldProblem[];
  warnings: FieldProblem[];
  /** The HSDS path of each of the record's locations. */
  locationPaths: string[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[0-9 +()-]{6,20}$/;

/** Drops keys from a copy, and an object or array left without content. */
function without(value: Json, keys: readonly string[]): Json {
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) if (!keys.includes(key)) out[key] = v;
  return out;
}

/** Without empty strings, nulls and empty lists, at any depth: they say nothing a round trip must keep. */
function compact(value: Json): Json {
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === '' || v === null || v === undefined) continue;
    if (Array.isArray(v)) {
      const items = v.map((item) => (isObject(item) ? compact(item) : item)).filter((item) => !(isObject(item) && Object.keys(item).length === 0));
      if (items.length > 0) out[key] = items;
    } else out[key] = isObject(v) ? compact(v) : v;
  }
  return out;
}

/** A list of phones without the first one's number when a column holds it (the rest of it stays). */
function restOfPhones(phones: Json[], stored: string | null, links: readonly string[]): Json[] {
  if (!stored) return phones;
  const [first, ...others] = phones;
  const rest = without(first!, ['id', 'number', 'type', ...links]);
  return meaningful(rest) ? [{ ...rest, number: stored }, ...others] : others;
}

/** The source fields worth keeping: not empty, and not only ids that link to what holds them. */
function meaningful(value: Json, linkKeys: readonly string[] = []): boolean {
  return Object.entries(value).some(([key, v]) => !['id', ...linkKeys].includes(key) && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0));
}

export function slugKey(name: string, id: string): string {
  const base = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${base || 'item'}-${id.replace(/[^0-9a-f]/gi, '').slice(0, 8).toLowerCase() || uuidV5(id).slice(0, 8)}`;
}

/** A source id as our UUID: kept when it is one, else derived from it (the same id gives the same UUID). */
function ownId(value: unknown, kind: string, fallback: string): string {
  const id = text(value);
  if (id && UUID.test(id)) return id.toLowerCase();
  return uuidV5(`import/${kind}/${id ?? fallback}`);
}

const truncate = (value: string, max: number) => {
  if (value.length <= max) return value;
  const cut = value.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
};

/** One or two sentences of the description, at most 280 characters, for search results. */
export function summaryOf(description: string): string {
  const sentences = description.replace(/\s+/g, ' ').trim().match(/[^.!?]+[.!?]+(\s|$)|[^.!?]+$/g) ?? [];
  let out = '';
  for (const sentence of sentences) {
    if ((out + sentence).trim().length > 280) break;
    out += sentence;
  }
  return truncate(out.trim() || description.trim(), 280);
}

// Our own attributes -----------------------------------------------------------------------------------

const ourTerms = new Map<string, { taxonomy: string; code: string }>();
const remember = (taxonomy: string, code: string) => ourTerms.set(termId(taxonomy, code), { taxonomy, code });
for (const t of werkcentrumTaxonomyTerms()) remember(t.taxonomy!, t.code!);
for (const code of fieldTermCodes) remember(TAXONOMY.field, code);
for (const code of ['gratis', 'betaald']) remember(TAXONOMY.cost, code);
for (const code of capacityCodes) remember(TAXONOMY.capacity, code);
for (const code of organisationKindCodes) remember(TAXONOMY.organisationKind, code);
for (const code of ['ja', 'nee']) remember(TAXONOMY.suwi, code);
for (const code of roleCodes) remember(TAXONOMY.locationRole, code);

interface AttributeValue {
  taxonomy: string;
  code: string;
  value: string | undefined;
}

/** Our attributes (by embedded term or a term id we know), and the others: foreign vocabularies' terms. */
function splitAttributes(attributes: unknown): { ours: AttributeValue[]; foreign: Json[]; foreignTerms: string[] } {
  const ours: AttributeValue[] = [];
  const foreign: Json[] = [];
  const foreignTerms: string[] = [];
  for (const attribute of list(attributes)) {
    const term = isObject(attribute.taxonomy_term) ? attribute.taxonomy_term : undefined;
    const known = text(attribute.taxonomy_term_id) ? ourTerms.get(text(attribute.taxonomy_term_id)!) : undefined;
    const taxonomy = text(term?.taxonomy) ?? known?.taxonomy;
    const code = text(term?.code) ?? known?.code;
    if (taxonomy?.startsWith('werkcentrum:') && code) {
      ours.push({ taxonomy, code, value: text(attribute.value) });
      continue;
    }
    foreign.push(attribute);
    for (const value of [text(term?.name), text(attribute.value)]) if (value && value.length <= 60 && !/^https?:/.test(value)) foreignTerms.push(value);
  }
  return { ours, foreign, foreignTerms };
}

const codesOf = (values: AttributeValue[], taxonomy: string) => values.filter((v) => v.taxonomy === taxonomy).map((v) => v.code);
const fieldValues = (values: AttributeValue[], code: string) =>
  values.filter((v) => v.taxonomy === TAXONOMY.field && v.code === code && v.value !== undefined).map((v) => v.value!);

// Places --------------------------------------------------------------------------------------------------

const DUTCH = new Set(['nl', 'nld', 'nederland', 'netherlands', 'the netherlands', 'holland']);
const NL_BOUNDS = { south: 50.7, north: 53.6, west: 3.3, east: 7.3 };
const inNetherlands = (lat: number, lon: number) => lat >= NL_BOUNDS.south && lat <= NL_BOUNDS.north && lon >= NL_BOUNDS.west && lon <= NL_BOUNDS.east;

function municipalityByCode(reference: ImportReference, value: string | undefined): string | undefined {
  if (!value) return undefined;
  const match = /^(?:GM)?(\d{4})$/i.exec(value.trim()) ?? (/\bGM(\d{4})\b/i.exec(value) || undefined);
  const code = match ? `GM${match[1]}` : undefined;
  return code && reference.municipalities.has(code) ? code : undefined;
}

function municipalityByName(reference: ImportReference, value: string | undefined): string | undefined {
  if (!value) return undefined;
  const name = value.replace(/^\s*(gemeente|municipality of)\s+/i, '');
  return matchMunicipality(reference.municipalityList, name)?.code;
}

const numberOf = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const hhmm = (value: unknown) => {
  const t = text(value);
  return t && /^\d{1,2}:\d{2}/.test(t) ? t.padStart(t.indexOf(':') === 1 ? t.length + 1 : t.length, '0').slice(0, 5) : undefined;
};

/** Weekly schedules we can hold as opening hours; the others are returned as they are. */
function openingHoursOf(schedules: unknown): { hours: OpeningHoursInput[]; rest: Json[] } {
  const hours: OpeningHoursInput[] = [];
  const rest: Json[] = [];
  for (const source of list(schedules)) {
    const schedule = { ...source };
    // Our own export describes the hours in its own words ("ma, di 09:00–17:00"): not a note.
    if (/^(ma|di|wo|do|vr|za|zo)(, (ma|di|wo|do|vr|za|zo))* \d{2}:\d{2}–\d{2}:\d{2}$/.test(text(schedule.description) ?? '')) delete schedule.description;
    const days = (text(schedule.byday) ?? '').split(',').map((d) => WEEKDAY_CODES.indexOf(d.trim().toUpperCase().replace(/^[+-]?\d+/, '') as (typeof WEEKDAY_CODES)[number]) + 1);
    const opens = hhmm(schedule.opens_at);
    const closes = hhmm(schedule.closes_at);
    const weekly = (text(schedule.freq) ?? 'WEEKLY').toUpperCase() === 'WEEKLY' && days.length > 0 && !days.includes(0) && opens !== undefined && closes !== undefined && opens < closes;
    if (!weekly) {
      rest.push(schedule);
      continue;
    }
    // The opening hours hold one note: the schedule's notes, else its description.
    const notes = text(schedule.notes);
    const description = text(schedule.description);
    const note = notes ?? description;
    hours.push({ days, opens: opens!, closes: closes!, note: note ? note.slice(0, 200) : null });
    const plain = Object.keys(schedule).every((key) => ['id', 'location_id', 'service_id', 'service_at_location_id', 'freq', 'wkst', 'byday', 'opens_at', 'closes_at', 'description', 'notes'].includes(key));
    // What the opening hours cannot hold stays, whole, beside them.
    if (!plain || (notes && description) || (note && note.length > 200)) rest.push(schedule);
  }
  return { hours, rest };
}

/** Why a location lies outside the Netherlands: a reason a service is refused, or (with `Kept`) a location is left aside. */
interface AbroadProblem extends FieldProblem {
  key: 'opendata.problem.addressAbroad' | 'opendata.problem.pointAbroad';
}

interface PlacedLocation {
  record?: LocationRecord;
  /** Why the location is not a place in the Netherlands we can show. */
  abroad?: AbroadProblem;
  /** No municipality can be found for it. */
  unplaced?: true;
}

function placeLocation(location: Json, path: string, serviceOrganisationId: string, reference: ImportReference, warnings: FieldProblem[]): PlacedLocation {
  const { ours, foreign } = splitAttributes(location.attributes);
  const addresses = list(location.addresses);
  const addressIndex = Math.max(0, addresses.findIndex((a) => text(a.address_type) === 'physical'));
  const address = addresses[addressIndex];
  const addressPath = `${path}.addresses[${addressIndex}]`;
  const country = text(address?.country)?.toLowerCase();
  if (country && !DUTCH.has(country)) return { abroad: { field: `${addressPath}.country`, key: 'opendata.problem.addressAbroad', params: { country: text(address?.country)! } } };
  let lat = numberOf(location.latitude);
  let lon = numberOf(location.longitude);
  const hasPoint = lat !== undefined && lon !== undefined;
  const pointAbroad = (): AbroadProblem => ({ field: `${path}.latitude`, key: 'opendata.problem.pointAbroad', params: { lat: lat!, lon: lon! } });
  if (hasPoint && !inNetherlands(lat!, lon!) && !country) return { abroad: pointAbroad() };

  const postalCode = text(address?.postal_code)?.toUpperCase().replace(/\s+/g, '') ?? '';
  const pc4 = /^([1-9]\d{3})([A-Z]{2})?$/.exec(postalCode)?.[1];
  const identifiers = [text(location.external_identifier), ...ours.filter((a) => a.taxonomy === TAXONOMY.municipality).map((a) => a.code), ...foreign.map((a) => text(a.value))];
  const municipality =
    codesOf(ours, TAXONOMY.municipality).find((code) => reference.municipalities.has(code)) ??
    identifiers.map((value) => (value && /GM\d{4}/i.test(value) ? municipalityByCode(reference, value) : undefined)).find(Boolean) ??
    (pc4 ? reference.postcodes.get(pc4)?.municipality : undefined) ??
    (hasPoint && inNetherlands(lat!, lon!) ? (municipalityAt(lat!, lon!) ?? undefined) : undefined) ??
    municipalityByName(reference, text(address?.city)) ??
    municipalityByName(reference, text(address?.region)) ??
    municipalityByCode(reference, text(address?.region));
  if (!municipality) {
    if (hasPoint && !inNetherlands(lat!, lon!)) return { abroad: pointAbroad() };
    return { unplaced: true };
  }
  let approximate = false;
  if (!hasPoint || !inNetherlands(lat!, lon!)) {
    // No point: the centre of the postcode area when the postcode is known (a few streets), else of the municipality.
    const area = pc4 ? reference.postcodes.get(pc4) : undefined;
    const centre = reference.municipalityList.find((m) => m.code === municipality)!;
    lat = area && area.municipality === municipality ? area.lat : centre.label_lat;
    lon = area && area.municipality === municipality ? area.lon : centre.label_lon;
    approximate = true;
    warnings.push(
      area && area.municipality === municipality
        ? { field: `${path}.latitude`, key: 'opendata.problem.placedAtPostcode', params: { postcode: pc4! } }
        : { field: `${path}.latitude`, key: 'opendata.problem.placedAtMunicipality', params: { municipality: centre.name } },
    );
  }
  const street = [text(address?.address_1)].filter(Boolean).join(' ');
  if (!street) warnings.push({ field: `${addressPath}.address_1`, key: 'opendata.problem.noStreet' });
  const { hours, rest: schedules } = openingHoursOf(location.schedules);
  const accessibility = list(location.accessibility);
  const id = ownId(location.id, 'location', `${serviceOrganisationId}/${text(location.name) ?? street}`);
  const name = text(location.name) ?? (street || reference.municipalityList.find((m) => m.code === municipality)!.name);
  const key =
    text(location.external_identifier) && text(location.external_identifier_type) === KEY_IDENTIFIER_TYPE ? text(location.external_identifier)! : slugKey(name, id);

  // What the columns hold leaves the source fields; the rest of the address (address_2, attention, …) stays.
  const municipalityName = reference.municipalityList.find((m) => m.code === municipality)!.name;
  const consumedAddress = compact(
    address
      ? without(address, ['id', 'location_id', 'address_1', 'city', 'postal_code', 'address_type', ...(text(address.country) === 'NL' ? ['country'] : []), ...(text(address.region) === municipalityName ? ['region'] : [])])
      : {},
  );
  const restAddresses = addresses.map((a, i) => (i === addressIndex ? { ...consumedAddress, address_1: a.address_1 } : a)).filter((a, i) => i !== addressIndex || meaningful(consumedAddress));
  const restAccessibility = accessibility.map((a, i) => (i === 0 ? without(a, ['description', 'location_id']) : a)).filter((a) => meaningful(a, ['location_id']));
  const sourceFields = without(location, ['id', 'location_type', 'name', 'description', 'latitude', 'longitude', 'attributes', 'addresses', 'schedules', 'accessibility', 'organization_id']);
  if (text(location.external_identifier_type) === KEY_IDENTIFIER_TYPE) {
    delete sourceFields.external_identifier;
    delete sourceFields.external_identifier_type;
  }
  if (restAddresses.length > 0) sourceFields.addresses = restAddresses;
  if (schedules.length > 0) sourceFields.schedules = schedules;
  if (restAccessibility.length > 0) sourceFields.accessibility = restAccessibility;
  if (foreign.length > 0) sourceFields.attributes = foreign;

  return {
    record: {
      id,
      key,
      organisationId: text(location.organization_id) ? ownId(location.organization_id, 'organization', '') : serviceOrganisationId,
      role: (codesOf(ours, TAXONOMY.locationRole)[0] ?? 'vestiging') as LocationRole,
      name: truncate(name, 200),
      description: text(location.description) ? truncate(text(location.description)!, 1000) : null,
      street: street || name,
      postalCode: pc4 ? postalCode : '',
      city: text(address?.city) ?? reference.municipalityList.find((m) => m.code === municipality)!.name,
      municipalityCode: municipality,
      lat: lat!,
      lon: lon!,
      accessibility: text(accessibility[0]?.description) ? truncate(text(accessibility[0]!.description)!, 500) : null,
      openingHours: hours,
      approximate,
      sourceFields: compact(sourceFields),
    },
  };
}

// Service areas ------------------------------------------------------------------------------------------

const NATIONAL_WORDS = ['nederland', 'heel nederland', 'landelijk', 'national', 'nationwide', 'netherlands', 'the netherlands', 'nl'];

function regionByText(reference: ImportReference, value: string): string | undefined {
  const code = /\bAM\s?(\d{2})\b/i.exec(value);
  if (code && reference.regions.has(`AM${code[1]}`)) return `AM${code[1]}`;
  const name = conceptText(value.replace(/^\s*(arbeidsmarktregio|regio|werkcentrum)\s+/i, '')).trim();
  for (const [regionCode, regionName] of reference.regionNames) if (conceptText(regionName).trim() === name) return regionCode;
  return undefined;
}

interface Area {
  kind: AreaKind;
  codes: string[];
}

function readAreas(serviceAreas: Json[], region: string, reference: ImportReference, warnings: FieldProblem[]): { area: Area; rest: Json[]; recognised: boolean } {
  let national = false;
  const regions = new Set<string>();
  const municipalities = new Set<string>();
  const rest: Json[] = [];
  serviceAreas.forEach((area, index) => {
    const uri = text(area.uri) ?? '';
    const texts = [text(area.name), text(area.description), text(area.extent_type) === 'geojson' ? undefined : text(area.extent)].filter((t): t is string => Boolean(t));
    let found = false;
    if (uri === URN_NATIONAL || texts.some((t) => NATIONAL_WORDS.includes(conceptText(t).trim()))) {
      national = found = true;
    } else if (uri.startsWith(URN_REGION) && reference.regions.has(uri.slice(URN_REGION.length))) {
      regions.add(uri.slice(URN_REGION.length));
      found = true;
    } else if (uri.toLowerCase().startsWith(TOOI_GEMEENTE) && municipalityByCode(reference, uri.slice(TOOI_GEMEENTE.length))) {
      municipalities.add(municipalityByCode(reference, uri.slice(TOOI_GEMEENTE.length))!);
      found = true;
    } else {
      for (const t of texts) {
        const regionCode = regionByText(reference, t);
        const municipality = municipalityByCode(reference, t) ?? municipalityByName(reference, t);
        if (municipality) municipalities.add(municipality);
        else if (regionCode) regions.add(regionCode);
        else continue;
        found = true;
        break;
      }
    }
    // Our own areas are what the export makes again; another system's stay as it described them.
    if (!uri.startsWith('urn:werkcentrum:') && !(uri.toLowerCase().startsWith(TOOI_GEMEENTE) && text(area.name) && !text(area.extent))) rest.push(area);
    const label = texts[0] ?? uri;
    if (!found) warnings.push({ field: `service_areas[${index}]`, key: 'opendata.problem.unknownArea', params: { area: label.length > 60 ? `${label.slice(0, 57)}…` : label } });
  });
  if (national) return { area: { kind: 'national', codes: [] }, rest, recognised: true };
  if (regions.size > 0 && municipalities.size > 0) {
    // Both kinds: the regions as their municipalities, so the area stays exactly what the file says.
    for (const [code, regionCode] of reference.municipalities) if (regions.has(regionCode)) municipalities.add(code);
  }
  if (municipalities.size > 0) return { area: { kind: 'municipalities', codes: [...municipalities].sort() }, rest, recognised: true };
  if (regions.size > 0) return { area: { kind: 'regions', codes: [...regions].sort() }, rest, recognised: true };
  warnings.push({ field: 'service_areas', key: serviceAreas.length === 0 ? 'opendata.problem.noArea' : 'opendata.problem.areaNotRecognised', params: { region } });
  return { area: { kind: 'regions', codes: [region] }, rest, recognised: false };
}

// Organisation ----------------------------------------------------------------------------------------

const KIND_WORDS: [OrganisationKind, RegExp][] = [
  ['uwv', /\buwv\b/i],
  ['gemeente', /\b(gemeente|municipality|sociale dienst)\b/i],
  ['vakbond', /\b(vakbond|fnv|cnv|trade union)\b/i],
  ['sbb', /\bsbb\b|samenwerkingsorganisatie beroepsonderwijs/i],
  ['onderwijsinstelling', /\b(roc|mbo|hogeschool|universiteit|college|school|academie)\b/i],
  ['oo_fonds', /\b(o&o|opleidingsfonds|sectorfonds)\b/i],
  ['uitzendbureau', /\b(uitzend|randstad|tempo-team|adecco|manpower)\b/i],
  ['re_integratiebedrijf', /re-?integratie/i],
  ['welzijnsorganisatie', /\b(welzijn|wijkteam|sociaal team|maatschappelijk werk)\b/i],
  ['werkgeversorganisatie', /\b(werkgeversvereniging|vno|mkb-nederland|ondernemersvereniging)\b/i],
];

function readOrganisation(org: Json, warnings: FieldProblem[]): OrganisationRecord {
  const { ours, foreign } = splitAttributes(org.attributes);
  const name = text(org.name)!;
  const kind = (codesOf(ours, TAXONOMY.organisationKind)[0] as OrganisationKind | undefined) ?? KIND_WORDS.find(([, pattern]) => pattern.test(name))?.[0] ?? 'overig';
  const phones = list(org.phones);
  const phone = text(phones[0]?.number);
  const email = text(org.email);
  const website = text(org.website);
  const kept: string[] = ['id', 'name', 'description', 'attributes'];
  if (email && EMAIL.test(email)) kept.push('email');
  else if (email) warnings.push({ field: 'organization.email', key: 'opendata.problem.notEmail', params: { value: email } });
  if (website?.startsWith('https://')) kept.push('website');
  else if (website) warnings.push({ field: 'organization.website', key: 'opendata.problem.httpsOnly' });
  const storedPhone = phone && PHONE.test(phone) ? phone : null;
  const sourceFields = without(org, [...kept, 'phones']);
  const restPhones = restOfPhones(phones, storedPhone, ['organization_id']);
  if (restPhones.length > 0) sourceFields.phones = restPhones;
  if (foreign.length > 0) sourceFields.attributes = foreign;
  return {
    id: ownId(org.id, 'organization', name),
    name: truncate(name, 200),
    kind,
    suwiParty: codesOf(ours, TAXONOMY.suwi)[0] === 'ja',
    description: text(org.description) ? truncate(text(org.description)!, 1000) : null,
    website: kept.includes('website') ? website! : null,
    email: kept.includes('email') ? email! : null,
    phone: storedPhone,
    sourceFields: compact(sourceFields),
  };
}

// Languages ---------------------------------------------------------------------------------------------

let languageNames: Map<string, string> | undefined;
const dutchLanguageNames = new Intl.DisplayNames(['nl'], { type: 'language' });
/** ISO 639-1 code of a language given by code (two or three letters) or by its Dutch or English name. */
function languageCode(language: Json): string | undefined {
  const code = text(language.code)?.toLowerCase().slice(0, 3);
  if (code && /^[a-z]{2}$/.test(code)) return code;
  if (!languageNames) {
    languageNames = new Map();
    const nl = dutchLanguageNames;
    const en = new Intl.DisplayNames(['en'], { type: 'language' });
    for (let a = 97; a <= 122; a++)
      for (let b = 97; b <= 122; b++) {
        const candidate = String.fromCharCode(a, b);
        for (const names of [nl, en]) {
          const name = names.of(candidate);
          if (name && name !== candidate) languageNames.set(name.toLowerCase(), candidate);
        }
      }
    for (const [three, two] of Object.entries({ nld: 'nl', dut: 'nl', eng: 'en', deu: 'de', ger: 'de', fra: 'fr', fre: 'fr', ara: 'ar', tur: 'tr', pol: 'pl', ukr: 'uk', rus: 'ru', spa: 'es', por: 'pt', tir: 'ti', som: 'so', fas: 'fa', per: 'fa' })) {
      languageNames.set(three, two);
    }
  }
  return (code && languageNames.get(code)) ?? languageNames.get(text(language.name)?.toLowerCase() ?? '');
}

// The service -------------------------------------------------------------------------------------------

const REFERRAL_WORDS = ['verwijz', 'doorverwijz', 'klantmanager', 'consulent', 'huisarts', 'via je gemeente', 'via de gemeente', 'via uwv', 'aanmelding door', 'referral', 'referred', 'ask your gp', 'case manager', 'caseworker'];
// "Aanmelden" alone says nothing about who does it ("je klantmanager kan je aanmelden").
const DIRECT_WORDS = ['zelf', 'meld je', 'bel ', 'bel ons', 'bellen', 'mail ', 'inloop', 'loop binnen', 'online aanvragen', 'via de website', 'via het formulier', 'walk in', 'drop in', 'contact us', 'call', 'sign up', 'apply online'];

function deliveryModesOf(service: Json, physical: number, virtual: boolean, hasPhone: boolean): string[] {
  const modes = new Set<string>();
  if (physical > 0) modes.add('op-locatie');
  if (virtual) modes.add('online');
  const attending = conceptText(
    [...list(service.schedules), ...list(service.service_at_locations).flatMap((sal) => list(sal.schedules))].map((s) => text(s.attending_type) ?? '').join(' '),
  );
  if (['online', 'remote', 'video', 'digitaal', 'beeldbellen'].some((w) => termOccurs(attending, w))) modes.add('online');
  if (['phone', 'telefon', 'telephone', 'bellen'].some((w) => termOccurs(attending, w))) modes.add('telefonisch');
  if (['in person', 'in-person', 'op locatie', 'langskomen'].some((w) => termOccurs(attending, w))) modes.add('op-locatie');
  if (['thuis', 'at home', 'home visit', 'huisbezoek'].some((w) => termOccurs(attending + conceptText(text(service.description) ?? ''), w))) modes.add('aan-huis');
  if (modes.size === 0 && hasPhone) modes.add('telefonisch');
  if (modes.size === 0 && text(service.url)) modes.add('online');
  return [...modes];
}

const todayIso = () => new Date().toISOString().slice(0, 10);

/**
 * An HSDS service object (from our export or any other system) as a record of our catalogue, with
 * what was assumed (warnings) and what stops it (errors). `region` is the region of the import.
 */
export function fromHsdsService(input: unknown, region: string, reference: ImportReference): MappedService {
  const errors: FieldProblem[] = [];
  const warnings: FieldProblem[] = [];
  const service = isObject(input) ? input : {};
  const name = text(service.name) ?? '';
  if (!name) errors.push({ field: 'name', key: 'opendata.problem.noName' });
  if (name.length > 150) warnings.push({ field: 'name', key: 'opendata.problem.shortened', params: { max: 150 } });
  const orgInput = isObject(service.organization) ? service.organization : undefined;
  if (!orgInput || !text(orgInput.name)) errors.push({ field: 'organization', key: 'opendata.problem.noOrganisation' });
  const organisation = orgInput && text(orgInput.name) ? readOrganisation(orgInput, warnings) : ({ id: '', name: '', kind: 'overig', suwiParty: false, description: null, website: null, email: null, phone: null } as OrganisationRecord);
  if (!text(service.id)) warnings.push({ field: 'id', key: 'opendata.problem.noId' });
  const id = ownId(service.id, 'service', `${organisation.name}/${name}`);

  const { ours, foreign, foreignTerms } = splitAttributes(service.attributes);
  const rest: Json = without(service, [
    'id', 'name', 'description', 'status', 'application_process', 'wait_time', 'eligibility_description', 'fees_description', 'assured_date',
    'organization', 'organization_id', 'attributes', 'service_areas', 'service_at_locations', 'languages', 'cost_options', 'phones', 'url', 'email',
  ]);
  if (foreign.length > 0) rest.attributes = foreign;

  // Status: as in the file; the import decides later whether it goes public.
  const statusText = text(service.status) ?? 'active';
  const status = catalogueStatus(statusText);
  if (!status) warnings.push({ field: 'status', key: 'opendata.problem.unknownStatusConcept', params: { status: statusText } });

  // Locations.
  const locations: LocationRecord[] = [];
  const locationPaths: string[] = [];
  const restLinks: Json[] = [];
  const abroad: AbroadProblem[] = [];
  let virtualUrl: string | undefined;
  let virtual = false;
  list(service.service_at_locations).forEach((link, index) => {
    const path = `service_at_locations[${index}].location`;
    const location = isObject(link.location) ? link.location : undefined;
    if (!location) {
      warnings.push({ field: path, key: 'opendata.problem.locationMissing' });
      restLinks.push(link);
      return;
    }
    const type = text(location.location_type) ?? 'physical';
    if (type === 'virtual') {
      virtual = true;
      virtualUrl ??= text(location.url);
      restLinks.push(link);
      return;
    }
    if (type === 'postal') {
      restLinks.push(link);
      return;
    }
    const placed = placeLocation(location, path, organisation.id, reference, warnings);
    if (!placed.record) {
      if (placed.abroad) abroad.push(placed.abroad);
      else warnings.push({ field: path, key: 'opendata.problem.locationUnplaced' });
      restLinks.push(link);
      return;
    }
    locations.push(placed.record);
    locationPaths.push(path);
    const linkRest = without(link, ['id', 'service_id', 'location_id', 'location']);
    if (meaningful(linkRest)) restLinks.push({ ...linkRest, location_id: placed.record.id });
  });
  if (restLinks.length > 0) rest.service_at_locations = restLinks;

  // Area.
  const { area, rest: restAreas, recognised } = codesOf(ours, TAXONOMY.region).length > 0 || list(service.service_areas).some((a) => text(a.uri)?.startsWith('urn:werkcentrum:'))
    ? readAreas(list(service.service_areas), region, reference, [])
    : readAreas(list(service.service_areas), region, reference, warnings);
  if (restAreas.length > 0) rest.service_areas = restAreas;
  const ownRegion = codesOf(ours, TAXONOMY.region)[0];

  // Nothing places the service in the Netherlands and something places it elsewhere: refused, with
  // the reasons. A location abroad of a service that is here is left aside with a warning.
  const signs: FieldProblem[] = [
    ...abroad,
    ...[...list(service.phones), ...(isObject(service.organization) ? list(service.organization.phones) : [])].flatMap((p, i): FieldProblem[] => {
      const prefix = /^\W*(?:\+|00)\s*(\d{1,3})/.exec(text(p.number) ?? '')?.[1];
      return prefix && !prefix.startsWith('31') ? [{ field: `phones[${i}].number`, key: 'opendata.problem.internationalPhone', params: { prefix: prefix.slice(0, 2) } }] : [];
    }),
    ...list(service.cost_options).flatMap((o, i): FieldProblem[] =>
      text(o.currency) && text(o.currency)!.toUpperCase() !== 'EUR' ? [{ field: `cost_options[${i}].currency`, key: 'opendata.problem.foreignPrices', params: { currency: text(o.currency)!.toUpperCase() } }] : [],
    ),
    ...(['fees_description', 'fees', 'description'] as const).flatMap((field): FieldProblem[] => {
      const symbol = /([£$¥₹])\s?\d/.exec(text(service[field]) ?? '')?.[1];
      return symbol ? [{ field, key: 'opendata.problem.foreignPrices', params: { currency: symbol } }] : [];
    }),
  ];
  if (locations.length === 0 && !recognised && signs.length > 0) {
    errors.push({ field: 'service', key: 'opendata.problem.serviceAbroad' }, ...signs);
  } else for (const reason of abroad) warnings.push({ ...reason, key: `${reason.key}Kept` });

  // Contact.
  const phones = list(service.phones);
  const phone = text(phones[0]?.number);
  const contactPhone = phone && PHONE.test(phone) ? phone : null;
  const restPhones = restOfPhones(phones, contactPhone, ['service_id']);
  if (restPhones.length > 0) rest.phones = restPhones;
  const url = text(service.url) ?? virtualUrl;
  const contactUrl = url?.startsWith('https://') ? url : null;
  if (text(service.url) && !contactUrl) {
    rest.url = service.url;
    warnings.push({ field: 'url', key: 'opendata.problem.httpsOnly' });
  }
  const email = text(service.email);
  const contactEmail = email && EMAIL.test(email) ? email : null;
  if (email && !contactEmail) {
    rest.email = service.email;
    warnings.push({ field: 'email', key: 'opendata.problem.notEmail', params: { value: email } });
  }

  // Cost.
  const costOptions = list(service.cost_options);
  const euro = costOptions.find((o) => numberOf(o.amount) !== undefined && (text(o.currency) ?? 'EUR').toUpperCase() === 'EUR');
  const amount = euro ? numberOf(euro.amount) : undefined;
  const ownOption = (o: Json) => ['Gratis, met een bijdrage in sommige gevallen', 'Eigen bijdrage'].includes(text(o.option) ?? '');
  const restCosts = costOptions.filter((o) => o !== euro || meaningful(without(o, ['service_id', 'amount', 'currency', ...(ownOption(o) ? ['option'] : [])])));
  if (restCosts.length > 0) rest.cost_options = restCosts;
  if (costOptions.some((o) => text(o.currency) && text(o.currency)!.toUpperCase() !== 'EUR')) warnings.push({ field: 'cost_options', key: 'opendata.problem.costNotEuro' });
  const fees = text(service.fees_description);
  const cost = codesOf(ours, TAXONOMY.cost)[0];
  const costFree =
    cost !== undefined ? cost === 'gratis' : amount !== undefined ? amount === 0 : fees ? ['gratis', 'kosteloos', 'free', 'no cost', 'geen kosten'].some((w) => termOccurs(conceptText(fees), w)) : true;

  // Languages.
  const languages: string[] = [];
  const restLanguages: Json[] = [];
  for (const language of list(service.languages)) {
    const code = languageCode(language);
    if (code && !languages.includes(code)) languages.push(code);
    const ourName = code ? dutchLanguageNames.of(code) : undefined;
    if (!code || meaningful(without(language, ['service_id', 'code', 'name'])) || (text(language.name) && text(language.name) !== ourName)) restLanguages.push(language);
  }
  if (restLanguages.length > 0) rest.languages = restLanguages;
  if (languages.length === 0) {
    languages.push('nl');
    if (list(service.languages).length === 0) warnings.push({ field: 'languages', key: 'opendata.problem.noLanguage' });
  }

  // Texts.
  let description = text(service.description) ?? '';
  if (!description) {
    description = name;
    warnings.push({ field: 'description', key: 'opendata.problem.noDescription' });
  }
  if (description.length > 3000) {
    warnings.push({ field: 'description', key: 'opendata.problem.shortened', params: { max: 3000 } });
    description = truncate(description, 3000);
  }
  const minAge = numberOf(service.minimum_age);
  const maxAge = numberOf(service.maximum_age);
  const ages = minAge !== undefined && maxAge !== undefined ? `Van ${minAge} tot ${maxAge} jaar.` : minAge !== undefined ? `Vanaf ${minAge} jaar.` : maxAge !== undefined ? `Tot ${maxAge} jaar.` : '';
  let eligibility = text(service.eligibility_description) ?? ages;
  if (!eligibility) {
    eligibility = 'De aanbieder heeft niet opgegeven voor wie dit is.';
    warnings.push({ field: 'eligibility_description', key: 'opendata.problem.noEligibility' });
  }
  let applicationProcess = text(service.application_process) ?? '';
  if (!applicationProcess) {
    applicationProcess = 'Neem contact op met de aanbieder.';
    warnings.push({ field: 'application_process', key: 'opendata.problem.noApplicationProcess' });
  }
  const assured = text(service.assured_date)?.slice(0, 10);
  const modified = text(service.last_modified)?.slice(0, 10);
  const validDate = (d: string | undefined) => (d && /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d)) && d <= todayIso() ? d : undefined);
  const lastReviewed = validDate(assured) ?? validDate(modified) ?? todayIso();
  if (!validDate(assured)) {
    if (assured) rest.assured_date = service.assured_date;
    if (!fieldValues(ours, 'sleutel')[0]) warnings.push({ field: 'assured_date', key: 'opendata.problem.noReviewDate', params: { date: lastReviewed } });
  }

  // Themes, audiences, delivery and access: ours, else inferred.
  const weighted = {
    strong: [name, ...foreignTerms].join(' . '),
    medium: [text(service.alternate_name), isObject(service.program) ? text(service.program.name) : undefined].filter(Boolean).join(' . '),
    weak: [description, eligibility, isObject(service.program) ? text(service.program.description) : undefined].filter(Boolean).join(' . '),
  };
  let themes = codesOf(ours, TAXONOMY.theme);
  if (themes.length === 0) {
    themes = inferThemes(weighted);
    if (themes.length === 0) warnings.push({ field: 'attributes', key: 'opendata.problem.noTheme' });
  }
  const importStatus = themes.length === 0 ? 'concept' : (status ?? 'concept');
  let audiences = codesOf(ours, TAXONOMY.audience);
  if (audiences.length === 0) {
    const found = new Set<string>(inferAudiences(weighted));
    if (maxAge !== undefined && maxAge <= 27) found.add('jongere');
    if (minAge !== undefined && minAge >= 50) found.add('vijftigplusser');
    if (themes.some((t) => ['personeel-werven', 'inclusief-werkgeven', 'regelingen-en-subsidies', 'personeel-opleiden', 'boventallig-personeel'].includes(t))) found.add('werkgever');
    if (themes.some((t) => ['starten-als-ondernemer', 'ondernemer-in-zwaar-weer'].includes(t))) found.add('zelfstandige');
    audiences = [...found];
    if (audiences.length === 0) {
      audiences = ['werkzoekende', 'werkende'];
      warnings.push({ field: 'attributes', key: 'opendata.problem.noAudience' });
    }
  }
  const deliveryModes = codesOf(ours, TAXONOMY.deliveryMode);
  const inferredModes = deliveryModes.length > 0 ? deliveryModes : deliveryModesOf(service, locations.length, virtual, contactPhone !== null);
  if (inferredModes.length === 0) {
    inferredModes.push('op-locatie');
    warnings.push({ field: 'service_at_locations', key: 'opendata.problem.noDeliveryMode' });
  }
  let access = codesOf(ours, TAXONOMY.access);
  if (access.length === 0) {
    const process = conceptText(`${applicationProcess} ${eligibility}`);
    if (REFERRAL_WORDS.some((w) => termOccurs(process, w))) access.push('via-verwijzing');
    if (DIRECT_WORDS.some((w) => termOccurs(process, w)) || access.length === 0) access.push('direct');
    access = [...new Set(access)];
  }

  const sorted = locations.map((location, i) => [location, locationPaths[i]!] as const).sort(([a], [b]) => a.key.localeCompare(b.key));
  const keywords = [...new Set([...fieldValues(ours, 'zoekwoord'), ...foreignTerms])].slice(0, 40);
  const interval = Number(fieldValues(ours, 'herzieningstermijn')[0] ?? 365);
  const capacity = codesOf(ours, TAXONOMY.capacity)[0];

  return {
    record: {
      id,
      key: fieldValues(ours, 'sleutel')[0] ?? slugKey(name, id),
      regionCode: ownRegion === undefined ? (area.kind === 'national' ? null : region) : ownRegion === 'nationaal' ? null : ownRegion,
      status: importStatus,
      name: truncate(name, 150),
      summary: fieldValues(ours, 'samenvatting')[0] ?? summaryOf(description),
      description,
      audiences,
      themes,
      eligibility: truncate(eligibility, 1000),
      costFree,
      costDescription: fees ? truncate(fees, 300) : costFree ? null : 'Er zijn kosten; vraag de aanbieder naar het bedrag.',
      costAmountCents: amount === undefined ? null : Math.round(amount * 100),
      languages,
      deliveryModes: inferredModes,
      areaKind: area.kind,
      areaCodes: area.codes,
      access,
      applicationProcess: truncate(applicationProcess, 1000),
      waitTime: text(service.wait_time) ? truncate(text(service.wait_time)!, 200) : null,
      capacity: (capacityCodes as readonly string[]).includes(capacity ?? '') ? (capacity as ServiceRecord['capacity']) : null,
      contactEmail,
      contactPhone,
      contactUrl,
      keywords: keywords.map((k) => k.slice(0, 60)),
      reviewIntervalDays: Number.isInteger(interval) && interval >= 30 && interval <= 730 ? interval : 365,
      lastReviewed,
      sourceFields: compact(rest),
      organisation,
      locations: sorted.map(([location]) => location),
    },
    errors,
    warnings,
    locationPaths: sorted.map(([, path]) => path),
  };
}
