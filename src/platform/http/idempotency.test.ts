import { randomUUID } from 'node:crypto';
import { TEST_FIELD_KEY } from '../../../test/helpers/app.ts';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { buildApp, type App } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';
import { apiResponses, API_VERSION } from './openapi.ts';
import { lintOpenApi } from '../../../scripts/lint-api.ts';

// Idempotency-Key on the API's creating POSTs. There is no creating API route yet, so this test
// registers one of its own that opts in, and counts how often its handler really creates.

let db: TestDatabase;
let app: App;
let created: string[];
/** The handler waits for this before it creates: a request can be held "in progress". */
let gate: Promise<void>;
let entered: () => void;
let failNext: boolean;

const Thing = Type.Object({ id: Type.String(), name: Type.String(), note: Type.String() });

beforeAll(async () => {
  db = await createTestDatabase({ demo: false });
  app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'fatal', FIELD_ENCRYPTION_KEY: TEST_FIELD_KEY }), db });
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/api/v1/test-things',
    {
      config: { idempotency: true },
      schema: {
        tags: ['test'],
        summary: 'Create a test thing',
        body: Type.Object({ name: Type.String({ maxLength: 100 }) }),
        response: apiResponses({ 201: Thing }),
      },
    },
    async (request, reply) => {
      entered();
      await gate;
      if (failNext) {
        failNext = false;
        throw new Error('the database went away');
      }
      const id = randomUUID();
      created.push(id);
      // Long enough to be compressed when the client accepts it.
      return reply.code(201).header('location', `/api/v1/test-things/${id}`).send({ id, name: request.body.name, note: 'x'.repeat(2_000) });
    },
  );
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});
beforeEach(() => {
  created = [];
  gate = Promise.resolve();
  entered = () => undefined;
  failNext = false;
});

const post = (body: object, headers: Record<string, string> = {}, remoteAddress = '192.0.2.1') =>
  app.inject({ method: 'POST', url: '/api/v1/test-things', payload: body, headers, remoteAddress });

describe('Idempotency-Key', () => {
  it('answers the same key with the same body with the stored answer, and creates once', async () => {
    const key = randomUUID();
    const first = await post({ name: 'Eén' }, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await post({ name: 'Eén' }, { 'idempotency-key': key });
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['api-version']).toBe(API_VERSION);
    expect(created).toHaveLength(1);
  });

  it('answers the same key with another body with 422 problem+json, and creates nothing', async () => {
    const key = randomUUID();
    expect((await post({ name: 'Eerst' }, { 'idempotency-key': key })).statusCode).toBe(201);
    const other = await post({ name: 'Anders' }, { 'idempotency-key': key });
    expect(other.statusCode).toBe(422);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(other.json()).toMatchObject({ type: '/problems/idempotency-key-reused', status: 422 });
    expect(created).toHaveLength(1);
  });

  it('answers 409 with Retry-After while the first request with the key is still running, then replays it', async () => {
    const key = randomUUID();
    let release!: () => void;
    gate = new Promise((resolve) => (release = resolve));
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const running = post({ name: 'Traag' }, { 'idempotency-key': key });
    await inHandler;
    const meanwhile = await post({ name: 'Traag' }, { 'idempotency-key': key });
    expect(meanwhile.statusCode).toBe(409);
    expect(meanwhile.json()).toMatchObject({ type: '/problems/idempotency-key-in-use', status: 409 });
    expect(Number(meanwhile.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    release();
    const first = await running;
    expect(first.statusCode).toBe(201);
    const after = await post({ name: 'Traag' }, { 'idempotency-key': key });
    expect(after.body).toBe(first.body);
    expect(created).toHaveLength(1);
  });

  it('treats requests without a key as separate requests', async () => {
    expect((await post({ name: 'Zonder' })).statusCode).toBe(201);
    expect((await post({ name: 'Zonder' })).statusCode).toBe(201);
    expect(created).toHaveLength(2);
  });

  it('does not keep a failed answer (500): the same request may be tried again with its key', async () => {
    const key = randomUUID();
    failNext = true;
    expect((await post({ name: 'Opnieuw' }, { 'idempotency-key': key })).statusCode).toBe(500);
    const retry = await post({ name: 'Opnieuw' }, { 'idempotency-key': key });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(created).toHaveLength(1);
  });

  it('keeps keys per sender: another client with the same key is another request', async () => {
    const key = randomUUID();
    const mine = await post({ name: 'Gedeeld' }, { 'idempotency-key': key }, '192.0.2.10');
    const theirs = await post({ name: 'Gedeeld' }, { 'idempotency-key': key }, '192.0.2.11');
    expect(theirs.statusCode).toBe(201);
    expect(theirs.body).not.toBe(mine.body);
    expect(created).toHaveLength(2);
  });

  it('refuses a key that is too long or has spaces with 400 problem+json', async () => {
    for (const key of ['x'.repeat(256), 'met spatie']) {
      const response = await post({ name: 'Fout' }, { 'idempotency-key': key });
      expect(response.statusCode, key).toBe(400);
      expect(response.json().invalidParams?.[0]?.name).toMatch(/idempotency-key/i);
    }
    expect(created).toHaveLength(0);
  });

  it('keeps the answer as sent before compression: a compressed and a plain replay say the same', async () => {
    const key = randomUUID();
    const first = await post({ name: 'Gezipt' }, { 'idempotency-key': key, 'accept-encoding': 'gzip' });
    expect(first.headers['content-encoding']).toBe('gzip');
    const body = gunzipSync(first.rawPayload).toString('utf8');
    expect(JSON.parse(body)).toMatchObject({ name: 'Gezipt' });
    const zipped = await post({ name: 'Gezipt' }, { 'idempotency-key': key, 'accept-encoding': 'gzip' });
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(body);
    expect((await post({ name: 'Gezipt' }, { 'idempotency-key': key })).body).toBe(body);
    expect(created).toHaveLength(1);
  });

  it('is documented in OpenAPI on the routes that take it: the header, 409 and 422', () => {
    type Operation = { parameters?: { in: string; name: string }[]; responses: Record<string, unknown> };
    const operation = (app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> }).paths['/test-things']!.post!;
    expect(operation.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'Idempotency-Key', required: false }));
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['201', '409', '422']));
  });

  it('keeps such a route within the NL API Design Rules', async () => {
    const result = await lintOpenApi(app.swagger());
    expect(result.findings.filter((finding) => finding.severity === 'error'), result.output).toEqual([]);
  }, 60_000);
});
