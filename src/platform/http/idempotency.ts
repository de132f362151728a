import { createHash, randomUUID } from 'node:crypto';
import { Type, type TObject } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { beginIdempotent, finishIdempotent } from './submissions.repository.ts';
import type { Database } from '../db/pool.ts';
import { withActor } from '../db/tenancy.ts';
import { AppError } from './errors.ts';
import { problemResponse, retryAfterHeader } from './openapi.ts';

// Idempotency-Key on the API's creating POSTs (as in the IETF draft "The Idempotency-Key HTTP
// Header Field"). A route opts in with `config: { idempotency: true }`; the header stays optional.
// With a key, the first request claims it — committed before the handler runs, so others see it —
// and its answer is stored before it is sent (status, body, Content-Type and Location). Then:
//   same key, same request  → the stored answer again, with `Idempotent-Replayed: true`
//   same key, other request → 422 (problem idempotency-key-reused): a new request needs a new key
//   while the first runs    → 409 (problem idempotency-key-in-use) with Retry-After
// An answer of 500 or more is not stored: the key is released and the request may be retried.
// Keys belong to their sender, and are forgotten after 24 hours (the retention sweep).
// The handler's own writes are not in the claim's transaction: if the process ends between the
// handler's commit and storing its answer, a retry after the lease creates again. That window is
// a crash within milliseconds; a key that stayed claimed for 24 hours after any crash is worse.

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** How long a request may hold its key without answering; then a retry may take it over. Far longer than any request runs. */
export const IDEMPOTENCY_LEASE_SECONDS = 300;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Accept an Idempotency-Key header on this (creating) route. */
    idempotency?: boolean;
  }
  interface FastifyRequest {
    idempotency: { principal: string; key: string; attempt: string } | null;
  }
}

/** Whose key it is: the signed-in user (an API client once the API has them), else the client address. */
const principalOf = (request: FastifyRequest) => (request.actor.kind === 'user' ? `user:${request.actor.userId}` : `client:${request.ip}`);

/** JSON with object keys in a fixed order: the same body sent again hashes the same, however it was written. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const requestHash = (request: FastifyRequest) =>
  createHash('sha256').update(`${request.method} ${request.url}\n${canonicalJson(request.body)}`).digest('hex');

/** The header in the route's schema (so Fastify checks it and OpenAPI shows it), and the answers it can bring. */
function describe(route: RouteOptions): void {
  const header = Type.String({
    minLength: 1,
    maxLength: 255,
    pattern: '^[!-~]+$',
    description:
      'Makes a retry safe: send a new unique value (a UUID) with each new request, and the same value when you repeat it. ' +
      'A repeat within 24 hours gets the first answer again, with Idempotent-Replayed: true.',
  });
  const schema = (route.schema ??= {});
  const headers = schema.headers as TObject | undefined;
  schema.headers = headers
    ? { ...headers, properties: { ...headers.properties, [IDEMPOTENCY_HEADER]: header } }
    : Type.Object({ [IDEMPOTENCY_HEADER]: Type.Optional(header) });
  schema.response = {
    ...(schema.response as Record<number, unknown> | undefined),
    409: problemResponse('A request with this Idempotency-Key is still in progress; retry after Retry-After seconds', retryAfterHeader),
    422: problemResponse('This Idempotency-Key was used for another request; use a new key for a new request'),
  };
}

const asList = <T>(hooks: T | T[] | undefined): T[] => (hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks]);

/** Lets routes opt in with `config: { idempotency: true }`; register before the routes (and before OpenAPI). */
export function registerIdempotency(app: FastifyInstance, db: Database): void {
  app.decorateRequest('idempotency', null);

  async function begin(request: FastifyRequest, reply: FastifyReply) {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string') return;
    const principal = principalOf(request);
    const attempt = randomUUID();
    const claim = await withActor(db, { actor: request.actor, trace: request.trace }, (tx) =>
      beginIdempotent(tx, principal, key, requestHash(request), attempt, IDEMPOTENCY_LEASE_SECONDS),
    );
    if (claim.outcome === 'started') {
      request.idempotency = { principal, key, attempt };
      return;
    }
    if (claim.outcome === 'mismatch') throw new AppError('idempotency-key-reused', 'This Idempotency-Key was used for another request; use a new key for a new request.');
    if (claim.outcome === 'in-progress') {
      reply.header('retry-after', '1');
      throw new AppError('idempotency-key-in-use', 'A request with this Idempotency-Key is still in progress; retry after Retry-After seconds.');
    }
    reply.headers({ ...claim.response_headers, 'idempotent-replayed': 'true' });
    return reply.code(claim.response_status!).send(claim.response_body ?? undefined);
  }

  async function finish(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
    const held = request.idempotency;
    if (!held) return payload;
    request.idempotency = null;
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'location']) {
      const value = reply.getHeader(name);
      if (typeof value === 'string') headers[name] = value;
    }
    // This hook runs before compression, so an API answer is still its JSON text (or empty).
    const body = typeof payload === 'string' ? payload : null;
    await withActor(db, { actor: request.actor, trace: request.trace }, (tx) =>
      finishIdempotent(tx, held, reply.statusCode, headers, body),
    );
    return payload;
  }

  app.addHook('onRoute', (route) => {
    if (!route.config?.idempotency) return;
    describe(route);
    route.preHandler = [...asList(route.preHandler), begin];
    // First among the route's onSend hooks: compression adds its own there and turns the answer into a stream.
    route.onSend = [finish, ...asList(route.onSend)];
  });
}
