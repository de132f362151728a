import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { buildOrganisation, buildUser, type BuiltUser } from '../../../test/factories.ts';

let plain: TestApp;
let tls: TestApp;
beforeAll(async () => {
  [plain, tls] = await Promise.all([createTestApp({ demo: true }), createTestApp({ demo: false, env: { BASE_URL: 'https://werkcentrum.example' } })]);
});
afterAll(async () => {
  await plain?.close();
  await tls?.close();
});

describe('security headers', () => {
  it('sends a strict CSP without unsafe-inline, forbids framing, and no HSTS over plain http', async () => {
    const response = await plain.app.inject({ method: 'GET', url: '/' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeUndefined();
    // No inline styles or scripts in the page, which the CSP would block.
    expect(response.body).not.toMatch(/<script|style="/);
  });

  it('sends HSTS and Secure cookies behind TLS', async () => {
    const response = await tls.app.inject({ method: 'GET', url: '/inloggen' });
    expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(String(response.headers['set-cookie'])).toMatch(/Secure/);
  });

  it('marks pages of a signed-in user no-store, and public pages only no-cache', async () => {
    expect((await plain.app.inject({ method: 'GET', url: '/regios' })).headers['cache-control']).toBe('no-cache');
    const agent = new Agent(plain.app);
    await agent.login('gids.amsterdam@werkcentrum.example');
    expect((await agent.get('/regios')).headers['cache-control']).toBe('no-store');
    expect((await agent.get('/werkplek')).headers['cache-control']).toBe('no-store');
  });

  it('compresses pages', async () => {
    const page = await plain.app.inject({ method: 'GET', url: '/regios', headers: { 'accept-encoding': 'gzip' } });
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.rawPayload.length).toBeLessThan(20_000);
  });

  it('serves the stylesheet as an immutable asset', async () => {
    const page = await plain.app.inject({ method: 'GET', url: '/' });
    const href = /href="(\/assets\/app\.[0-9a-f]+\.css)"/.exec(page.body)![1]!;
    const css = await plain.app.inject({ method: 'GET', url: href, headers: { 'accept-encoding': 'br, gzip' } });
    expect(css.statusCode).toBe(200);
    expect(css.headers['cache-control']).toContain('immutable');
    expect(css.headers['content-encoding']).toBe('br');
    // What a phone downloads once: the whole stylesheet, compressed.
    expect(css.rawPayload.length).toBeLessThan(30_000);
  });

  it('serves the favicon every page links to, so browsers do not ask for a missing /favicon.ico', async () => {
    const page = await plain.app.inject({ method: 'GET', url: '/' });
    const href = /<link rel="icon" href="([^"]+)" type="image\/svg\+xml"/.exec(page.body)![1]!;
    const icon = await plain.app.inject({ method: 'GET', url: href });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.body).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 32 32"/);
  });
});

describe('form posts from another site', () => {
  const professional = async (app: TestApp) =>
    buildUser(app.db, { memberships: [{ organisation: await buildOrganisation(app.db), role: 'partnermedewerker' }] });

  // The login form of a professional: a post that gets through answers 303 to the code step.
  async function loginPost(app: TestApp, user: BuiltUser, headers: Record<string, string>, options: { lang?: 'en' } = {}) {
    const agent = new Agent(app.app);
    if (options.lang) agent.cookies.set('wc_lang', options.lang);
    await agent.get('/inloggen');
    return agent.post('/inloggen', { email: user.email, password: user.password }, { headers });
  }

  it('are refused with a page that says the form did not come from this site, whatever the token', async () => {
    const user = await professional(tls);
    for (const headers of <Record<string, string>[]>[
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'none' },
      { origin: 'https://aanval.example' },
      { origin: 'null' },
      { origin: 'https://werkcentrum.example.aanval.example', 'sec-fetch-site': 'cross-site' },
      // The browser says same-origin, but of an address that is not BASE_URL's.
      { origin: 'https://werkcentrum.example:8443', 'sec-fetch-site': 'same-origin' },
      { origin: 'http://werkcentrum.example' },
    ]) {
      const response = await loginPost(tls, user, headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(403);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toContain('Dit formulier komt niet van het Werkcentrum');
      expect(response.body).toContain('Je hebt een formulier verstuurd vanaf een andere website.');
    }
    const english = await loginPost(tls, user, { origin: 'https://aanval.example' }, { lang: 'en' });
    expect(english.statusCode).toBe(403);
    expect(english.body).toContain('You sent a form from another website.');
  });

  it('are accepted from BASE_URL\'s origin, and without either header on the token alone', async () => {
    const user = await professional(tls);
    for (const headers of <Record<string, string>[]>[
      { origin: 'https://werkcentrum.example', 'sec-fetch-site': 'same-origin' },
      { origin: 'https://werkcentrum.example' },
      { 'sec-fetch-site': 'same-origin' },
      {},
    ]) {
      const response = await loginPost(tls, user, headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(303);
      expect(response.headers.location).toBe('/inloggen/code');
    }
  });

  it('compare with BASE_URL, not with the Host the request was sent to', async () => {
    const user = await professional(plain);
    // Without BASE_URL the public address is http://localhost:3000; a proxy's or a second name does not count.
    expect((await loginPost(plain, user, { origin: 'http://localhost:3000' })).statusCode).toBe(303);
    expect((await loginPost(plain, user, { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' })).statusCode).toBe(403);
  });

  it('still need the CSRF token when the origin is right', async () => {
    const agent = new Agent(tls.app);
    await agent.get('/inloggen');
    const response = await agent.post('/inloggen', { email: 'x@example.org', password: 'x' }, { csrf: false, headers: { origin: 'https://werkcentrum.example' } });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Het formulier is verlopen.');
  });

  it('do not concern the API, which uses no cookies', async () => {
    const response = await tls.app.inject({ method: 'POST', url: '/api/v1/regions', headers: { origin: 'https://aanval.example', 'sec-fetch-site': 'cross-site' } });
    expect(response.statusCode).not.toBe(403);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});
