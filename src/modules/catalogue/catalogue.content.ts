import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { accessRoutes, audiences, deliveryModes, subthemeCodes } from './taxonomy.ts';

// The authoring format of catalogue content: the demo catalogue in src/seed/data/catalogue/*.json
// is written in it, and it maps one-to-one onto HSDS 3.0 (organization, service, location,
// service_at_location, schedule, phone, contact) plus the Werkcentrum fields (audiences, support
// need themes, eligibility by situation, delivery modes, access route, review interval).
// References between entries use stable `key`s, so a file can be loaded again without duplicates.

const literals = <T extends string>(codes: readonly T[]) => Type.Union(codes.map((code) => Type.Literal(code)) as unknown as TSchema[]);

const Key = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80 });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Day = Type.Union(['ma', 'di', 'wo', 'do', 'vr', 'za', 'zo'].map((d) => Type.Literal(d)));
const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

export const OpeningHours = Type.Object(
  { days: Type.Array(Day, { minItems: 1 }), opens: Time, closes: Time, note: Type.Optional(Text(200)) },
  { additionalProperties: false },
);

export const ContentOrganisation = Type.Object(
  {
    key: Key,
    name: Text(200),
    kind: Type.Union(
      ['gemeente', 'uwv', 'oo_fonds', 'vakbond', 'werkgeversorganisatie', 'sbb', 'onderwijsinstelling', 're_integratiebedrijf', 'uitzendbureau', 'welzijnsorganisatie', 'overig'].map(
        (kind) => Type.Literal(kind),
      ),
    ),
    suwiParty: Type.Boolean(),
    description: Text(1000),
    website: Type.Optional(Type.String({ pattern: '^https://' })),
    email: Type.Optional(Type.String({ format: 'email' })),
    phone: Type.Optional(Type.String({ pattern: '^[0-9 +()-]{6,20}$' })),
  },
  { additionalProperties: false },
);

export const ContentLocation = Type.Object(
  {
    key: Key,
    organisation: Key,
    /** Other organisations (keys in this file) that may offer their services here, such as at the region's Werkcentrum. */
    sharedWith: Type.Optional(Type.Array(Key, { uniqueItems: true })),
    name: Text(200),
    /** The physical Werkcentrum of the region, a "partner in Werkcentrum <regio>" location, or an organisation's own office. */
    role: Type.Union([Type.Literal('werkcentrum'), Type.Literal('partner-in-werkcentrum'), Type.Literal('vestiging')]),
    description: Type.Optional(Text(1000)),
    address: Type.Object(
      {
        street: Text(200),
        postalCode: Type.String({ pattern: '^[1-9][0-9]{3} ?[A-Z]{2}$' }),
        city: Text(100),
        municipalityCode: Type.String({ pattern: '^GM[0-9]{4}$' }),
      },
      { additionalProperties: false },
    ),
    lat: Type.Number({ minimum: 50.7, maximum: 53.6 }),
    lon: Type.Number({ minimum: 3.3, maximum: 7.3 }),
    openingHours: Type.Array(OpeningHours),
    accessibility: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);

export const ContentService = Type.Object(
  {
    key: Key,
    organisation: Key,
    name: Text(150),
    /** One or two B1 sentences shown in search results. */
    summary: Text(280),
    description: Text(3000),
    audiences: Type.Array(literals(audiences.map((a) => a.code)), { minItems: 1, uniqueItems: true }),
    themes: Type.Array(literals(subthemeCodes), { minItems: 1, uniqueItems: true }),
    /** Who it is for, by need and situation — never by benefit type alone. */
    eligibility: Text(1000),
    cost: Type.Object(
      { free: Type.Boolean(), description: Type.Optional(Text(300)), amountCents: Type.Optional(Type.Integer({ minimum: 0 })) },
      { additionalProperties: false },
    ),
    languages: Type.Array(Type.String({ pattern: '^[a-z]{2}$' }), { minItems: 1, uniqueItems: true }),
    deliveryModes: Type.Array(literals(deliveryModes.map((d) => d.code)), { minItems: 1, uniqueItems: true }),
    serviceArea: Type.Union([
      Type.Object({ kind: Type.Literal('national') }, { additionalProperties: false }),
      Type.Object({ kind: Type.Literal('regions'), codes: Type.Array(Type.String({ pattern: '^AM[0-9]{2}$' }), { minItems: 1 }) }, { additionalProperties: false }),
      Type.Object({ kind: Type.Literal('municipalities'), codes: Type.Array(Type.String({ pattern: '^GM[0-9]{4}$' }), { minItems: 1 }) }, { additionalProperties: false }),
    ]),
    access: Type.Array(literals(accessRoutes.map((a) => a.code)), { minItems: 1, uniqueItems: true }),
    applicationProcess: Text(1000),
    waitTime: Type.Optional(Text(200)),
    capacity: Type.Optional(Type.Union([Type.Literal('ruim'), Type.Literal('beperkt'), Type.Literal('vol')])),
    locations: Type.Array(Key),
    contact: Type.Object(
      {
        email: Type.Optional(Type.String({ format: 'email' })),
        phone: Type.Optional(Type.String({ pattern: '^[0-9 +()-]{6,20}$' })),
        url: Type.Optional(Type.String({ pattern: '^https://' })),
      },
      { additionalProperties: false },
    ),
    reviewIntervalDays: Type.Integer({ minimum: 30, maximum: 730 }),
    lastReviewed: Type.String({ format: 'date' }),
    status: Type.Union([Type.Literal('concept'), Type.Literal('gepubliceerd'), Type.Literal('gearchiveerd')]),
    /** Words people use for this need that the text does not contain (for search). */
    keywords: Type.Optional(Type.Array(Text(60))),
  },
  { additionalProperties: false },
);

/** A sector "Ontwikkelpad": step-by-step into a shortage occupation, each step ideally a service. */
export const ContentPathway = Type.Object(
  {
    key: Key,
    name: Text(150),
    sector: Text(100),
    summary: Text(500),
    steps: Type.Array(
      Type.Object({ title: Text(120), description: Text(800), service: Type.Optional(Key) }, { additionalProperties: false }),
      { minItems: 3 },
    ),
  },
  { additionalProperties: false },
);

export const CatalogueContent = Type.Object(
  {
    /** The labour-market region the file is for; null for national services. */
    region: Type.Union([Type.String({ pattern: '^AM[0-9]{2}$' }), Type.Null()]),
    organisations: Type.Array(ContentOrganisation),
    locations: Type.Array(ContentLocation),
    services: Type.Array(ContentService),
    pathways: Type.Array(ContentPathway),
  },
  { additionalProperties: false },
);

export type CatalogueContent = Static<typeof CatalogueContent>;
export type ContentService = Static<typeof ContentService>;
