import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { Agent, TEST_FIELD_KEY } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { decodeHtml } from './helpers/html.ts';
import { buildLocation, buildOrganisation, buildService, buildUser } from './factories.ts';

// "No 500 for any input": every route the app has, with hostile path parameters, query strings
// and bodies, as a signed-in platform administrator (so handlers run past their access checks)
// with a valid CSRF token (so form handlers run past the CSRF check).

let db: TestDatabase;
let app: App;

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000', FIELD_ENCRYPTION_KEY: TEST_FIELD_KEY }), db });
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

// PostgreSQL refuses U+0000 in text, and a header cannot carry it: such input is refused at the edge
// (400) wherever it is, so no handler, header or query ever sees it.
const NUL = 'x\u0000y';

/** Names the app reads: the fields of its forms and the query keys of its links (from its pages) and of the API. */
function harvestNames(page: string, names: { fields: Set<string>; query: Set<string> }) {
  for (const [, name] of page.matchAll(/<(?:input|select|textarea|button)[^>]* name="([^"]+)"/g)) names.fields.add(decodeHtml(name!));
  for (const [, href] of page.matchAll(/(?:href|action)="[^"?]*\?([^"#]*)/g)) {
    for (const key of new URLSearchParams(decodeHtml(href!)).keys()) names.query.add(key);
  }
}

/** Refused before the handler: 400, or 429 where a route's own rate limit (the contact form's) comes first. */
function expectRefused(label: string, url: string, response: LightMyRequestResponse, failures: string[]) {
  const type = url.startsWith('/api/v1/') ? 'application/problem+json' : 'text/html';
  if (![400, 429].includes(response.statusCode) || !String(response.headers['content-type']).startsWith(type)) {
    failures.push(`${label} → ${response.statusCode} ${response.headers['content-type']}`);
  }
}

/**
 * A coordinator in Twente (signed in) of a factory organisation with a location and a service, and
 * a route's URL with real path parameters, or `value` in the one named `param`.
 */
async function twenteCoordinator() {
  const organisation = await buildOrganisation(db, { regions: ['AM05'] });
  const coordinator = await buildUser(db, { memberships: [{ organisation, role: 'regiocoordinator' }] });
  const location = await buildLocation(db, organisation);
  const service = await buildService(db, organisation, { locationIds: [location.id] });
  const professional = new Agent(app);
  await professional.login(coordinator);
  const valid: Record<string, string> = { lang: 'nl', slug: 'twente', code: 'AM05', region: 'AM05', audience: 'werkzoekenden', membershipId: coordinator.memberships[0]!.id };
  const idIn = (url: string) =>
    url.includes('/diensten/') || url.includes('/services/')
      ? service.id
      : url.includes('/locaties/')
        ? location.id
        : url.includes('/organisaties/')
          ? organisation.id
          : url.includes('/gebruikers/')
            ? coordinator.id
            : randomUUID();
  const realUrl = (url: string, param?: string, value = '') =>
    url.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(name === param ? value : name === 'id' ? idIn(url) : (valid[name] ?? 'x')));
  return { professional, realUrl };
}

it('refuses U+0000 in every path parameter, query parameter, form field and JSON field, signed in and anonymous', async () => {
  const { professional, realUrl } = await twenteCoordinator();
  const anonymous = new Agent(app);
  await anonymous.get('/inloggen');
  const fill = (url: string, nulIn?: string) => realUrl(url, nulIn, NUL);
  // Logging out would end the signed-in walk: those routes go last.
  const routes = [...app.routeTable].sort((a, b) => Number(a.url.startsWith('/uitloggen')) - Number(b.url.startsWith('/uitloggen')));

  const names = { fields: new Set<string>(), query: new Set<string>() };
  for (const route of routes.filter((candidate) => candidate.method === 'GET')) harvestNames((await professional.get(fill(route.url))).body, names);
  const openapi = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>> };
  for (const operation of Object.values(openapi.paths).flatMap((path) => Object.values(path))) {
    for (const parameter of operation.parameters ?? []) if (parameter.in === 'query') names.query.add(parameter.name);
  }
  names.fields.delete('_csrf');
  expect(names.fields.size).toBeGreaterThan(30);
  expect(names.query.size).toBeGreaterThan(20);

  const failures: string[] = [];
  let requests = 0;
  for (const [who, agent] of [['professional', professional], ['anonymous', anonymous]] as const) {
    const token = agent.csrfToken();
    const send = async (label: string, url: string, request: () => Promise<LightMyRequestResponse>) => {
      requests++;
      expectRefused(`${who} ${label}`, url, await request(), failures);
    };
    for (const route of routes) {
      const method = route.method as 'GET' | 'POST';
      for (const [, param] of route.url.matchAll(/:(\w+)/g)) {
        const url = fill(route.url, param);
        await send(`${method} ${url}`, url, () => (method === 'GET' ? agent.get(url) : agent.post(url, { _csrf: token })));
      }
      const url = fill(route.url);
      const query = new URLSearchParams([...names.query].map((name): [string, string] => [name, NUL])).toString();
      await send(`${method} ${url}?…`, url, () => (method === 'GET' ? agent.get(`${url}?${query}`) : agent.post(`${url}?${query}`, { _csrf: token })));
      if (method === 'GET') continue;
      const fields = Object.fromEntries([...names.fields].map((name) => [name, NUL]));
      await send(`${method} ${url} form`, url, () => agent.post(url, { ...fields, _csrf: token }));
      for (const [label, payload] of [
        ['json', { ...fields, _csrf: token }],
        ['nested json', { _csrf: token, name: 'Naam', regions: ['AM05', { label: [1, null, NUL] }] }],
        ['json key', { _csrf: token, [NUL]: 'waarde' }],
      ] as const) {
        await send(`${method} ${url} ${label}`, url, () =>
          app.inject({ method, url, payload, headers: { 'x-csrf-token': token }, cookies: Object.fromEntries(agent.cookies) }),
        );
      }
    }
  }
  expect(failures).toEqual([]);
  expect(requests).toBeGreaterThan(2 * app.routeTable.length);
  expect((await professional.get('/werkplek')).statusCode).toBe(200);
}, 240_000);

it('escapes every attribute value once: no page has a raw & or < in one, nor a double-escaped reference, and its links work', async () => {
  const { professional, realUrl } = await twenteCoordinator();
  const anonymous = new Agent(app);
  const reference = /^(?:amp|lt|gt|quot|#\d+|#x[0-9a-f]+);/i;
  const failures: string[] = [];
  const links = new Set<string>();
  for (const agent of [professional, anonymous]) {
    for (const route of app.routeTable.filter((candidate) => candidate.method === 'GET')) {
      const url = realUrl(route.url);
      const page = await agent.get(url);
      if (!String(page.headers['content-type']).startsWith('text/html')) continue;
      for (const [attribute, value] of page.body.matchAll(/\s[\w:-]+="([^"]*)"/g)) {
        const raw = value!.split('&').slice(1).some((after) => !reference.test(after));
        if (raw || value!.includes('<') || /&amp;(?:amp|lt|gt|quot|#\d+|#x[0-9a-f]+);/i.test(value!)) failures.push(`${url}:${attribute}`);
      }
      for (const [, href] of page.body.matchAll(/\shref="([^"]*&amp;[^"]*)"/g)) links.add(decodeHtml(href!));
    }
  }
  expect(failures).toEqual([]);
  // Such as an audience page's links to a filtered search, and the location's map link.
  expect([...links].some((link) => link.startsWith('/twente/zoeken?'))).toBe(true);
  expect([...links].some((link) => link.startsWith('https://www.openstreetmap.org/?mlat='))).toBe(true);
  for (const link of links) if (link.startsWith('/')) expect((await professional.get(link)).statusCode, link).toBe(200);
});

it('refuses U+0000 in a cookie or a header before the session is looked up', async () => {
  const agent = new Agent(app);
  await agent.login('beheer@werkcentrum.example');
  const failures: string[] = [];
  for (const url of ['/', '/werkplek', '/api/v1/regions']) {
    for (const cookie of ['wc_session', 'wc_csrf', 'wc_lang', 'wc_flash']) {
      const cookies = { ...Object.fromEntries(agent.cookies), [cookie]: `${agent.cookies.get(cookie) ?? 'nl'}\u0000` };
      expectRefused(`${url} cookie ${cookie}`, url, await app.inject({ method: 'GET', url, cookies }), failures);
    }
    for (const header of ['accept-language', 'traceparent', 'x-csrf-token']) {
      const response = await app.inject({ method: 'GET', url, headers: { [header]: NUL }, cookies: Object.fromEntries(agent.cookies) });
      expectRefused(`${url} header ${header}`, url, response, failures);
    }
  }
  expect(failures).toEqual([]);
  expect((await agent.get('/werkplek')).statusCode).toBe(200);
});

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
