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
    type: Type.String({ description: 'URI reference of the error type; stable across versions.' }),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.String(),
    instance: Type.String(),
    traceId: Type.String({ description: 'W3C trace id of the request, for support.' }),
    invalidParams: Type.Optional(
      Type.Array(Type.Object({ name: Type.String(), reason: Type.String(), code: Type.String() }), {
        description: 'Per-field errors for invalid input.',
      }),
    ),
  },
  { $id: 'Problem', title: 'Problem' },
);

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
});

/** Success schemas of an API route plus the error responses every API route can give. */
export function apiResponses(success: Record<number, TSchema>, errors: readonly (400 | 404 | 401 | 403 | 409)[] = [400]) {
  const responses: Record<number, unknown> = { ...success };
  const descriptions: Record<number, string> = {
    400: 'Invalid input',
    401: 'Authentication required',
    403: 'Forbidden',
    404: 'Not found',
    409: 'Conflict',
  };
  for (const status of errors) responses[status] = problemResponse(descriptions[status]!);
  responses[429] = problemResponse('Too many requests; see Retry-After');
  responses[500] = problemResponse('Unexpected error');
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
        description:
          'API of the Werkcentrum platform for partner systems: labour-market regions, and (in later versions) services and referrals. Errors are RFC 9457 problem details.',
        contact: { name: 'Werkcentrum platformteam', email: 'platform@werkcentrum.example', url: `${config.baseUrl}/api/docs` },
        license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
      },
      servers: [{ url: `${config.baseUrl}${API_PREFIX}`, description: 'This Werkcentrum' }],
      tags: [{ name: 'regions', description: 'The 35 labour-market regions and their municipalities' }],
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
    transformObject: (documentObject) => {
      const document = ('openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject) as OpenApiDocument;
      const paths: NonNullable<OpenApiDocument['paths']> = {};
      for (const [path, operations] of Object.entries(document.paths ?? {})) {
        if (!path.startsWith(API_PREFIX)) continue;
        for (const operation of Object.values(operations)) {
          for (const [status, response] of Object.entries(operation.responses ?? {})) {
            if (/^[23]\d\d$/.test(status)) response.headers = { 'API-Version': { $ref: '#/components/headers/API-Version' } };
          }
        }
        paths[path.slice(API_PREFIX.length) || '/'] = operations;
      }
      return { ...document, paths } as typeof documentObject extends { openapiObject: infer D } ? D : never;
    },
  });

  app.get(`${API_PREFIX}/openapi.json`, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/json').send(app.swagger()),
  );
}
