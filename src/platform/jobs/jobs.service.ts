import type { Database } from '../db/pool.ts';
import { withActor, type Actor } from '../db/tenancy.ts';
import type { Trace } from '../http/trace.ts';
import { jobPolicy } from './jobs.policy.ts';
import { failedJobs, type FailedJob } from './jobs.repository.ts';

/** The most failed jobs the page lists: more means something is broken for everyone, and the first ones say what. */
const LIST_LIMIT = 200;

export function createJobsService(db: Database) {
  return {
    /** Jobs that failed and wait for another attempt or were given up, for the platform administrator. */
    async failedJobs(trace: Trace, actor: Actor): Promise<FailedJob[]> {
      jobPolicy.authorize(actor, 'readFailed');
      return withActor(db, { actor, trace }, (tx) => failedJobs(tx, LIST_LIMIT));
    },
  };
}
