import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { Database } from './pool.ts';
import type { DB, Role } from './schema.ts';
import type { ActivityId } from '../privacy/register.ts';
import type { Trace } from '../http/trace.ts';

// Every unit of work runs in one transaction that first tells the database who acts, in which
// organisation, region and role, for which processing activity, and under which trace. Row-level
// security policies and the processing log read these settings, so a query that forgets its
// tenant filter still sees only the actor's rows.

export interface ActiveMembership {
  id: string;
  organisationId: string;
  organisationName: string;
  regionCode: string;
  role: Role;
}

export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'user'; userId: string; membership: ActiveMembership | null };

export const anonymous: Actor = { kind: 'anonymous' };

/** A connection inside a transaction that `withActor` opened: run queries on it, not new transactions. */
export type Tx = Kysely<DB>;

const { escapeLiteral } = pg;

export interface WorkOptions {
  actor: Actor;
  trace: Trace;
  /** The processing activity this work serves; required for any read or write of personal data. */
  activity?: ActivityId;
  /** `wc_auth` is reserved for the authentication module (credentials and sessions). */
  dbRole?: 'wc_app' | 'wc_auth';
}

export async function withActor<T>(db: Database, options: WorkOptions, work: (tx: Tx) => Promise<T>): Promise<T> {
  const { actor, trace } = options;
  const membership = actor.kind === 'user' ? actor.membership : null;
  const settings: [string, string][] = [
    ['app.user_id', actor.kind === 'user' ? actor.userId : ''],
    ['app.org_id', membership?.organisationId ?? ''],
    ['app.region_code', membership?.regionCode ?? ''],
    ['app.role', membership?.role ?? ''],
    ['app.activity', options.activity ?? ''],
    ['app.trace_id', trace.traceId],
    ['app.span_id', trace.spanId],
    ['role', options.dbRole ?? 'wc_app'],
  ];
  // BEGIN and the context in one round trip (a simple-protocol batch, so the values are quoted
  // literals): every request pays for this, and it is a third of a small request's database time.
  const begin = `begin; select ${settings.map(([name, value]) => `set_config(${escapeLiteral(name)}, ${escapeLiteral(value)}, true)`).join(', ')}`;
  return db.kysely.connection().execute(async (connection) => {
    await sql.raw(begin).execute(connection);
    try {
      const result = await work(connection as unknown as Tx);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
  });
}

/** Records a read of personal data in the processing log, in the caller's transaction. */
export async function logRead(tx: Tx, operation: string, subjectIds: readonly string[], subjectType: string): Promise<void> {
  if (subjectIds.length === 0) return;
  await sql`select app_log_processing(${operation}, ${[...subjectIds]}::text[], ${subjectType})`.execute(tx);
}

/** Records a professional action in the audit log, in the caller's transaction. */
export async function audit(
  tx: Tx,
  action: string,
  target: { type: string; id: string } | null,
  outcome: 'success' | 'failure' | 'denied' = 'success',
  details: Record<string, string | number | boolean> = {},
): Promise<void> {
  await sql`select app_audit(${action}, ${target?.type ?? null}, ${target?.id ?? null}, ${outcome}, ${JSON.stringify(details)}::jsonb)`.execute(
    tx,
  );
}
