import { afterAll, beforeAll, expect, it } from 'vitest';
import { Agent, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { DEMO_PASSWORD } from '../../seed/demo.ts';
import { SESSION_COOKIE } from '../auth/cookies.ts';

// The logs are JSON, carry the W3C trace id, and never contain personal data: no e-mail addresses,
// passwords, session tokens, query strings or client addresses.

const lines: string[] = [];
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ demo: true, env: { LOG_LEVEL: 'info' }, logStream: { write: (line) => lines.push(line) } });
});
afterAll(async () => t?.close());

it('logs requests as JSON with the trace id and without personal data', async () => {
  const agent = new Agent(t.app);
  await agent.login('gids.amsterdam@werkcentrum.example');
  await agent.get('/gemeente-kiezen?gemeente=Jan%20Jansen%20jan%40example.org');
  await agent.post('/inloggen', { email: 'verkeerd@werkcentrum.example', password: 'geheim-wachtwoord' }).catch(() => undefined);
  const traced = await t.app.inject({ method: 'GET', url: '/regios', headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
  expect(traced.statusCode).toBe(200);

  const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(entries.length).toBeGreaterThan(10);
  expect(entries.some((entry) => entry.traceId === '4bf92f3577b34da6a3ce929d0e0e4736')).toBe(true);
  const text = lines.join('\n');
  for (const secret of [
    'gids.amsterdam@werkcentrum.example',
    'verkeerd@werkcentrum.example',
    'jan@example.org',
    'Jan Jansen',
    'Jan%20Jansen',
    DEMO_PASSWORD,
    'geheim-wachtwoord',
    agent.cookies.get(SESSION_COOKIE)!,
    '127.0.0.1',
  ]) {
    expect(text, secret).not.toContain(secret);
  }
});
