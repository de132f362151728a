import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { prepareDatabase } from '../../setup.ts';
import { openDatabase, type Database } from '../db/pool.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';

// `npm run verify-log` as an operator runs it: a separate process on the database as it is.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function verifyLog(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/platform/privacy/verify-cli.ts'],
      // Only what a shell would pass: the test runner's own variables (DATABASE_URL, Vite's BASE_URL) stay out.
      { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
    );
  });
}

async function tamper(db: Database, seq: number): Promise<void> {
  await sql`update processing_log set processing_activity_id = 'authentication' where seq = ${seq}`.execute(db.kysely);
}

describe('verify-log on a PGlite data directory', () => {
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wc-verify-'));
    const { db } = await prepareDatabase({ databaseUrl: undefined, dataDir: dir, seedDemo: true });
    await db.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits 0 on an intact log and names the number of rows and the last one', async () => {
    const run = await verifyLog({ DATA_DIR: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const match = /^processing log intact: (\d+) rows, last seq (\d+)\n$/.exec(run.stdout);
    expect(match).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThan(10);
  });

  it('exits 2 with the lock message while another process has the database open', async () => {
    const db = await openDatabase({ dataDir: dir });
    try {
      const run = await verifyLog({ DATA_DIR: dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`in use by another Werkcentrum process (pid ${process.pid})`);
      expect(run.stdout).toBe('');
    } finally {
      await db.close();
    }
  });

  it('exits 1 and names the first broken row after a change behind the application’s back', async () => {
    const db = await openDatabase({ dataDir: dir });
    const target = await db.kysely.selectFrom('processing_log').select('seq').orderBy('seq').offset(6).limit(1).executeTakeFirstOrThrow();
    await tamper(db, target.seq);
    await db.close();
    const run = await verifyLog({ DATA_DIR: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`processing log BROKEN at seq ${target.seq}: content-changed (6 rows intact before it)\n`);
  });

  it('exits 2 without creating a database where there is none', async () => {
    const empty = path.join(dir, 'nothing-here');
    const run = await verifyLog({ DATA_DIR: empty });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('there is no database in');
    expect(fs.existsSync(empty)).toBe(false);
  });
});

describe.runIf(process.env.DATABASE_URL)('verify-log on the PostgreSQL server', () => {
  let db: TestDatabase;
  let url: string;

  beforeAll(async () => {
    db = await createTestDatabase({ demo: true });
    url = (db.pool as unknown as { options: { connectionString: string } }).options.connectionString;
  });
  afterAll(async () => db?.destroy());

  it('exits 0 on the intact log of the test database, then 1 after tampering', async () => {
    const intact = await verifyLog({ DATABASE_URL: url });
    expect(intact.code).toBe(0);
    const count = await db.kysely.selectFrom('processing_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(intact.stdout).toContain(`intact: ${Number(count.n)} rows`);

    const target = await db.kysely.selectFrom('processing_log').select('seq').orderBy('seq').offset(4).limit(1).executeTakeFirstOrThrow();
    await tamper(db, target.seq);
    const broken = await verifyLog({ DATABASE_URL: url });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`BROKEN at seq ${target.seq}: content-changed`);
  });
});
