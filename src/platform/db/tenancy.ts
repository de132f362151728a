import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { Database } from './pool.ts';
import type { ActorKind, DB, Role } from './schema.ts';
import type { ActivityId } from '../privacy/register.ts';
import { newTrace, type Trace } from '../http/trace.ts';

// Every unit of work runs in one transaction that first tells the database who acts (the kind of
// actor, and who in which organisation, region and role), for which processing activity, and under
// which trace. Row-level security policies, the processing log and the audit log read these
// settings, so a query that forgets its tenant filter still sees only the actor's rows. There is one
// way in per kind: `withActor` for the actors of a request, `withSystem` for the platform's own work.

export interface ActiveMembership {
  id: string;
  organisationId: string;
  organisationName: string;
  regionCode: string;
  role: Role;
}

/** Who acts in a request. */
export type Actor =
  | { kind: 'anonymous' }
  /** A professional (kind `professional` in the database), working in their active membership once chosen. */
  | { kind: 'user'; userId: string; membership: ActiveMembership | null }
  /** A resident, job seeker or employer, by a pseudonymous id from their login. No login yet: the type and its context only. */
  | { kind: 'citizen'; citizenId: string }
  /** A partner system calling the API with its organisation's credentials. No credentials yet: the type and its context only. */
  | { kind: 'api-client'; clientId: string; organisationId: string };

/** The platform itself, doing background work (jobs, the import) for one processing activity. See `withSystem`. */
export interface SystemActor {
  kind: 'system';
  activity: ActivityId;
}

/** The kind as the database knows it: `app.actor_kind`, read by `app_actor_kind()`. */
const DATABASE_KIND: Record<Actor['kind'] | SystemActor['kind'], ActorKind> = {
  anonymous: 'anonymous',
  user: 'professional',
  citizen: 'citizen',
  'api-client': 'api-client',
  system: 'system',
};

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

interface ContextOptions {
  actor: Actor | SystemActor;
  trace: Pick<Trace, 'traceId' | 'spanId'>;
  activity?: ActivityId | undefined;
  dbRole?: 'wc_app' | 'wc_auth' | 'wc_system' | undefined;
}

/**
 * The settings row-level security, the processing log and the audit log read: who acts, how, and
 * under which trace. An API client's organisation is not `app.org_id`: the policies written for
 * professionals would then show it that organisation's people.
 */
function contextSettings(options: ContextOptions): [string, string][] {
  const { actor, trace } = options;
  const membership = actor.kind === 'user' ? actor.membership : null;
  return [
    ['app.actor_kind', DATABASE_KIND[actor.kind]],
    ['app.user_id', actor.kind === 'user' ? actor.userId : ''],
    ['app.citizen_id', actor.kind === 'citizen' ? actor.citizenId : ''],
    ['app.client_id', actor.kind === 'api-client' ? actor.clientId : ''],
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
  return inTransaction(db, options, work);
}

/**
 * The one way into a transaction for work the platform does by itself — jobs, the import — as the
 * system actor: role `wc_system` (row-level security applies; its policies allow what each job needs
 * under that job's activity), the named processing activity, and the caller's trace or a new one.
 */
export function withSystem<T>(db: Database, activity: ActivityId, work: (tx: Tx) => Promise<T>): Promise<T>;
export function withSystem<T>(db: Database, activity: ActivityId, trace: Trace | undefined, work: (tx: Tx) => Promise<T>): Promise<T>;
export function withSystem<T>(
  db: Database,
  activity: ActivityId,
  traceOrWork: Trace | undefined | ((tx: Tx) => Promise<T>),
  work?: (tx: Tx) => Promise<T>,
): Promise<T> {
  const run = typeof traceOrWork === 'function' ? traceOrWork : work!;
  const trace = typeof traceOrWork === 'function' || traceOrWork === undefined ? newTrace() : traceOrWork;
  return inTransaction(db, { actor: { kind: 'system', activity }, trace, activity, dbRole: 'wc_system' }, run);
}

async function inTransaction<T>(db: Database, options: ContextOptions, work: (tx: Tx) => Promise<T>): Promise<T> {
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

/** From here on in the transaction, this account holder acts (their audit entries and logged writes name them). */
export async function actAs(tx: Tx, userId: string): Promise<void> {
  await sql`select set_config('app.user_id', ${userId}, true), set_config('app.actor_kind', 'professional', true)`.execute(tx);
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
