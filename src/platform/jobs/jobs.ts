import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import { CompiledQuery } from 'kysely';
import type { Database } from '../db/pool.ts';
import type { Tx } from '../db/tenancy.ts';
import { ownerConnection } from '../db/owner-connection.ts';

// Durable jobs on PostgreSQL (pg-boss 10), on PGlite and on a server alike.
//
// Sending: `sendJob(tx, name, data)` adds the job in the caller's transaction (of `withActor` or
// `withSystem`): the job exists exactly when the domain write that asked for it commits, and a
// rolled-back transaction leaves none. Nothing is sent to a broker after the fact, so there is no
// outbox to relay.
//
// Running: the process's `JobQueue` polls each registered queue, runs the handler outside any
// transaction (a handler opens its own, e.g. with `withSystem`), then marks the job done, or failed
// with its error; pg-boss retries a failed job after a delay that doubles each time, up to the
// definition's limit. Jobs that are due every so many minutes are sent by every process, throttled
// by pg-boss to one per period. Several processes share the queues: a job is fetched by one of them
// (`for update skip locked`).
//
// Adding a job kind:
//   1. declare its data:  declare module '<path>/platform/jobs/jobs.ts' { interface JobData { 'referral-timeout': { referralId: string } } }
//   2. define its handler: a `JobDefinition` (name, retry policy, timeout, optionally `everyMinutes`)
//   3. register it in the composition root (src/app.ts): `jobs.register(definition)`
//   4. send it in a transaction: `await sendJob(tx, 'referral-timeout', { referralId }, { startAfter: deadline })`

/**
 * The jobs there are, by name, with the data each carries; platform code and modules add theirs by
 * declaration merging. The data is stored as JSON until the job is done and archived: where an id
 * will do, send the id, not the personal data.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface JobData {}
export type JobName = keyof JobData & string;

export interface RetryPolicy {
  /** Attempts after the first. */
  limit: number;
  /** Wait before the first retry; with `backoff`, each next wait doubles (pg-boss adds up to 100% jitter). */
  delaySeconds: number;
  backoff: boolean;
}

export interface JobRun {
  id: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** No retry follows when this attempt fails. */
  finalAttempt: boolean;
}

export interface JobDefinition<N extends JobName = JobName> {
  name: N;
  retry: RetryPolicy;
  /** An attempt that takes longer counts as failed (also when its process died: pg-boss expires it). */
  timeoutSeconds: number;
  /** Sent every this many minutes (at most 60), once per period over all processes. */
  everyMinutes?: number;
  handle(data: JobData[N], run: JobRun): Promise<void>;
}

export interface SendOptions {
  /** Not before this time, or this many seconds from now. */
  startAfter?: Date | number;
}

export interface JobLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface JobQueue {
  register<N extends JobName>(definition: JobDefinition<N>): void;
  /** Creates the registered jobs' queues, or updates their retry policy: `sendJob` needs its queue. */
  prepare(): Promise<void>;
  /** Starts polling the queues, sending the periodic jobs and pg-boss's maintenance (expiry, archive). Once per queue. */
  start(): Promise<void>;
  /** Stops polling; waits for the jobs that are running and for the queue's own queries. Idempotent. */
  stop(): Promise<void>;
  /** Runs the due jobs in this process, one at a time, until none is left; returns how many ran. For tests. */
  runUntilIdle(): Promise<number>;
}

const JOB_SCHEMA = 'pgboss';

/** How long pg-boss keeps job rows, and with them their data (see the register's `mail-delivery`). */
const ARCHIVE_COMPLETED_AFTER_SECONDS = 60 * 60;
const ARCHIVE_FAILED_AFTER_SECONDS = 14 * 24 * 60 * 60;
const DELETE_ARCHIVED_AFTER_DAYS = 1;

/** Between polls of an empty queue: on PGlite every poll waits for, and holds, the one connection for a moment. */
const POLLING_INTERVAL_MS = 2000;
const STOP_TIMEOUT_MS = 15_000;

/** The longest error message kept with a failed job. */
const ERROR_LENGTH = 500;

// Builds pg-boss's insert for `sendJob`; it never runs a query of its own (each send brings its transaction).
const sender = new PgBoss({
  schema: JOB_SCHEMA,
  db: { executeSql: () => Promise.reject(new Error('sendJob runs its insert in the caller’s transaction')) },
});

/**
 * Adds a job in the caller's transaction (of `withActor` or `withSystem`), as the transaction's role:
 * it is stored if and only if the transaction commits. Returns the job's id.
 */
export async function sendJob<N extends JobName>(tx: Tx, name: N, data: JobData[N], options: SendOptions = {}): Promise<string> {
  const id = await sender.send(name, data as object, {
    db: { executeSql: (text, values) => tx.executeQuery(CompiledQuery.raw(text, values)) },
    ...(options.startAfter === undefined ? {} : { startAfter: options.startAfter }),
  });
  // pg-boss inserts nothing for a queue that does not exist.
  if (!id) throw new Error(`job ${name} was not added: its queue does not exist (is the job registered?)`);
  return id;
}

/** The message kept with a failed job and logged: its own words, never the data it worked on. */
class JobFailure extends Error {
  constructor(message: string) {
    super(message.length > ERROR_LENGTH ? `${message.slice(0, ERROR_LENGTH - 1)}…` : message);
    this.name = 'JobFailure';
  }
}

export function createJobQueue(db: Database, log: JobLog): JobQueue {
  const definitions = new Map<string, JobDefinition>();
  const connection = ownerConnection(db);
  const boss = new PgBoss({
    schema: JOB_SCHEMA,
    db: connection,
    // Periodic jobs are sent by `everyMinutes`, throttled per period; no cron schedules.
    schedule: false,
    archiveCompletedAfterSeconds: ARCHIVE_COMPLETED_AFTER_SECONDS,
    archiveFailedAfterSeconds: ARCHIVE_FAILED_AFTER_SECONDS,
    deleteAfterDays: DELETE_ARCHIVED_AFTER_DAYS,
  });
  boss.on('error', (error: Error) => log.error({ err: { message: error.message } }, 'job queue error'));

  let running: { stop: AbortController; loops: Promise<void>[] } | null = null;

  /** One attempt of a job: the handler within its timeout, then done or failed. */
  async function attempt(definition: JobDefinition, job: PgBoss.JobWithMetadata<object>): Promise<void> {
    const run: JobRun = { id: job.id, attempt: job.retryCount + 1, finalAttempt: job.retryCount >= job.retryLimit };
    const timeout = new AbortController();
    try {
      await Promise.race([
        definition.handle(job.data as never, run),
        sleep(definition.timeoutSeconds * 1000, undefined, { signal: timeout.signal }).then(() => {
          throw new JobFailure(`no result within ${definition.timeoutSeconds} seconds`);
        }),
      ]);
    } catch (error) {
      const failure = error instanceof JobFailure ? error : new JobFailure(error instanceof Error ? error.message : String(error));
      const details = { job: definition.name, jobId: job.id, attempt: run.attempt, err: { message: failure.message } };
      if (run.finalAttempt) log.error(details, 'job failed, no attempts left');
      else log.warn(details, 'job failed, will be retried');
      await boss.fail(definition.name, job.id, failure);
      return;
    } finally {
      timeout.abort();
    }
    await boss.complete(definition.name, job.id);
  }

  /** Fetches one due job of the queue and runs it; false when there was none. */
  async function runNext(definition: JobDefinition): Promise<boolean> {
    const [job] = await boss.fetch<object>(definition.name, { batchSize: 1, includeMetadata: true });
    if (!job) return false;
    await attempt(definition, job);
    return true;
  }

  async function poll(definition: JobDefinition, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const ran = await runNext(definition).catch((error: unknown) => {
        log.error({ job: definition.name, err: { message: (error as Error).message } }, 'job queue poll failed');
        return false;
      });
      if (!ran) await sleep(POLLING_INTERVAL_MS, undefined, { signal }).catch(() => undefined);
    }
  }

  /** Sends each periodic job once per period: every process tries, pg-boss's throttle keeps one. */
  async function sendPeriodic(periodic: JobDefinition[], signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      for (const definition of periodic) {
        const seconds = definition.everyMinutes! * 60;
        await boss.sendThrottled(definition.name, {}, {}, seconds, definition.name).catch((error: unknown) => {
          log.error({ job: definition.name, err: { message: (error as Error).message } }, 'periodic job not sent');
        });
      }
      await sleep(60_000, undefined, { signal }).catch(() => undefined);
    }
  }

  return {
    register(definition) {
      if (definitions.has(definition.name)) throw new Error(`job ${definition.name} is registered twice`);
      if (definition.everyMinutes !== undefined && !(definition.everyMinutes >= 1 && definition.everyMinutes <= 60)) {
        throw new Error(`job ${definition.name}: everyMinutes must be between 1 and 60`);
      }
      definitions.set(definition.name, definition as unknown as JobDefinition);
    },

    async prepare() {
      for (const definition of definitions.values()) {
        const policy = {
          retryLimit: definition.retry.limit,
          retryDelay: definition.retry.delaySeconds,
          retryBackoff: definition.retry.backoff,
          expireInSeconds: definition.timeoutSeconds,
        };
        await boss.createQueue(definition.name, { name: definition.name, ...policy });
        await boss.updateQueue(definition.name, { name: definition.name, ...policy });
      }
    },

    async start() {
      if (running) return;
      connection.open();
      await boss.start();
      const stop = new AbortController();
      const periodic = [...definitions.values()].filter((definition) => definition.everyMinutes !== undefined);
      running = {
        stop,
        loops: [...[...definitions.values()].map((definition) => poll(definition, stop.signal)), sendPeriodic(periodic, stop.signal)],
      };
    },

    async stop() {
      if (!running) return;
      const { stop, loops } = running;
      running = null;
      stop.abort();
      const timedOut = new AbortController();
      await Promise.race([Promise.all(loops), sleep(STOP_TIMEOUT_MS, undefined, { signal: timedOut.signal }).catch(() => undefined)]);
      timedOut.abort();
      // Not graceful: our loops have finished their jobs; pg-boss has no workers of its own here.
      await boss.stop({ graceful: false, close: false });
      await connection.close();
    },

    async runUntilIdle() {
      let ran = 0;
      for (let progress = true; progress; ) {
        progress = false;
        for (const definition of definitions.values()) {
          if (await runNext(definition)) {
            ran++;
            progress = true;
          }
        }
      }
      return ran;
    },
  };
}
