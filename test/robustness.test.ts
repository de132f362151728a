import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { Agent } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

// "No 500 for any input": every route the app has, with hostile path parameters, query strings
// and bodies, as a signed-in platform administrator (so handlers run past their access checks)
// with a valid CSRF token (so form handlers run past the CSRF check).

let db: TestDatabase;
let app: App;

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000' }), db });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

const hostileValues = [
  '',
  ' ',
  'x'.repeat(5000),
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  "'; drop table users; --",
  '<script>alert(1)</script>',
  '%00',
  '../../etc/passwd',
  'AM99',
  '-1',
  '9'.repeat(30),
  '🙂',
];

function fill(url: string, value: string): string {
  return url.replace(/:(\w+)/g, () => encodeURIComponent(value));
}

it('answers every route with hostile input without a server error', async () => {
  // Logging out would turn the rest of the walk into anonymous requests that stop at the door.
  const routes = app.routeTable.filter((route) => !route.url.startsWith('/uitloggen'));
  expect(routes.length).toBeGreaterThan(30);
  const agent = new Agent(app);
  await agent.login('beheer@werkcentrum.example');
  const token = agent.csrfToken();
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  const record = (label: string, status: number) => {
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (status >= 500) failures.push(`${label} → ${status}`);
  };

  for (const route of routes) {
    for (const value of hostileValues) {
      const url = fill(route.url, value);
      if (route.method === 'GET') {
        const query = `?q=${encodeURIComponent(value)}&voor=${encodeURIComponent(value)}&regio=${encodeURIComponent(value)}&handeling=${encodeURIComponent(value)}&terug=${encodeURIComponent(value)}`;
        record(`GET ${url}${query.slice(0, 40)}`, (await agent.get(`${url}${query}`)).statusCode);
      } else {
        const fields: Record<string, string> = { _csrf: token };
        for (const name of ['name', 'email', 'kind', 'suwi', 'website', 'regions', 'language', 'organisation', 'region', 'role', 'password', 'membership', 'code', 'centrumgemeente', 'verified', 'terug']) {
          fields[name] = value;
        }
        record(`${route.method} ${url} form`, (await agent.post(url, fields)).statusCode);
        const json = await app.inject({
          method: route.method as 'POST',
          url,
          payload: '{"name": ' + JSON.stringify(value) + ', "nested": {"a": [1, 2, {"b": null}]}}',
          headers: { 'content-type': 'application/json' },
          cookies: Object.fromEntries(agent.cookies),
        });
        record(`${route.method} ${url} json`, json.statusCode);
        const broken = await app.inject({
          method: route.method as 'POST',
          url,
          payload: '{"name": ',
          headers: { 'content-type': 'application/json' },
          cookies: Object.fromEntries(agent.cookies),
        });
        record(`${route.method} ${url} broken json`, broken.statusCode);
        const other = await app.inject({
          method: route.method as 'POST',
          url,
          payload: 'a=b',
          headers: { 'content-type': 'text/csv' },
          cookies: Object.fromEntries(agent.cookies),
        });
        record(`${route.method} ${url} text/csv`, other.statusCode);
      }
    }
  }
  expect(failures).toEqual([]);
  // The walk reached the handlers: pages rendered, forms rejected input field by field, ids not found.
  for (const status of [200, 400, 404]) expect(statuses.get(status) ?? 0, `answers with ${status}`).toBeGreaterThan(20);
  expect((await agent.get('/werkplek')).statusCode).toBe(200);
}, 240_000);

it('answers API errors as problem+json, including unknown paths and methods', async () => {
  for (const [method, url] of [
    ['GET', '/api/v1/nope'],
    ['DELETE', '/api/v1/regions'],
    ['GET', '/api/v1/regions/%ZZ'],
    ['GET', `/api/v1/regions/${'A'.repeat(300)}`],
  ] as const) {
    const response = await app.inject({ method, url });
    expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
    expect(response.statusCode, url).toBeLessThan(500);
    expect(response.headers['content-type'], url).toContain('application/problem+json');
    expect(response.json(), url).toMatchObject({ status: response.statusCode, title: expect.any(String), detail: expect.any(String) });
  }
});
