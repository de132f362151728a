import { Type } from '@sinclair/typebox';

// OpenAPI schemas of the open-data endpoints. The answer is produced (and validated in the tests)
// against the HSDS 3.0 schema itself; this schema documents its main fields and links to the rest.

const uuid = (description: string) => Type.String({ format: 'uuid', description });

export const HsdsServiceSchema = Type.Object(
  {
    id: uuid('Our id of the service; stable'),
    organization_id: uuid('Id of the organisation that offers the service'),
    name: Type.String({ description: 'Name of the service' }),
    description: Type.String({ description: 'What the service does' }),
    status: Type.String({ enum: ['active', 'inactive', 'defunct', 'temporarily closed'], description: 'active: published; defunct: archived' }),
    eligibility_description: Type.String({ description: 'Who it is for, by need and situation' }),
    application_process: Type.String({ description: 'How to apply' }),
    assured_date: Type.String({ format: 'date', description: 'When the provider last checked the information' }),
    service_areas: Type.Array(Type.Object({}, { additionalProperties: true }), {
      description: 'Where it is offered: the Netherlands, labour-market regions or municipalities (uri holds the code)',
    }),
    service_at_locations: Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'Locations with address, opening hours and accessibility' }),
    organization: Type.Object({}, { additionalProperties: true, description: 'The organisation, embedded' }),
    attributes: Type.Array(Type.Object({}, { additionalProperties: true }), {
      description: 'Werkcentrum fields as taxonomy terms (werkcentrum:thema, werkcentrum:doelgroep, werkcentrum:kanaal, …)',
    }),
  },
  {
    $id: 'HsdsService',
    title: 'HsdsService',
    additionalProperties: true,
    description:
      'A service in Open Referral HSDS 3.0 (https://docs.openreferral.org/en/latest/): every item validates against the schema compiled/service_with_definitions.json.',
  },
);

export const HsdsServiceListSchema = Type.Array(Type.Ref('HsdsService'), {
  $id: 'HsdsServiceList',
  title: 'HsdsServiceList',
  description: 'The published services offered in the region, sorted by key',
});

export const opendataSchemas = [HsdsServiceSchema, HsdsServiceListSchema];

export const RegionQuery = Type.Object({
  region: Type.String({ pattern: '^AM[0-9]{2}$', description: 'Labour-market region code, e.g. AM05', examples: ['AM05'] }),
});
