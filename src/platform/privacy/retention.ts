import { sql } from 'kysely';
import type { Database } from '../db/pool.ts';
import type { SessionPolicy } from '../auth/sessions.ts';
import type { Tx } from '../db/tenancy.ts';
import { SUBMISSION_RETENTION_HOURS } from '../http/submissions.ts';

// Deletes what the processing register says we no longer keep: expired sessions (also those never
// presented again), login attempts after 30 days, audit entries after 24 months, and accounts 12
// months after they were disabled (with their memberships and credentials; the deletion itself is
// written to the processing log), questions from the public 6 months after they were closed (12
// months after they arrived when never closed), who changed a service from its history after 24
// months, and the keys against sending twice (forms and API) after 24 hours. Idempotent, so every
// app process may run it.

export const LOGIN_ATTEMPT_RETENTION_DAYS = 30;
export const AUDIT_RETENTION_MONTHS = 24;
export const DISABLED_ACCOUNT_RETENTION_MONTHS = 12;
export const CONTACT_REQUEST_CLOSED_RETENTION_MONTHS = 6;
export const CONTACT_REQUEST_OPEN_RETENTION_MONTHS = 12;
export const SERVICE_HISTORY_AUTHOR_RETENTION_MONTHS = 24;

export interface SweepResult {
  sessions: number;
  loginAttempts: number;
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

/** Forgets submission keys of forms and the API's idempotency keys, with their answers, after 24 hours. */
export async function deleteExpiredSubmissionKeys(tx: Tx): Promise<{ formSubmissions: number; idempotencyKeys: number }> {
  const before = new Date(Date.now() - SUBMISSION_RETENTION_HOURS * 3600_000);
  const forms = await tx.deleteFrom('form_submissions').where('created_at', '<', before).executeTakeFirst();
  const api = await tx.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst();
  return { formSubmissions: Number(forms.numDeletedRows), idempotencyKeys: Number(api.numDeletedRows) };
}

export async function sweepExpired(db: Database, policy: SessionPolicy): Promise<SweepResult> {
  return db.kysely.transaction().execute(async (tx) => {
    await sql`select set_config('app.activity', 'authentication', true)`.execute(tx);
    const sessions = await tx
      .deleteFrom('sessions')
      .where((eb) =>
        eb.or([
          eb('expires_at', '<', new Date()),
          eb('last_seen_at', '<', new Date(Date.now() - policy.idleMinutes * 60_000)),
        ]),
      )
      .executeTakeFirst();
    const attempts = await tx
      .deleteFrom('login_attempts')
      .where('at', '<', new Date(Date.now() - LOGIN_ATTEMPT_RETENTION_DAYS * 86_400_000))
      .executeTakeFirst();
    const auditEntries = await tx.deleteFrom('audit_log').where('at', '<', monthsAgo(AUDIT_RETENTION_MONTHS)).executeTakeFirst();
    await sql`select set_config('app.activity', 'account-management', true)`.execute(tx);
    const accounts = await tx.deleteFrom('users').where('disabled_at', '<', monthsAgo(DISABLED_ACCOUNT_RETENTION_MONTHS)).executeTakeFirst();
    await sql`select set_config('app.activity', 'contact-requests', true)`.execute(tx);
    const contactRequests = await tx
      .deleteFrom('contact_requests')
      .where((eb) =>
        eb.or([
          eb('closed_at', '<', monthsAgo(CONTACT_REQUEST_CLOSED_RETENTION_MONTHS)),
          eb.and([eb('closed_at', 'is', null), eb('created_at', '<', monthsAgo(CONTACT_REQUEST_OPEN_RETENTION_MONTHS))]),
        ]),
      )
      .executeTakeFirst();
    await sql`select set_config('app.activity', 'catalogue-maintenance', true)`.execute(tx);
    const historyAuthors = await tx
      .updateTable('service_history')
      .set({ changed_by: null, changed_as: null })
      .where('changed_by', 'is not', null)
      .where('changed_at', '<', monthsAgo(SERVICE_HISTORY_AUTHOR_RETENTION_MONTHS))
      .executeTakeFirst();
    const submissionKeys = await deleteExpiredSubmissionKeys(tx);
    return {
      sessions: Number(sessions.numDeletedRows),
      loginAttempts: Number(attempts.numDeletedRows),
      auditEntries: Number(auditEntries.numDeletedRows),
      disabledAccounts: Number(accounts.numDeletedRows),
      contactRequests: Number(contactRequests.numDeletedRows),
      historyAuthors: Number(historyAuthors.numUpdatedRows),
      ...submissionKeys,
    };
  });
}

/** Runs the sweep now and then every 15 minutes, without keeping the process alive. */
export function scheduleRetention(db: Database, policy: SessionPolicy, onError: (error: unknown) => void): () => void {
  const run = () => sweepExpired(db, policy).catch(onError);
  void run();
  const timer = setInterval(run, 15 * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
