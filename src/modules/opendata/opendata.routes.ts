import { createHash } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/pool.ts';
import { anonymous, withActor, type Tx } from '../../platform/db/tenancy.ts';
import { apiResponses, API_PREFIX } from '../../platform/http/openapi.ts';
import { invalid } from '../../platform/http/errors.ts';
import { loadNames, regionName } from './opendata.repository.ts';
import { loadRegionRecords } from '../catalogue/records.repository.ts';
import { toHsdsService } from './hsds.ts';
import { toCsv } from './csv.ts';
import { RegionQuery } from './opendata.schema.ts';
import type { NameLookup, ServiceRecord } from '../catalogue/records.ts';

// Open data: the published services of a region as HSDS 3.0 JSON and as CSV. Both are read as the
// anonymous public (row-level security leaves only what is published), are the same for every
// caller, and carry a strong ETag of their bytes, so clients and caches can revalidate cheaply.

interface Options {
  db: Database;
}

/** The HSDS answer for a region: bytes exactly as served, so an export of unchanged data is byte-identical. */
export function hsdsJson(records: readonly ServiceRecord[], names: NameLookup): string {
  return JSON.stringify(records.map((record) => toHsdsService(record, names)));
}

export async function exportRegion(tx: Tx, region: string): Promise<{ records: ServiceRecord[]; names: NameLookup } | null> {
  if ((await regionName(tx, region)) === undefined) return null;
  const [records, names] = await Promise.all([loadRegionRecords(tx, region), loadNames(tx)]);
  return { records, names };
}

const CACHE_CONTROL = 'public, max-age=300';

function sendCached(request: FastifyRequest, reply: FastifyReply, body: string, contentType: string) {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  reply.header('etag', etag).header('cache-control', CACHE_CONTROL).header('vary', 'accept-encoding');
  const match = request.headers['if-none-match'];
  if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return reply.code(304).send();
  return reply.type(contentType).send(body);
}

export const opendataRoutes: FastifyPluginAsync<Options> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  const load = async (request: FastifyRequest, region: string) => {
    const result = await withActor(db, { actor: anonymous, trace: request.trace }, (tx) => exportRegion(tx, region));
    if (!result) throw invalid([{ field: 'region', key: 'opendata.error.unknownRegion', params: { region } }], `There is no labour-market region ${region}.`);
    return result;
  };

  const notModified = Type.Null({ description: 'Not modified: the If-None-Match header holds the current ETag' });

  app.get(
    `${API_PREFIX}/open-data/hsds/services`,
    {
      schema: {
        tags: ['open-data'],
        operationId: 'listHsdsServices',
        summary: 'The published services of a region in Open Referral HSDS 3.0',
        description:
          'All published services offered in the region (its own, national ones and those of other regions that cover it), as HSDS 3.0 service objects with organisation, service areas, locations with opening hours, and the Werkcentrum fields as attributes with taxonomy terms. Sorted by key; the same data gives the same bytes. Sends an ETag; use If-None-Match to revalidate.',
        querystring: RegionQuery,
        response: apiResponses({ 200: Type.Ref('HsdsServiceList'), 304: notModified }, [400]),
      },
    },
    async (request, reply) => {
      const { records, names } = await load(request, request.query.region);
      return sendCached(request, reply, hsdsJson(records, names), 'application/json; charset=utf-8');
    },
  );

  app.get(
    `${API_PREFIX}/open-data/services.csv`,
    {
      schema: {
        tags: ['open-data'],
        operationId: 'listServicesCsv',
        summary: 'The published services of a region as CSV',
        description:
          'One row per service with a header row (RFC 4180, UTF-8): every field of the catalogue; lists are joined with |, locations are given by key, status uses the HSDS values. Cells that a spreadsheet would read as a formula start with an apostrophe. Sends an ETag; use If-None-Match to revalidate.',
        querystring: RegionQuery,
        response: apiResponses(
          {
            200: {
              description: 'The services as CSV',
              content: { 'text/csv': { schema: Type.String({ description: 'CSV with a header row' }) } },
            } as never,
            304: notModified,
          },
          [400],
        ),
      },
    },
    async (request, reply) => {
      const { records, names } = await load(request, request.query.region);
      reply.header('content-disposition', `inline; filename="werkcentrum-${request.query.region.toLowerCase()}-diensten.csv"`);
      return sendCached(request, reply, toCsv(records, names), 'text/csv; charset=utf-8');
    },
  );
};
