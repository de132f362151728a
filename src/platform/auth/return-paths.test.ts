import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { Agent, createTestApp, totpCodeFor, type TestApp } from '../../../test/helpers/app.ts';
import { buildOrganisation, buildUser } from '../../../test/factories.ts';
import { currentTotpCode } from './auth.service.ts';

// A return path (`terug`) is only ever a path on this site: every login step and the language switch
// drop anything else before they do anything, and never put it in a Location header or a form.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: false });
});
afterAll(async () => t?.close());

const hostile = [
  '/werkplek\r\nSet-Cookie: wc_session=x',
  '/\t/evil.example',
  '//evil.example',
  '/\\evil.example',
  'https://evil.example',
  '/%0d%0aSet-Cookie:%20x=y',
];

/** A Location (or link) that stays on this site: a path, no control characters, no second slash or backslash. */
function expectLocal(location: unknown) {
  expect(typeof location).toBe('string');
  expect(location).toMatch(/^\/(?![/\\])/);
  expect([...String(location)].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)).toBe(false);
  expect(location).not.toMatch(/\\|%0[9ad]|evil/i);
}

/** The hidden `terug` field of the last form carries nothing hostile either. */
function expectCleanForm(response: LightMyRequestResponse) {
  const value = /name="terug" value="([^"]*)"/.exec(response.body)?.[1];
  expect(value).toBe('');
}

async function member() {
  const organisation = await buildOrganisation(t.db);
  return buildUser(t.db, { memberships: [{ organisation, role: 'gidsfunctionaris' }] });
}

describe('return paths in the login steps', () => {
  it.each(hostile)('the login page and the password step drop %j', async (back) => {
    const user = await member();
    const agent = new Agent(t.app);
    expectCleanForm(await agent.get(`/inloggen?terug=${encodeURIComponent(back)}`));
    const step1 = await agent.post('/inloggen', { email: user.email, password: user.password, terug: back });
    expect(step1.statusCode).toBe(303);
    expect(step1.headers.location).toBe('/inloggen/code');
    const retry = new Agent(t.app);
    await retry.get('/inloggen');
    const wrong = await retry.post('/inloggen', { email: user.email, password: 'niet-het-wachtwoord', terug: back });
    expect(wrong.statusCode).toBe(401);
    expectCleanForm(wrong);
  });

  it.each(hostile)('the code step drops %j before it starts the session', async (back) => {
    const user = await member();
    const agent = new Agent(t.app);
    await agent.get('/inloggen');
    await agent.post('/inloggen', { email: user.email, password: user.password });
    expectCleanForm(await agent.get(`/inloggen/code?terug=${encodeURIComponent(back)}`));
    const step2 = await agent.post('/inloggen/code', { code: totpCodeFor(user.email, user.totpSecret!), terug: back });
    expect(step2.statusCode).toBe(303);
    expect(step2.headers.location).toBe('/werkplek');
    expectLocal(step2.headers.location);
    expect((await agent.get('/werkplek')).statusCode).toBe(200);
  });

  it.each(hostile)('the enrolment step drops %j', async (back) => {
    const organisation = await buildOrganisation(t.db);
    const user = await buildUser(t.db, { memberships: [{ organisation, role: 'gidsfunctionaris' }], totp: false });
    const agent = new Agent(t.app);
    await agent.get('/inloggen');
    await agent.post('/inloggen', { email: user.email, password: user.password });
    const page = await agent.get(`/inloggen/instellen?terug=${encodeURIComponent(back)}`);
    expectCleanForm(page);
    const secret = /<code class="utrecht-code">([A-Z2-7 ]+)<\/code>/.exec(page.body)![1]!.replace(/ /g, '');
    const done = await agent.post('/inloggen/instellen', { code: currentTotpCode(secret), terug: back });
    expect(done.statusCode).toBe(200);
    const next = /<a class="utrecht-button utrecht-button--primary-action" href="([^"]*)"/.exec(done.body)?.[1];
    expect(next).toBe('/werkplek');
  });

  it('keeps a return path on this site through both steps', async () => {
    const user = await member();
    const agent = new Agent(t.app);
    await agent.get('/inloggen');
    const step1 = await agent.post('/inloggen', { email: user.email, password: user.password, terug: '/regios?x=1' });
    expect(step1.headers.location).toBe('/inloggen/code?terug=%2Fregios%3Fx%3D1');
    await agent.get(String(step1.headers.location));
    const step2 = await agent.post('/inloggen/code', { code: totpCodeFor(user.email, user.totpSecret!), terug: '/regios?x=1' });
    expect(step2.headers.location).toBe('/regios?x=1');
  });
});

describe('return path of the language switch', () => {
  it.each(hostile)('drops %j', async (back) => {
    const response = await t.app.inject({ method: 'GET', url: `/taal/en?terug=${encodeURIComponent(back)}` });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
  });

  it('a raw CR/LF or TAB in the query string is dropped too', async () => {
    for (const query of ['%2Fwerkplek%0d%0aSet-Cookie:%20x=y', '%2F%09%2Fevil.example', '/%0D%0ALocation:%20https://evil.example']) {
      const response = await t.app.inject({ method: 'GET', url: `/taal/en?terug=${query}` });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/');
    }
  });

  it('returns to a path on this site', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/taal/en?terug=${encodeURIComponent('/twente/zoeken?q=werk')}` });
    expect(response.headers.location).toBe('/twente/zoeken?q=werk');
  });
});
