import type { Problem } from '../src/platform/http/error-handler.tsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { API_VERSION } from '../src/platform/http/openapi.ts';
import { problemTitles, type ProblemSlug } from '../src/platform/http/errors.ts';
import { lintOpenApi } from '../scripts/lint-api.ts';

// The API conventions end to end: problem+json errors with stable types, API-Version, W3C trace
// context, rate limits, health and readiness, and an OpenAPI document that passes the NL API
// Design Rules.


interface OpenApi {
  openapi: string;
  info: { version: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, unknown> }> }>>;
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN = '00f067aa0ba902b7';
const traceIdOf = (header: unknown) => /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/.exec(String(header));

/** Every object key in a JSON value, at any depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
  return [];
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true, env: { BASE_URL: 'https://werkcentrum.example' } });
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

function expectProblem(response: Awaited<ReturnType<typeof get>>, slug: ProblemSlug): Problem {
  expect(response.statusCode).toBe(problemTitles[slug].status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json<Problem>();
  expect(problem).toMatchObject({ type: `/problems/${slug}`, title: problemTitles[slug].title, status: problemTitles[slug].status });
  expect(problem.detail).toEqual(expect.any(String));
  expect(problem.traceId).toMatch(/^[0-9a-f]{32}$/);
  // The problem's trace id is the one on the response, so a partner can quote either.
  expect(problem.traceId).toBe(traceIdOf(response.headers.traceparent)?.[1]);
  return problem;
}

describe('regions API', () => {
  it('lists the 35 regions with all 342 municipalities, in camelCase, with the API-Version header', async () => {
    const response = await get('/api/v1/regions');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['api-version']).toBe(API_VERSION);
    const { regions } = response.json<{ regions: { code: string; name: string; municipalityCount: number; municipalities: { code: string }[] }[] }>();
    expect(regions).toHaveLength(35);
    const municipalityCodes = regions.flatMap((region) => region.municipalities.map((m) => m.code));
    expect(municipalityCodes).toHaveLength(342);
    expect(new Set(municipalityCodes).size).toBe(342);
    for (const region of regions) expect(region.municipalities, region.code).toHaveLength(region.municipalityCount);
    expect(regions.map((r) => r.name)).toEqual([...regions.map((r) => r.name)].sort(new Intl.Collator('nl').compare));
    for (const key of keysOf(regions)) expect(key).toMatch(/^[a-z][a-zA-Z0-9]*$/);
    // Allow-list: exactly the declared fields leave the server.
    expect(Object.keys(regions[0]!).sort()).toEqual(['centrumgemeente', 'code', 'municipalities', 'municipalityCount', 'name', 'slug']);
    expect(Object.keys(regions[0]!.municipalities[0]!).sort()).toEqual(['code', 'labelPoint', 'name']);
  });

  it('gives one region with its municipalities and partner organisations', async () => {
    const response = await get('/api/v1/regions/AM18');
    expect(response.statusCode).toBe(200);
    expect(response.headers['api-version']).toBe(API_VERSION);
    const region = response.json<{
      code: string;
      name: string;
      municipalityCount: number;
      municipalities: { code: string; name: string; labelPoint: { lat: number; lon: number } }[];
      partners: { id: string; name: string; kind: string; suwiParty: boolean }[];
    }>();
    expect(region).toMatchObject({ code: 'AM18', name: 'Groot Amsterdam', slug: 'groot-amsterdam' });
    expect(region.municipalities).toHaveLength(region.municipalityCount);
    const amsterdam = region.municipalities.find((m) => m.code === 'GM0363');
    expect(amsterdam?.name).toBe('Amsterdam');
    expect(amsterdam?.labelPoint.lat).toBeCloseTo(52.37, 0);
    expect(amsterdam?.labelPoint.lon).toBeCloseTo(4.9, 0);
    expect(region.partners).toContainEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Gemeente Amsterdam', kind: 'gemeente', suwiParty: true });
    expect(region.partners.map((p) => p.name)).toContain('UWV');
    // The platform team's own organisation is not a partner of the region.
    expect(region.partners.map((p) => p.kind)).not.toContain('platform');
    for (const partner of region.partners) expect(Object.keys(partner).sort()).toEqual(['id', 'kind', 'name', 'suwiParty']);
  });

  it('answers an unknown region with a not-found problem', async () => {
    const response = await get('/api/v1/regions/AM99');
    const problem = expectProblem(response, 'not-found');
    expect(problem.detail).toContain('AM99');
    expect(problem.instance).toBe('/api/v1/regions/AM99');
    expect(response.headers['api-version']).toBe(API_VERSION);
  });

  it('answers a malformed region code with a validation problem naming the parameter', async () => {
    const problem = expectProblem(await get('/api/v1/regions/groot-amsterdam'), 'validation');
    expect(problem.invalidParams).toEqual([expect.objectContaining({ name: 'code', code: 'pattern' })]);
    expect(problem.invalidParams![0]!.reason).not.toBe('');
  });

  it('answers unknown API paths and methods with problem+json instead of a page', async () => {
    expectProblem(await get('/api/v1/no-such-thing'), 'not-found');
    // No trailing slashes: /regions/ is not /regions but a region with an empty code.
    expect(expectProblem(await get('/api/v1/regions/'), 'validation').invalidParams?.[0]?.name).toBe('code');
    expectProblem(await t.app.inject({ method: 'DELETE', url: '/api/v1/regions/AM18' }), 'not-found');
  });
});

describe('W3C trace context', () => {
  it('continues the caller’s trace with a new span of our own', async () => {
    const response = await get('/api/v1/regions/AM18', { traceparent: `00-${TRACE_ID}-${PARENT_SPAN}-01` });
    const [, traceId, spanId] = traceIdOf(response.headers.traceparent) ?? [];
    expect(traceId).toBe(TRACE_ID);
    expect(spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(spanId).not.toBe(PARENT_SPAN);
  });

  it('puts the caller’s trace id in a problem', async () => {
    const response = await get('/api/v1/regions/AM99', { traceparent: `00-${TRACE_ID}-${PARENT_SPAN}-01` });
    expect(expectProblem(response, 'not-found').traceId).toBe(TRACE_ID);
  });

  it('starts a new trace for an invalid traceparent', async () => {
    for (const invalid of ['nonsense', `00-${'0'.repeat(32)}-${PARENT_SPAN}-01`, `ff-${TRACE_ID}-${PARENT_SPAN}-01`, `00-${TRACE_ID}-${'0'.repeat(16)}-01`]) {
      const response = await get('/api/v1/regions/AM99', { traceparent: invalid });
      const problem = expectProblem(response, 'not-found');
      expect(problem.traceId, invalid).not.toBe(TRACE_ID);
      expect(problem.traceId, invalid).not.toMatch(/^0+$/);
    }
    // Two requests without a trace get two different traces.
    const first = traceIdOf((await get('/api/v1/regions')).headers.traceparent)?.[1];
    const second = traceIdOf((await get('/api/v1/regions')).headers.traceparent)?.[1];
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(first).not.toBe(second);
  });
});

describe('health and readiness', () => {
  it('reports alive and ready with the database backend', async () => {
    const health = await get('/health');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await get('/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: process.env.DATABASE_URL ? 'server' : 'pglite' });
  });
});

describe('OpenAPI document', () => {
  let document: OpenApi;
  beforeAll(async () => {
    const response = await get('/api/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    document = response.json<OpenApi>();
  });

  it('is OpenAPI 3.1 with the version in the server URL and paths relative to it', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.version).toBe(API_VERSION);
    expect(document.servers.map((s) => s.url)).toEqual(['https://werkcentrum.example/api/v1']);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/regions', '/regions/{code}']));
    for (const path of Object.keys(document.paths)) {
      expect(path).not.toMatch(/^\/api/);
      expect(path).not.toMatch(/.\/$/);
    }
  });

  it('documents only API routes', () => {
    // Pages, assets, health checks and the docs page are not part of the API.
    for (const hidden of ['/', '/{slug}', '/health', '/ready', '/regios', '/openapi.json', '/docs']) expect(document.paths).not.toHaveProperty([hidden]);
  });

  it('declares API-Version on every success and problem+json on every error', () => {
    const responses = Object.values(document.paths).flatMap((item) => Object.values(item).flatMap((operation) => Object.entries(operation.responses)));
    expect(responses.length).toBeGreaterThan(0);
    for (const [status, response] of responses) {
      if (/^[23]/.test(status)) expect(response.headers, status).toHaveProperty(['API-Version']);
      else expect(Object.keys(response.content ?? {}), status).toEqual(['application/problem+json']);
    }
  });

  it('passes the NL API Design Rules ruleset with zero errors', async () => {
    // The ruleset passes an empty document too: make sure the real API is in it.
    expect(Object.keys(document.paths).length).toBeGreaterThanOrEqual(2);
    const result = await lintOpenApi(document);
    expect(result.findings.filter((finding) => finding.severity === 'error'), result.output).toEqual([]);
    expect(result.exitCode, result.output).toBe(0);
  }, 60_000);

  it('is found by the linter when it breaks a rule', async () => {
    // Guards the guard: a document without the version header must fail, or the test above proves nothing.
    const broken = structuredClone(document);
    delete broken.paths['/regions']!.get!.responses['200']!.headers;
    const result = await lintOpenApi(broken);
    expect(result.exitCode).not.toBe(0);
    expect(result.findings.map((finding) => finding.code)).toContain('nlgov:missing-header');
  }, 60_000);
});

describe('API documentation page', () => {
  it('describes every operation, the download and the problem types, in Dutch', async () => {
    const response = await get('/api/docs');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const page = response.body;
    expect(page).toContain('<html lang="nl">');
    expect(page).toContain('<h1 class="utrecht-heading-1">API voor partners</h1>');
    expect(page).toMatch(/<a[^>]+href="\/api\/v1\/openapi\.json"/);
    expect(page).toMatch(/<h3[^>]*>GET \/api\/v1\/regions<\/h3>/);
    expect(page).toMatch(/<h3[^>]*>GET \/api\/v1\/regions\/\{code\}<\/h3>/);
    expect(page).toContain('One labour-market region with its municipalities and partner organisations');
    // The path parameter with its pattern, and the responses with status and content type.
    expect(page).toMatch(/<code class="utrecht-code">code<\/code>[\s\S]*?\^AM\[0-9\]\{2\}\$/);
    expect(page).toMatch(/<th[^>]*scope="row"[^>]*>404<\/th>[\s\S]*?application\/problem\+json/);
    for (const [slug, { status }] of Object.entries(problemTitles)) {
      expect(page).toMatch(new RegExp(`href="/problems/${slug}"[\\s\\S]*?<td class="utrecht-table__cell"[^>]*>${status}</td>`));
    }
    // Every table is named by a heading on the page; every in-page link has its target.
    const tables = [...page.matchAll(/<table[^>]*>/g)].map(([tag]) => /aria-labelledby="([^"]+)"/.exec(tag)?.[1]);
    expect(tables.length).toBeGreaterThanOrEqual(4);
    for (const id of tables.flatMap((ids) => ids?.split(' ') ?? [undefined])) expect(page).toMatch(new RegExp(`<h[2-4][^>]* id="${id}"`));
    for (const [, anchor] of page.matchAll(/href="#([^"]+)"/g)) expect(page, anchor).toContain(`id="${anchor}"`);
  });

  it('speaks English to English readers', async () => {
    const page = (await get('/api/docs', { 'accept-language': 'en' })).body;
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('API for partners');
    expect(page).toContain('Download the OpenAPI specification (JSON)');
  });

  it('links problem types to pages that exist', async () => {
    for (const slug of Object.keys(problemTitles)) expect((await get(`/problems/${slug}`)).statusCode, slug).toBe(200);
  });
});

describe('rate limit', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ demo: false, env: { RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => limited.close());

  it('answers with a too-many-requests problem and Retry-After once the limit is reached', async () => {
    for (let i = 0; i < 3; i++) expect((await limited.app.inject({ url: '/api/v1/regions/AM18' })).statusCode).toBe(200);
    const response = await limited.app.inject({ url: '/api/v1/regions/AM18' });
    expect(response.statusCode).toBe(429);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ type: '/problems/too-many-requests', status: 429, title: 'Too many requests' });
    const retryAfter = Number(response.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Load balancers keep probing.
    expect((await limited.app.inject({ url: '/health' })).statusCode).toBe(200);
    expect((await limited.app.inject({ url: '/ready' })).statusCode).toBe(200);
  });
});
