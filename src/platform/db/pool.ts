import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from './schema.ts';
import { acquireDataDirLock, type DataDirLock } from './lock.ts';
import { PUBLIC_SESSION_OPTIONS } from './tenancy.ts';

// One driver and one SQL dialect for both backends: PGlite is wrapped as a node-postgres
// connection, so every query, transaction and migration takes the same code path.

export type Backend = 'pglite' | 'server';

export interface Database {
  backend: Backend;
  /**
   * The driver's pool, for connection details only. Query through `kysely`: on PGlite, a failed
   * `pool.query` releases its client with the error, which ends the one shared connection.
   */
  pool: pg.Pool;
  /** Owner connection: migrations, seeding, health. Tenant work goes through `withActor`. */
  kysely: Kysely<DB>;
  /**
   * Server only: connections that are the anonymous public for their whole session (role `wc_app`, an
   * empty actor context) and read-only. Use through `readPublic`.
   */
  publicReads?: { pool: pg.Pool; kysely: Kysely<DB> };
  /** PGlite only: the data directory as a gzipped tarball, to start other instances from (test snapshots). */
  dump?(): Promise<Blob>;
  close(): Promise<void>;
}

// Timestamps stay Date objects; bigint ids and counts are safe as numbers for our ranges.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// A calendar date has no time zone: keep it as `YYYY-MM-DD` instead of a Date at local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Directory for PGlite; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  poolSize?: number;
  /** PGlite only: start from this dump of a data directory (see `Database.dump`). */
  loadDataDir?: Blob;
}

/**
 * The sessions' time zone. The platform's calendar is the Netherlands': `current_date` (overdue
 * reviews, reminders) must be the date `todayIso()` gives; in UTC it was a day behind after midnight.
 */
const TIME_ZONE = 'Europe/Amsterdam';

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    // Planner settings for what this application is: short OLTP statements over data that stays in
    // memory. No JIT: compiling costs more than it saves (a region search over a large catalogue
    // crosses its cost threshold). Random reads cost about what sequential ones do (the usual setting
    // for SSDs and cached data; the default 4 makes a region's full-text index look dearer than
    // reading the whole region). PGlite has no JIT and keeps its defaults.
    const session = `-c jit=off -c random_page_cost=1.1 -c TimeZone=${TIME_ZONE}`;
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, options: session });
    // The public's catalogue reads (`readPublic`): sessions that are the anonymous public's from the start.
    const publicPool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, options: `${session} ${PUBLIC_SESSION_OPTIONS}` });
    publicPool.on('error', () => undefined);
    // Fail fast with the server's own message instead of at the first request.
    await pool.query('select 1');
    const database = wrap('server', pool, async () => {
      await Promise.all([pool.end(), publicPool.end()]);
    });
    return { ...database, publicReads: { pool: publicPool, kysely: new Kysely<DB>({ dialect: new PostgresDialect({ pool: publicPool }) }) } };
  }
  const dataDir = options.dataDir ?? './data';
  let lock: DataDirLock | undefined;
  let pgliteDir = dataDir;
  if (!dataDir.startsWith('memory://')) {
    const absolute = path.resolve(dataDir);
    fs.mkdirSync(absolute, { recursive: true });
    lock = acquireDataDirLock(absolute);
    pgliteDir = path.join(absolute, 'pglite');
  }
  const [{ PGlite }, { pgcrypto }, { pg_trgm }, { createPgConfig }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pgcrypto'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/node-postgres'),
  ]);
  try {
    const pglite = await PGlite.create({
      dataDir: pgliteDir,
      extensions: { pgcrypto, pg_trgm },
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    // One session for the life of the instance: set once.
    await pglite.exec(`set time zone '${TIME_ZONE}'`);
    const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
    const database = wrap('pglite', pool, async () => {
      await pool.end();
      await pglite.close();
      lock?.release();
    });
    return { ...database, dump: () => pglite.dumpDataDir('gzip') };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

function wrap(backend: Backend, pool: pg.Pool, close: () => Promise<void>): Database {
  // An idle client error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { backend, pool, kysely, close };
}
