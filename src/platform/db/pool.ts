import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type { DB } from './schema.ts';
import { acquireDataDirLock, type DataDirLock } from './lock.ts';
import { PUBLIC_SESSION_OPTIONS } from './tenancy.ts';
import { isDatabaseUnavailable } from './unavailable.ts';

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
    const pool = serverPool(options.databaseUrl, session, options.poolSize);
    // The public's catalogue reads (`readPublic`): sessions that are the anonymous public's from the start.
    const publicPool = serverPool(options.databaseUrl, `${session} ${PUBLIC_SESSION_OPTIONS}`, options.poolSize);
    // Fail fast with the server's own message instead of at the first request.
    await pool.query('select 1');
    const database = wrap('server', pool, async () => {
      await Promise.all([pool.end(), publicPool.end()]);
    });
    return { ...database, publicReads: { pool: publicPool, kysely: new Kysely<DB>({ dialect: new PostgresDialect({ pool: discardingBrokenClients(publicPool) }) }) } };
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
    survivingConnectionErrors(pool);
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

/**
 * How long a request waits for a connection (a free one from the pool, or a new one to the server)
 * before it is answered with 503: a server that does not answer must not hold requests forever.
 */
export const CONNECT_TIMEOUT_MS = 5_000;

function serverPool(connectionString: string, options: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, options, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  survivingConnectionErrors(pool);
  return pool;
}

/**
 * A connection whose server goes away emits 'error' on its client; without a listener that ends the
 * process. The pool listens only while a client is idle, so every client gets its own listener for
 * the time it is lent out too. Nothing else is needed here: the statement running on it fails (and
 * its request with it), and the pool drops a client that had this error when it comes back.
 */
function survivingConnectionErrors(pool: pg.Pool): void {
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
}

/**
 * The server pool as Kysely sees it. A client whose statement failed with anything but an ordinary
 * SQL error — a broken socket, a FATAL from a server that is going away, a timeout — goes back to
 * the pool with that error, so the pool closes it instead of lending it out again, perhaps halfway
 * through a transaction. (A FATAL arrives before the socket closes; the pool would not know yet.)
 */
function discardingBrokenClients(pool: pg.Pool): PostgresPool {
  return {
    async connect() {
      const client = await pool.connect();
      let broken: Error | undefined;
      const query = async (text: string, parameters: unknown[]) => {
        try {
          return await client.query(text, parameters);
        } catch (error) {
          if (!(error instanceof pg.DatabaseError) || isDatabaseUnavailable(error)) broken ??= error as Error;
          throw error;
        }
      };
      // Kysely's cursor overload of `query` is never called: the dialect is given no cursor.
      return { query: query as unknown as PostgresPoolClient['query'], release: () => client.release(broken) };
    },
    end: () => pool.end(),
  };
}

function wrap(backend: Backend, pool: pg.Pool, close: () => Promise<void>): Database {
  // Never on PGlite: releasing its one client with an error would end the embedded database.
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool: backend === 'server' ? discardingBrokenClients(pool) : pool }) });
  return { backend, pool, kysely, close };
}
