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

/** The settings row-level security, the processing log and the audit log read: who acts, how, and under which trace. */
function contextSettings(options: Pick<WorkOptions, 'actor' | 'activity' | 'dbRole'> & { trace: Pick<Trace, 'traceId' | 'spanId'> }): [string, string][] {
  const { actor, trace } = options;
  const membership = actor.kind === 'user' ? actor.membership : null;
  return [
    ['app.user_id', actor.kind === 'user' ? actor.userId : ''],
    ['app.org_id', membership?.organisationId ?? ''],
    ['app.region_code', membership?.regionCode ?? ''],
    ['app.role', membership?.role ?? ''],
    ['app.activity', options.activity ?? ''],
    ['app.trace_id', trace.traceId],
    ['app.span_id', trace.spanId],
    ['role', options.dbRole ?? 'wc_app'],
  ];
}

/**
 * Connection start options that make a whole session the anonymous public's, read-only: the context
 * `withActor` sets per transaction for the anonymous actor (without a trace: nothing it reads is
 * personal data or audited). `reset role` returns to `wc_app`. See `readPublic`.
 */
export const PUBLIC_SESSION_OPTIONS = [
  ...contextSettings({ actor: anonymous, trace: { traceId: '', spanId: '' } }).map(([name, value]) => `-c ${name}=${value}`),
  '-c default_transaction_read_only=on',
].join(' ');

export async function withActor<T>(db: Database, options: WorkOptions, work: (tx: Tx) => Promise<T>): Promise<T> {
  // BEGIN and the context in one round trip (a simple-protocol batch, so the values are quoted
  // literals): every request pays for this, and it is a third of a small request's database time.
  const begin = `begin; select ${contextSettings(options)
    .map(([name, value]) => `set_config(${escapeLiteral(name)}, ${escapeLiteral(value)}, true)`)
    .join(', ')}`;
  return db.kysely.connection().execute(async (connection) => {
    // The begin batch is inside: if it fails halfway, the transaction it opened is rolled back too,
    // and the connection never goes back to the pool inside a transaction with this actor's context.
    // When the connection itself broke, rollback fails as well and the pool closes the connection.
    try {
      await sql.raw(begin).execute(connection);
      const result = await work(connection as unknown as Tx);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
  });
}

/**
 * Reads of the published catalogue as the anonymous public, the most frequent requests. On the server
 * they run on `Database.publicReads`, whose sessions are the anonymous public's and read-only from
 * the start: each statement is one round trip, without begin, context and commit, and the statements
 * of one call see no common snapshot (each its own). On PGlite (one connection) they run in a
 * transaction as any other work. Only for data without personal data: nothing is logged.
 */
export async function readPublic<T>(db: Database, trace: Trace, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (!db.publicReads) return withActor(db, { actor: anonymous, trace }, work);
  return db.publicReads.kysely.connection().execute((connection) => work(connection as unknown as Tx));
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
