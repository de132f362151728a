import { sql } from 'kysely';
import type { Database } from './pool.ts';

/** A platform secret (made by the first migration, shared by every app process; no application role can read it). */
export async function readPlatformSecret(db: Database, name: 'cookie_key' | 'pseudonym_key'): Promise<Buffer> {
  const { rows } = await sql<{ value: Buffer }>`select value from platform_secrets where name = ${name}`.execute(db.kysely);
  if (!rows[0]) throw new Error(`platform secret ${name} is missing: have the migrations run?`);
  return rows[0].value;
}
