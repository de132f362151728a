import { Type, type TSchema } from '@sinclair/typebox';
import { audiences, deliveryModes, subthemeCodes, themes } from './taxonomy.ts';
import { highlightParts, type SearchItem, type SearchResult } from './search.repository.ts';

// API schemas of the service search: response schemas are allow-lists, so internal columns (search
// vector, words, versions, review data) never leave the server.

const codes = (values: readonly string[], description: string) => Type.Unsafe<string>({ type: 'string', enum: [...values], description });

export const themeCodes: readonly string[] = [...themes.map((theme) => theme.code), ...subthemeCodes];
export const audienceCodes: readonly string[] = audiences.map((audience) => audience.code);
export const deliveryModeCodes: readonly string[] = deliveryModes.map((mode) => mode.code);

const multi = <T extends TSchema>(item: T, description: string) => Type.Optional(Type.Array(item, { maxItems: 20, description }));

export const SearchQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Words to search for (Dutch full text, with compounds, concepts in Dutch and English, and typo tolerance)', examples: ['loopbaanadvies'] })),
  region: Type.Optional(Type.String({ pattern: '^AM[0-9]{2}$', description: 'Labour-market region code: services offered there', examples: ['AM05'] })),
  municipality: Type.Optional(
    Type.String({ pattern: '^GM[0-9]{4}$', description: 'Municipality code: national services, services of its region and services for it', examples: ['GM0153'] }),
  ),
  postcode: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{3}( ?[A-Za-z]{2})?$', description: 'Postcode (only the 4 digits are used) for distance', examples: ['7511'] })),
  near: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'A municipality name or postcode for distance', examples: ['Enschede'] })),
  audience: multi(codes(audienceCodes, 'Audience code'), 'Audiences (any of them); repeat the parameter for more'),
  theme: multi(codes(themeCodes, 'Theme or sub-theme code'), 'Themes or sub-themes (any of them); repeat the parameter for more'),
  cost: Type.Optional(Type.Unsafe<'gratis' | 'betaald'>({ type: 'string', enum: ['gratis', 'betaald'], description: 'Free (gratis) or not free (betaald)' })),
  language: multi(Type.String({ pattern: '^[a-z]{2}$', description: 'ISO 639-1 language code' }), 'Languages (any of them)'),
  deliveryMode: multi(codes(deliveryModeCodes, 'Delivery mode code'), 'Delivery modes (any of them)'),
  openNow: Type.Optional(Type.Boolean({ description: 'Only services with a location that is open now (Europe/Amsterdam)' })),
  sort: Type.Optional(
    Type.Unsafe<'relevance' | 'distance' | 'name'>({ type: 'string', enum: ['relevance', 'distance', 'name'], description: 'Order of the results; distance needs postcode, near or municipality' }),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1, description: 'Page number, from 1' })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20, description: 'Results per page (at most 50)' })),
});

const Link = Type.Object({ href: Type.String({ format: 'uri-reference', description: 'Link to the page' }) });

const FacetValues = (description: string) =>
  Type.Array(Type.Object({ value: Type.String({ description: 'Code' }), count: Type.Integer({ minimum: 0, description: 'Number of services' }) }), { description });

const PlaceSchema = Type.Object(
  {
    label: Type.String({ description: 'The place as understood', examples: ['7511 Enschede'] }),
    lat: Type.Number({ minimum: -90, maximum: 90, description: 'Latitude (WGS84)' }),
    lon: Type.Number({ minimum: -180, maximum: 180, description: 'Longitude (WGS84)' }),
    municipalityCode: Type.String({ pattern: '^GM[0-9]{4}$', description: 'Municipality of the place' }),
    regionCode: Type.String({ pattern: '^AM[0-9]{2}$', description: 'Labour-market region of the place' }),
  },
  { $id: 'Place', title: 'Place', description: 'Where distances are measured from' },
);

const serviceProperties = {
  id: Type.String({ format: 'uuid', description: 'Id of the service' }),
  name: Type.String({ description: 'Name of the service' }),
  summary: Type.String({ description: 'One or two sentences about the service' }),
  organisation: Type.Object(
    { id: Type.String({ format: 'uuid', description: 'Id of the organisation' }), name: Type.String({ description: 'Name of the organisation' }) },
    { description: 'The organisation that offers the service' },
  ),
  regionCode: Type.Union([Type.String({ pattern: '^AM[0-9]{2}$' }), Type.Null()], { description: 'Region whose coordinator moderates the service; null for national services' }),
  audiences: Type.Array(Type.String(), { description: 'Audience codes' }),
  themes: Type.Array(Type.String(), { description: 'Sub-theme codes' }),
  themeGroups: Type.Array(Type.String(), { description: 'Top-level theme codes' }),
  cost: Type.Object(
    { free: Type.Boolean({ description: 'True when it costs nothing' }), description: Type.Union([Type.String(), Type.Null()], { description: 'What it costs' }) },
    { description: 'Cost of the service' },
  ),
  languages: Type.Array(Type.String(), { description: 'ISO 639-1 codes of the languages it is offered in' }),
  deliveryModes: Type.Array(Type.String(), { description: 'Delivery mode codes' }),
  areaKind: Type.Unsafe<string>({ type: 'string', enum: ['national', 'regions', 'municipalities'], description: 'Where it is offered' }),
};

export const ServiceSummarySchema = Type.Object(
  {
    ...serviceProperties,
    highlight: Type.Object(
      {
        name: Type.String({ description: 'The name, HTML-escaped, with matched words in <mark>' }),
        summary: Type.String({ description: 'The summary, HTML-escaped, with matched words in <mark>' }),
      },
      { description: 'Name and summary with the matched search words marked' },
    ),
    distanceKm: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], { description: 'Kilometres to the nearest location, when a place was given and the service has a location' }),
  },
  { $id: 'ServiceSummary', title: 'ServiceSummary', description: 'A service in a list of search results' },
);

export const ServiceSearchResultSchema = Type.Object(
  {
    services: Type.Array(Type.Ref('ServiceSummary'), { description: 'The services of this page' }),
    total: Type.Integer({ minimum: 0, description: 'Number of services that match, on all pages' }),
    page: Type.Integer({ minimum: 1, description: 'This page' }),
    pageSize: Type.Integer({ minimum: 1, maximum: 50, description: 'Results per page' }),
    facets: Type.Object(
      {
        themes: FacetValues('Top-level themes'),
        audiences: FacetValues('Audiences'),
        deliveryModes: FacetValues('Delivery modes'),
        cost: FacetValues('gratis / betaald'),
        languages: FacetValues('Languages'),
      },
      { description: 'Counts per filter value; a group counts as if its own filter were not set' },
    ),
    place: Type.Optional(Type.Ref('Place')),
    links: Type.Object(
      { self: Link, first: Link, last: Link, prev: Type.Optional(Link), next: Type.Optional(Link) },
      { description: 'Pagination links' },
    ),
  },
  { $id: 'ServiceSearchResult', title: 'ServiceSearchResult', description: 'One page of services that match the search' },
);

const OpeningHoursSchema = Type.Object({
  days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { description: 'ISO weekdays, 1 = Monday' }),
  opens: Type.String({ pattern: '^[0-2][0-9]:[0-5][0-9]$', description: 'Opening time (HH:MM, Europe/Amsterdam)' }),
  closes: Type.String({ pattern: '^[0-2][0-9]:[0-5][0-9]$', description: 'Closing time (HH:MM, Europe/Amsterdam)' }),
  note: Type.Union([Type.String(), Type.Null()], { description: 'A note, e.g. "alleen op afspraak"' }),
});

export const ServiceDetailSchema = Type.Object(
  {
    ...serviceProperties,
    description: Type.String({ description: 'Full description' }),
    eligibility: Type.String({ description: 'Who it is for, by need and situation' }),
    access: Type.Array(Type.String(), { description: 'Access route codes' }),
    applicationProcess: Type.String({ description: 'How to apply' }),
    waitTime: Type.Union([Type.String(), Type.Null()], { description: 'Usual waiting time' }),
    capacity: Type.Union([Type.Unsafe<string>({ type: 'string', enum: ['ruim', 'beperkt', 'vol'] }), Type.Null()], { description: 'Room for new people' }),
    areaCodes: Type.Array(Type.String(), { description: 'Region or municipality codes of the service area (empty: national)' }),
    contact: Type.Object(
      {
        email: Type.Union([Type.String(), Type.Null()], { description: 'E-mail address' }),
        phone: Type.Union([Type.String(), Type.Null()], { description: 'Phone number' }),
        url: Type.Union([Type.String(), Type.Null()], { description: 'Web page' }),
      },
      { description: 'How to contact the service' },
    ),
    locations: Type.Array(
      Type.Object({
        id: Type.String({ format: 'uuid', description: 'Id of the location' }),
        name: Type.String({ description: 'Name of the location' }),
        role: Type.Unsafe<string>({ type: 'string', enum: ['werkcentrum', 'partner-in-werkcentrum', 'vestiging'], description: 'Kind of location' }),
        street: Type.String({ description: 'Street and number' }),
        postalCode: Type.String({ description: 'Postal code' }),
        city: Type.String({ description: 'City' }),
        municipalityCode: Type.String({ pattern: '^GM[0-9]{4}$', description: 'Municipality code' }),
        lat: Type.Number({ description: 'Latitude (WGS84)' }),
        lon: Type.Number({ description: 'Longitude (WGS84)' }),
        accessibility: Type.Union([Type.String(), Type.Null()], { description: 'Accessibility' }),
        openingHours: Type.Array(OpeningHoursSchema, { description: 'Weekly opening hours' }),
      }),
      { description: 'Published locations where the service is offered' },
    ),
  },
  { $id: 'ServiceDetail', title: 'ServiceDetail', description: 'One published service with its organisation, locations, opening hours and contact' },
);

export const searchSchemas = [PlaceSchema, ServiceSummarySchema, ServiceSearchResultSchema, ServiceDetailSchema];

/** Escaped text with matched words in <mark> (the markers from the database are never trusted as HTML). */
export function highlightHtml(text: string): string {
  const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return highlightParts(text)
    .map((part) => (part.match ? `<mark>${escape(part.text)}</mark>` : escape(part.text)))
    .join('');
}

export function toServiceSummaryJson(item: SearchItem) {
  return {
    id: item.id,
    name: item.name,
    summary: item.summary,
    organisation: item.organisation,
    regionCode: item.regionCode,
    audiences: item.audiences,
    themes: item.themes,
    themeGroups: item.themeGroups,
    cost: { free: item.costFree, description: item.costDescription },
    languages: item.languages,
    deliveryModes: item.deliveryModes,
    areaKind: item.areaKind,
    highlight: { name: highlightHtml(item.nameHighlight), summary: highlightHtml(item.summaryHighlight) },
    distanceKm: item.distanceKm,
  };
}

export function toSearchResultJson(result: SearchResult, links: Record<string, { href: string }>) {
  return {
    services: result.items.map(toServiceSummaryJson),
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
    facets: result.facets,
    ...(result.place ? { place: result.place } : {}),
    links,
  };
}
