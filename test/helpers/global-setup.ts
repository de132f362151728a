import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Kysely } from 'kysely';
import type { TestProject } from 'vitest/node';
import { openDatabase, type Database } from '../../src/platform/db/pool.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { seedReferenceData } from '../../src/seed/reference.ts';
import { seedDemoData } from '../../src/seed/demo.ts';
import { seedDemoCatalogue } from '../../src/seed/catalogue.ts';
import { seedDemoReferrals } from '../../src/seed/referrals.ts';
import { seedDemoContacts } from '../../src/seed/contacts.ts';
import { createFieldCipher } from '../../src/platform/crypto/field-cipher.ts';
import { TEST_FIELD_KEY } from './app.ts';

// Test databases start from snapshots made once per run, not from migrations and seeding per file:
// - "base": migrated, with reference data; "demo": plus demo organisations and accounts;
//   "catalogue": plus the demo catalogue and the demo's contacts, clients and referrals.
// - On a PostgreSQL server (DATABASE_URL) the snapshots are template databases, cloned per file
//   with CREATE DATABASE … TEMPLATE; on PGlite they are dumps of the data directory, loaded per file.

export type SnapshotName = 'base' | 'demo' | 'catalogue';
const SNAPSHOTS: SnapshotName[] = ['base', 'demo', 'catalogue'];

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function seed(db: Database, snapshot: SnapshotName): Promise<void> {
  if (snapshot === 'base') {
    await migrateToLatest(db.kysely as unknown as Kysely<unknown>);
    await seedReferenceData(db.kysely);
  } else if (snapshot === 'demo') await seedDemoData(db.kysely);
  else {
    await seedDemoCatalogue(db.kysely);
    await seedDemoReferrals(db.kysely, createFieldCipher(Buffer.from(TEST_FIELD_KEY, 'base64')));
    await seedDemoContacts(db.kysely);
  }
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const folder = mkdtempSync(path.join(tmpdir(), 'wc-test-snapshots-'));
    const db = await openDatabase({ dataDir: 'memory://' });
    const files: Record<string, string> = {};
    try {
      for (const snapshot of SNAPSHOTS) {
        await seed(db, snapshot);
        files[snapshot] = path.join(folder, `${snapshot}.tar.gz`);
        writeFileSync(files[snapshot], Buffer.from(await (await db.dump!()).arrayBuffer()));
      }
    } finally {
      await db.close();
    }
    project.provide('snapshots', files);
    return async () => rmSync(folder, { recursive: true, force: true });
  }

  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const prefix = `wc_tpl_${randomBytes(4).toString('hex')}`;
  const names: Record<string, string> = {};
  let previous: string | undefined;
  for (const snapshot of SNAPSHOTS) {
    const name = `${prefix}_${snapshot}`;
    await admin.query(`create database ${name}${previous ? ` template ${previous}` : ''}`);
    const db = await openDatabase({ databaseUrl: withDatabase(serverUrl, name), poolSize: 2 });
    try {
      await seed(db, snapshot);
    } finally {
      await db.close();
    }
    names[snapshot] = name;
    previous = name;
  }
  project.provide('snapshots', names);
  return async () => {
    for (const name of Object.values(names)) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Snapshot name → template database (server) or dump file (PGlite). */
    snapshots: Record<string, string>;
  }
}
