import { sql } from 'kysely';
import type { Database } from '../db/pool.ts';
import type { SessionPolicy } from '../auth/sessions.ts';

// Deletes what the processing register says we no longer keep: expired sessions (also those never
// presented again), login attempts after 30 days, audit entries after 24 months, and accounts 12
// months after they were disabled (with their memberships and credentials; the deletion itself is
// written to the processing log). Idempotent, so every app process may run it.

export const LOGIN_ATTEMPT_RETENTION_DAYS = 30;
export const AUDIT_RETENTION_MONTHS = 24;
export const DISABLED_ACCOUNT_RETENTION_MONTHS = 12;

export interface SweepResult {
  sessions: number;
  loginAttempts: number;
  auditEntries: number;
  disabledAccounts: number;
}

const monthsAgo = (months: number) => {
  const date = new Date();
  date.setUTCMonth(date.getUTCMonth() - months);
  return date;
};

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
    return {
      sessions: Number(sessions.numDeletedRows),
      loginAttempts: Number(attempts.numDeletedRows),
      auditEntries: Number(auditEntries.numDeletedRows),
      disabledAccounts: Number(accounts.numDeletedRows),
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
