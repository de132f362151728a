import { sql } from 'kysely';
import type { Database } from './pool.ts';

/** Readiness: the database answers and the migrations have run (their table exists). Throws otherwise. */
export async function checkDatabaseReady(db: Database): Promise<void> {
  await sql`select 1 from kysely_migration limit 1`.execute(db.kysely);
}
