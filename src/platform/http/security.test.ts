import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';

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
