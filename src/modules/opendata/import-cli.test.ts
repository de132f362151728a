import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import type { HsdsService } from './hsds.ts';

// The import CLI as an operator runs it: a child process on an embedded database in a temporary
// folder. Exit status 0 all rows imported, 1 some rows failed, 2 usage or set-up error.

const root = path.resolve(import.meta.dirname, '../../..');
let t: TestApp;
let dir: string;
let file: string;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), DATA_DIR: path.join(dir, 'data'), SEED_DEMO: 'false', LOG_LEVEL: 'warn' };
  // Vitest sets BASE_URL=/ (Vite's) in the environment; the CLI sees what an operator's shell has.
  for (const name of ['DATABASE_URL', 'BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'NODE_ENV']) delete env[name];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/modules/opendata/import-cli.ts', ...args], { cwd: root, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  t = await createTestApp({ catalogue: true });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wc-import-'));
  file = path.join(dir, 'zuid-limburg.json');
  fs.writeFileSync(file, (await t.app.inject({ method: 'GET', url: '/api/v1/open-data/hsds/services?region=AM30' })).body);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

// Each run starts Node with tsx and opens (and on the first run migrates) an embedded database.
describe('npm run import', { timeout: 180_000 }, () => {
  it('exits 2 with the usage for missing arguments, a bad region code or an unreadable file', async () => {
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('usage: npm run import');
    expect((await run([file])).stderr).toContain('--region is required');
    expect((await run([file, '--region', 'twente'])).code).toBe(2);
    const missing = await run([path.join(dir, 'nope.json'), '--region', 'AM30']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ENOENT');
  });

  it('imports a file (exit 0), reports every row as unchanged the second time, and exits 1 naming a bad row', async () => {
    const first = await run([file, '--region', 'AM30', '--publish']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const count = (JSON.parse(fs.readFileSync(file, 'utf8')) as unknown[]).length;
    // Not a terminal: plain lines, one per row.
    expect(first.stdout).toContain('row 1: created');
    expect(first.stdout).toContain(`${count} created, 0 updated, 0 unchanged, 0 failed`);

    const second = await run([file, '--region', 'AM30']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`0 created, 0 updated, ${count} unchanged, 0 failed`);

    const services = JSON.parse(fs.readFileSync(file, 'utf8')) as HsdsService[];
    // A service without its organisation's name cannot be placed with any organisation: an error, not an assumption.
    const broken = 2;
    services[broken]!.organization = { ...services[broken]!.organization!, name: '' };
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify(services));
    const third = await run([bad, '--region', 'AM30']);
    expect(third.code).toBe(1);
    expect(third.stdout).toMatch(new RegExp(`row ${broken + 1} "[^"]+"\\n`));
    expect(third.stdout).toMatch(/"\n {4}organization: a service needs its organization with a name/);
    expect(third.stdout).toContain(`0 created, 0 updated, ${count - 1} unchanged, 1 failed`);
  });

  it('exits 2 for an unknown region, and with a clear message when the database is in use', async () => {
    const unknown = await run([file, '--region', 'AM99']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('there is no labour-market region AM99');
    fs.writeFileSync(path.join(dir, 'data', 'werkcentrum.lock'), String(process.pid));
    try {
      const locked = await run([file, '--region', 'AM30']);
      expect(locked.code).toBe(2);
      expect(locked.stderr).toContain('in use by another Werkcentrum process');
      expect(locked.stderr).toContain('stop the application while you import');
    } finally {
      fs.rmSync(path.join(dir, 'data', 'werkcentrum.lock'));
    }
  });
});
