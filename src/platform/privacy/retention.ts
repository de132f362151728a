import type { Database } from '../db/pool.ts';
import { audit, withSystem } from '../db/tenancy.ts';
import { newTrace } from '../http/trace.ts';
import type { SessionPolicy } from '../auth/sessions.ts';
import type { JobDefinition } from '../jobs/jobs.ts';
import {
  deleteAuditEntries,
  deleteContactRequests,
  deleteDisabledAccounts,
  deleteLoginAttempts,
  deleteResetLinks,
  deleteResetRequests,
  deleteSessions,
  forgetHistoryAuthors,
  deleteSubmissionKeys,
} from './retention.repository.ts';
import { SUBMISSION_RETENTION_HOURS } from '../http/submissions.ts';

// Deletes what the processing register says we no longer keep: expired sessions (also those never
// presented again), login attempts after 30 days, expired password reset links and requests for
// them after 24 hours, audit entries after 24 months, and accounts 12
// months after they were disabled (with their memberships and credentials; the deletion itself is
// written to the processing log and the audit log), questions from the public 6 months after they
// were closed (12 months after they arrived when never closed), and who changed a service from its
// history after 24 months, and the keys against sending twice (forms and API) after 24 hours. Each part runs as the system actor under the activity the data belongs
// to, in its own transaction. A job every 15 minutes; idempotent, so a repeated run does no harm.

export const LOGIN_ATTEMPT_RETENTION_DAYS = 30;
export const RESET_REQUEST_RETENTION_HOURS = 24;
export const AUDIT_RETENTION_MONTHS = 24;
export const DISABLED_ACCOUNT_RETENTION_MONTHS = 12;
export const CONTACT_REQUEST_CLOSED_RETENTION_MONTHS = 6;
export const CONTACT_REQUEST_OPEN_RETENTION_MONTHS = 12;
export const SERVICE_HISTORY_AUTHOR_RETENTION_MONTHS = 24;

export interface SweepResult {
  sessions: number;
  loginAttempts: number;
  resetLinks: number;
  resetRequests: number;
  auditEntries: number;
  disabledAccounts: number;
  contactRequests: number;
  historyAuthors: number;
  formSubmissions: number;
  idempotencyKeys: number;
}

const monthsAgo = (months: number) => {
  const date = new Date();
  date.setUTCMonth(date.getUTCMonth() - months);
  return date;
};

declare module '../jobs/jobs.ts' {
  interface JobData {
    retention: Record<string, never>;
  }
}

export async function sweepExpired(db: Database, policy: SessionPolicy): Promise<SweepResult> {
  const trace = newTrace();
  const now = Date.now();
  const { sessions, loginAttempts, resetLinks, resetRequests } = await withSystem(db, 'authentication', trace, async (tx) => ({
    sessions: await deleteSessions(tx, new Date(now), new Date(now - policy.idleMinutes * 60_000)),
    loginAttempts: await deleteLoginAttempts(tx, new Date(now - LOGIN_ATTEMPT_RETENTION_DAYS * 86_400_000)),
    resetLinks: await deleteResetLinks(tx, new Date(now)),
    resetRequests: await deleteResetRequests(tx, new Date(now - RESET_REQUEST_RETENTION_HOURS * 3600_000)),
  }));
  const auditEntries = await withSystem(db, 'security-audit', trace, (tx) => deleteAuditEntries(tx, monthsAgo(AUDIT_RETENTION_MONTHS)));
  const disabledAccounts = await withSystem(db, 'account-management', trace, async (tx) => {
    const deleted = await deleteDisabledAccounts(tx, monthsAgo(DISABLED_ACCOUNT_RETENTION_MONTHS));
    for (const id of deleted) await audit(tx, 'user.delete', { type: 'user', id }, 'success', { reason: 'retention' });
    return deleted.length;
  });
  const contactRequests = await withSystem(db, 'contact-requests', trace, (tx) =>
    deleteContactRequests(tx, monthsAgo(CONTACT_REQUEST_CLOSED_RETENTION_MONTHS), monthsAgo(CONTACT_REQUEST_OPEN_RETENTION_MONTHS)),
  );
  const historyAuthors = await withSystem(db, 'catalogue-maintenance', trace, (tx) =>
    forgetHistoryAuthors(tx, monthsAgo(SERVICE_HISTORY_AUTHOR_RETENTION_MONTHS)),
  );
  const { formSubmissions, idempotencyKeys } = await withSystem(db, 'submission-keys', trace, (tx) =>
    deleteSubmissionKeys(tx, new Date(now - SUBMISSION_RETENTION_HOURS * 3600_000)),
  );
  return { sessions, loginAttempts, resetLinks, resetRequests, auditEntries, disabledAccounts, contactRequests, historyAuthors, formSubmissions, idempotencyKeys };
}

/** The sweep as a job, every 15 minutes. */
export function retentionJob(db: Database, policy: SessionPolicy): JobDefinition<'retention'> {
  return {
    name: 'retention',
    retry: { limit: 2, delaySeconds: 60, backoff: true },
    timeoutSeconds: 300,
    everyMinutes: 15,
    handle: async () => {
      await sweepExpired(db, policy);
    },
  };
}
