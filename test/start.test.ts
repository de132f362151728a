import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startPlatform, type PlatformProcess } from './helpers/platform-process.ts';

// The README's `npm start` on a fresh machine: no database server, no settings, an empty data
// directory. The platform migrates and seeds the embedded database itself, serves its pages and API,
// runs its jobs, and stops cleanly on SIGTERM. CI runs this file under each supported Node version.

const dataDir = mkdtempSync(path.join(tmpdir(), 'wc-start-'));
let platform: PlatformProcess | undefined;
afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('starts on the embedded database with demo data, serves pages and the API, and stops cleanly', async () => {
  // As on a fresh machine: whatever this test run uses (a database server, a test mode) is not set.
  platform = await startPlatform({ DATABASE_URL: undefined, NODE_ENV: undefined, SEED_DEMO: undefined, DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, 120_000);
  const get = (pathname: string) => fetch(`${platform!.baseUrl}${pathname}`, { redirect: 'manual' });

  const home = await get('/');
  expect(home.status).toBe(200);
  expect(await home.text()).toContain('<html lang="nl"');
  const regions = await get('/api/v1/regions');
  expect(regions.status).toBe(200);
  expect(((await regions.json()) as { regions: unknown[] }).regions).toHaveLength(35);
  // The demo catalogue is there: a search in a region finds services.
  const search = await get('/twente/zoeken?q=werk');
  expect(search.status).toBe(200);
  expect(await search.text()).toMatch(/href="\/twente\/diensten\/[0-9a-f-]{36}"/);
  const login = await get('/inloggen');
  expect(login.status).toBe(200);
  expect(await login.text()).toContain('name="_csrf"');

  expect(await platform.stop(15_000)).toBe(0);
  expect(platform.output()).not.toMatch(/Unhandled|uncaught|"level":50/i);
}, 180_000);
