import { CompiledQuery, sql } from 'kysely';
import type { Database } from './pool.ts';

/**
 * pg-boss's queries on the owner connection, through Kysely like every other query. On PGlite that is
 * the one connection: a poll waits for the request that holds it, and holds it only for one statement.
 * Once the queue stops, queries are answered with no rows, so a straggling pg-boss timer cannot touch
 * a closed database; pg-boss treats that as "nothing to do".
 */
export function ownerConnection(db: Database) {
  const inFlight = new Set<Promise<unknown>>();
  let open = true;

  async function run(text: string, values: readonly unknown[]): Promise<{ rows: unknown[] }> {
    // pg-boss's maintenance statements are BEGIN … COMMIT batches: after an error, end the
    // transaction on the same connection, or the next query finds it aborted.
    if (values.length === 0 && /^\s*BEGIN;/.test(text)) {
      return db.kysely.connection().execute(async (connection) => {
        try {
          return await connection.executeQuery(CompiledQuery.raw(text));
        } catch (error) {
          await sql`rollback`.execute(connection).catch(() => undefined);
          throw error;
        }
      });
    }
    return db.kysely.executeQuery(CompiledQuery.raw(text, [...values]));
  }

  return {
    executeSql(text: string, values: unknown[] = []): Promise<{ rows: unknown[] }> {
      if (!open) return Promise.resolve({ rows: [] });
      const query = run(text, values);
      inFlight.add(query);
      void query.finally(() => inFlight.delete(query)).catch(() => undefined);
      return query;
    },
    open() {
      open = true;
    },
    /** Refuses new queries and waits for those under way. */
    async close() {
      open = false;
      await Promise.allSettled([...inFlight]);
    },
  };
}
