import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/platform/db/schema.ts';
import type { Actor, ActiveMembership } from '../../src/platform/db/tenancy.ts';
import { openDatabase, type Database } from '../../src/platform/db/pool.ts';

export interface TestDatabase extends Database {
  /** Drops the database (server) or closes PGlite. */
  destroy(): Promise<void>;
  /**
   * Closes the database and opens it again, as a process restart would: on the server its
   * connections end; PGlite ends and starts again from its data directory.
   */
  reopen(): Promise<TestDatabase>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A fresh, migrated database with reference data for one test file; with `demo` the demo
 * organisations and accounts, with `catalogue` also the demo catalogue (services, locations, pathways).
 * It starts from a snapshot made once per run (see global-setup.ts). With `empty` it is not even
 * migrated: for tests of what a migration does to the data before it.
 */
export async function createTestDatabase(options: { demo?: boolean; catalogue?: boolean; empty?: boolean } = {}): Promise<TestDatabase> {
  const snapshot = options.catalogue ? 'catalogue' : options.demo ? 'demo' : 'base';
  const source = options.empty ? null : inject('snapshots')[snapshot];
  if (source === undefined) throw new Error(`global setup did not make the ${snapshot} snapshot`);
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `wc_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(source ? `create database ${name} template ${source}` : `create database ${name}`);
    await admin.end();
    const url = withDatabase(serverUrl, name);
    const drop = async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
    return testDatabase(() => openDatabase({ databaseUrl: url, poolSize: 4 }), drop);
  }
  return testDatabase((dataDir = source ? new Blob([readFileSync(source)]) : undefined) =>
    openDatabase({ dataDir: 'memory://', ...(dataDir ? { loadDataDir: dataDir } : {}) }),
  );
}

/** `open` opens the database; on PGlite with the data directory of the instance it replaces, when there is one. */
async function testDatabase(open: (dataDir?: Blob) => Promise<Database>, drop = async () => undefined as void): Promise<TestDatabase> {
  const db = await open();
  return {
    ...db,
    async destroy() {
      await db.close();
      await drop();
    },
    async reopen() {
      const dataDir = await db.dump?.();
      await db.close();
      return testDatabase(() => open(dataDir), drop);
    },
  };
}

/** Runs statements as the owner (bypassing the application roles), as an attacker or an operator with database access would. */
export async function asOwner(db: Database, activity: string, statements: (tx: Kysely<DB>) => Promise<unknown>): Promise<void> {
  await db.kysely.transaction().execute(async (tx) => {
    // Writes to personal-data tables still log themselves, so even the owner declares an activity.
    await sql`select set_config('app.activity', ${activity}, true)`.execute(tx);
    await statements(tx);
  });
}

/** The first membership of a demo user, as the session would make it their active one. */
export async function membershipOf(db: Database, email: string): Promise<{ userId: string; membership: ActiveMembership }> {
  const row = await db.kysely
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['u.id as user_id', 'm.id', 'm.organisation_id', 'o.name', 'm.region_code', 'm.role'])
    .where('u.email', '=', email)
    .executeTakeFirstOrThrow();
  return {
    userId: row.user_id,
    membership: { id: row.id, organisationId: row.organisation_id, organisationName: row.name, regionCode: row.region_code, role: row.role },
  };
}

/** A signed-in actor for a demo user, for tests that work on the database directly. */
export async function actorFor(db: Database, email: string): Promise<Actor> {
  const { userId, membership } = await membershipOf(db, email);
  return { kind: 'user', userId, membership };
}

/** The e-mails queued for an address (the `mail` jobs, delivered or not), with subject and text. */
export function queuedMailsTo(db: Database, email: string) {
  return db.kysely
    .selectFrom(sql`pgboss.job`.as('j'))
    .select([sql<string>`j.data ->> 'subject'`.as('subject'), sql<string>`j.data ->> 'text'`.as('text')])
    .where(sql`j.name`, '=', 'mail')
    .where(sql`j.data ->> 'to'`, '=', email)
    .execute();
}
