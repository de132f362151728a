import swagger from '@fastify/swagger';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';

// OpenAPI 3.1 from the route schemas, shaped to the NL API Design Rules: the server URL carries
// the major version, every success response declares the API-Version header, and every error is
// application/problem+json. The Spectral ruleset checks the result in CI (npm run lint:api).

export const API_VERSION = '1.0.0';
export const API_PREFIX = '/api/v1';

export const ProblemSchema = Type.Object(
  {
    type: Type.String({
      format: 'uri-reference',
      description: 'Error type, stable across versions; a page at this path explains it.',
      examples: ['/problems/not-found'],
    }),
    title: Type.String({ description: 'Short summary of the error type; the same for every occurrence.', examples: ['Not found'] }),
    status: Type.Integer({ minimum: 400, maximum: 599, description: 'HTTP status code of this response.', examples: [404] }),
    detail: Type.String({ description: 'What went wrong with this request.', examples: ['There is no region AM99.'] }),
    instance: Type.String({ format: 'uri-reference', description: 'Path of the request that failed.', examples: ['/api/v1/regions/AM99'] }),
    traceId: Type.String({
      pattern: '^[0-9a-f]{32}$',
      description: 'W3C trace id of the request (from its traceparent header, or new); quote it when you ask for support.',
    }),
    invalidParams: Type.Optional(
      Type.Array(
        Type.Object({
          name: Type.String({ description: 'The parameter or field, as a dotted path.' }),
          reason: Type.String({ description: 'Why the value is invalid.' }),
          code: Type.String({ description: 'Stable code of the reason.' }),
        }),
        { description: 'Per-parameter errors for invalid input.' },
      ),
    ),
  },
  { $id: 'Problem', title: 'Problem', description: 'Problem details (RFC 9457).' },
);

const problemContent = { 'application/problem+json': { schema: { $ref: 'Problem#' } } };

/** An error response in OpenAPI: problem+json with a description (and its headers). */
export const problemResponse = (description: string, headers?: Record<string, unknown>) => ({ description, ...(headers ? { headers } : {}), content: problemContent });

export const retryAfterHeader = { 'Retry-After': { type: 'integer', minimum: 1, description: 'Seconds to wait before the next request' } };

const errorDescriptions = {
  400: 'Invalid input; invalidParams names each invalid parameter',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
} as const;

/** Success schemas of an API route plus the error responses every API route can give. */
export function apiResponses(success: Record<number, TSchema>, errors: readonly (keyof typeof errorDescriptions)[] = [400]) {
  const responses: Record<number, unknown> = { ...success };
  for (const status of errors) responses[status] = problemResponse(errorDescriptions[status]);
  responses[429] = problemResponse('Too many requests; wait the number of seconds in Retry-After', retryAfterHeader);
  responses[500] = problemResponse('Unexpected error; the traceId helps support find it');
  return responses;
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, { responses?: Record<string, { headers?: Record<string, unknown> }> }>>;
  [key: string]: unknown;
}

export async function registerOpenApi(app: FastifyInstance, config: Config) {
  app.addSchema(ProblemSchema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Werkcentrum API',
        version: API_VERSION,
        description: [
          'API of the Werkcentrum platform for partner systems: labour-market regions, and (in later versions) services and referrals.',
          'Errors are RFC 9457 problem details (application/problem+json) with a stable `type`.',
          'Send a W3C `traceparent` header to have your trace id used in our logs and returned; every response carries one.',
          'Requests are rate limited per client; a 429 response says in `Retry-After` how many seconds to wait.',
          'Creating POSTs accept an `Idempotency-Key` header (a new UUID per request): repeating a request with the same key within 24 hours returns the first answer (with `Idempotent-Replayed: true`) and creates nothing; the same key with another request is answered with 422, and while the first request runs with 409.',
        ].join(' '),
        contact: { name: 'Werkcentrum platformteam', email: 'platform@werkcentrum.example', url: `${config.baseUrl}/api/docs` },
        license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
      },
      servers: [{ url: `${config.baseUrl}${API_PREFIX}`, description: 'This Werkcentrum' }],
      tags: [
        { name: 'regions', description: 'The 35 labour-market regions and their municipalities' },
        { name: 'services', description: 'Search the service directory of a region and read one service' },
        { name: 'open-data', description: 'The published service directory as open data: HSDS 3.0 JSON and CSV' },
      ],
      components: {
        headers: {
          'API-Version': {
            description: 'Full version of the API that answered',
            schema: { type: 'string', example: API_VERSION },
          },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `def-${index}`) },
    hideUntagged: true,
    // Only /api/v1 routes are documented, with paths relative to the server URL (which carries the
    // version). The plugin's own base-path stripping is off: it strips before anything can tell API
    // routes from pages, and a later filter on the prefix then silently emptied the document.
    stripBasePath: false,
    transform: ({ schema, url }) =>
      url.startsWith(`${API_PREFIX}/`) ? { schema, url: url.slice(API_PREFIX.length) } : { schema: { ...schema, hide: true }, url },
    transformObject: (documentObject) => {
      const document = ('openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject) as OpenApiDocument;
      for (const operations of Object.values(document.paths ?? {})) {
        for (const operation of Object.values(operations)) {
          for (const [status, response] of Object.entries(operation.responses ?? {})) {
            if (/^[23]\d\d$/.test(status)) response.headers = { ...response.headers, 'API-Version': { $ref: '#/components/headers/API-Version' } };
          }
        }
      }
      return document as typeof documentObject extends { openapiObject: infer D } ? D : never;
    },
  });

  app.get(`${API_PREFIX}/openapi.json`, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/json').send(app.swagger()),
  );
}
