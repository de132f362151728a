import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { expect, it } from 'vitest';
import { prepareDatabase } from './setup.ts';

const serverUrl = process.env.DATABASE_URL;

// Several app processes start against one empty PostgreSQL server at once (the scale-out path):
// migrations and demo seeding must happen exactly once, and every process must come up.
it.skipIf(!serverUrl)('lets several processes start on one empty server database at the same time', async () => {
  const name = `wc_setup_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  try {
    const started = await Promise.all(
      [1, 2, 3].map(() => prepareDatabase({ databaseUrl: url.toString(), dataDir: '', seedDemo: true })),
    );
    expect(started.map((s) => s.demoSeeded).filter(Boolean)).toHaveLength(1);
    expect(started.map((s) => s.migrations.length).reduce((a, b) => a + b, 0)).toBe(started.find((s) => s.migrations.length > 0)!.migrations.length);
    const { rows } = await started[0]!.db.pool.query<{ n: string }>('select count(*) as n from organisations');
    expect(Number(rows[0]!.n)).toBeGreaterThan(10);
    await Promise.all(started.map((s) => s.db.close()));
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});
