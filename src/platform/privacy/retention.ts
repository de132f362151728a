import type { Database } from '../db/pool.ts';
import { audit, withSystem, type Tx } from '../db/tenancy.ts';
import { newTrace } from '../http/trace.ts';
import type { SessionPolicy } from '../auth/sessions.ts';
import type { JobDefinition } from '../jobs/jobs.ts';
import type { ActivityId } from './register.ts';
import {
  deleteAuditEntries,
  deleteDisabledAccounts,
  deleteLoginAttempts,
  deleteResetLinks,
  deleteResetRequests,
  deleteSessions,
  deleteSubmissionKeys,
} from './retention.repository.ts';
import { SUBMISSION_RETENTION_HOURS } from '../http/submissions.ts';

// Deletes what the processing register says we no longer keep. The platform's own data: expired
// sessions (also those never presented again), login attempts after 30 days, expired password reset
// links and requests for them after 24 hours, audit entries after 24 months, accounts 12 months after
// they were disabled (with their memberships and credentials; the deletion itself is written to the
// processing log and the audit log), and the keys against sending twice (forms and API) after 24
// hours. The modules' data by the rules they register (`registerRetentionRule`, from src/modules.ts):
// the platform never names a module's table. Each part runs as the system actor under the activity
// the data belongs to, in its own transaction. A job every 15 minutes; idempotent, so a repeated run
// does no harm.

export const LOGIN_ATTEMPT_RETENTION_DAYS = 30;
export const RESET_REQUEST_RETENTION_HOURS = 24;
export const AUDIT_RETENTION_MONTHS = 24;
export const DISABLED_ACCOUNT_RETENTION_MONTHS = 12;

/** A module's data that is kept for a while: what the sweep removes of it, and under which activity. */
export interface RetentionRule {
  /** The name of its count in the sweep's result. */
  name: string;
  /** The processing activity the data belongs to (the system role's policies allow the deletion only there). */
  activity: ActivityId;
  /** Deletes (or strips of personal data) what is past its time; returns how many rows. */
  sweep(tx: Tx, now: Date): Promise<number>;
}

const rules = new Map<string, RetentionRule>();

/** Adds a module's rule to the sweep; registering a rule of the same name again replaces it. */
export function registerRetentionRule(rule: RetentionRule): void {
  rules.set(rule.name, rule);
}

export interface SweepResult {
  sessions: number;
  loginAttempts: number;
  resetLinks: number;
  resetRequests: number;
  auditEntries: number;
  disabledAccounts: number;
  formSubmissions: number;
  idempotencyKeys: number;
  /** Per registered rule, by its name. */
  modules: Record<string, number>;
}

/** The same moment `months` months before `from`. */
export const monthsBefore = (from: Date, months: number) => {
  const date = new Date(from);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date;
};
const monthsAgo = (months: number) => monthsBefore(new Date(), months);

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
  const { formSubmissions, idempotencyKeys } = await withSystem(db, 'submission-keys', trace, (tx) =>
    deleteSubmissionKeys(tx, new Date(now - SUBMISSION_RETENTION_HOURS * 3600_000)),
  );
  const modules: Record<string, number> = {};
  for (const rule of rules.values()) modules[rule.name] = await withSystem(db, rule.activity, trace, (tx) => rule.sweep(tx, new Date(now)));
  return { sessions, loginAttempts, resetLinks, resetRequests, auditEntries, disabledAccounts, formSubmissions, idempotencyKeys, modules };
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
