import { sql } from 'kysely';
import type { Tx } from '../db/tenancy.ts';

// The only place with SQL for the failed-jobs page. The job rows are not readable by the application
// roles (their data may hold e-mail addresses): app_failed_jobs() returns what the page shows, and
// only to a platform administrator.

export interface FailedJob {
  id: string;
  queue: string;
  /** The kind of e-mail, for mail jobs. */
  kind: string | null;
  state: 'retry' | 'failed';
  attempts: number;
  lastError: string | null;
  createdOn: Date;
  lastAttemptOn: Date | null;
  nextAttemptOn: Date | null;
}

export async function failedJobs(tx: Tx, limit: number): Promise<FailedJob[]> {
  const { rows } = await sql<FailedJob>`
    select id, queue, kind, state, attempts, last_error as "lastError", created_on as "createdOn",
      last_attempt_on as "lastAttemptOn", next_attempt_on as "nextAttemptOn"
    from app_failed_jobs(${limit})`.execute(tx);
  return rows;
}
