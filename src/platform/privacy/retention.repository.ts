import type { Tx } from '../db/tenancy.ts';

// The only place with SQL for the retention sweep. Each function runs in a `withSystem` transaction
// of the activity the data belongs to; the system role's policies allow each deletion only there.

export async function deleteSessions(tx: Tx, expiredBefore: Date, idleSince: Date): Promise<number> {
  const result = await tx
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', expiredBefore), eb('last_seen_at', '<', idleSince)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteLoginAttempts(tx: Tx, before: Date): Promise<number> {
  const result = await tx.deleteFrom('login_attempts').where('at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes password reset links that expired before the date (used ones are gone already). */
export async function deleteResetLinks(tx: Tx, expiredBefore: Date): Promise<number> {
  const result = await tx.deleteFrom('password_reset_tokens').where('expires_at', '<', expiredBefore).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteResetRequests(tx: Tx, before: Date): Promise<number> {
  const result = await tx.deleteFrom('password_reset_requests').where('at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteAuditEntries(tx: Tx, before: Date): Promise<number> {
  const result = await tx.deleteFrom('audit_log').where('at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes accounts disabled before the date (memberships, credentials and sessions go with them); returns their ids. */
export async function deleteDisabledAccounts(tx: Tx, disabledBefore: Date): Promise<string[]> {
  const deleted = await tx.deleteFrom('users').where('disabled_at', '<', disabledBefore).returning('id').execute();
  return deleted.map((row) => row.id);
}

/** Forgets the keys against sending twice (forms and the API's Idempotency-Key), with their answers, made before the date. */
export async function deleteSubmissionKeys(tx: Tx, createdBefore: Date): Promise<{ formSubmissions: number; idempotencyKeys: number }> {
  const forms = await tx.deleteFrom('form_submissions').where('created_at', '<', createdBefore).executeTakeFirst();
  const api = await tx.deleteFrom('idempotency_keys').where('created_at', '<', createdBefore).executeTakeFirst();
  return { formSubmissions: Number(forms.numDeletedRows), idempotencyKeys: Number(api.numDeletedRows) };
}
