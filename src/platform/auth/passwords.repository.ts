import { sql } from 'kysely';
import type { Tx } from '../db/tenancy.ts';

// The only place with SQL for choosing a password: reset links and the requests for them, and the
// new password itself. Every function runs in a `wc_auth` transaction.

/** Requests for a reset link in the last minutes, by account hash or by client address hash. */
export async function countResetRequests(tx: Tx, by: 'account_hash' | 'client_hash', hash: string, minutes: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from password_reset_requests
    where ${sql.ref(by)} = ${hash} and at > now() - make_interval(mins => ${minutes})`.execute(tx);
  return rows[0]!.n;
}

export async function insertResetRequest(tx: Tx, accountHash: string, clientHash: string): Promise<void> {
  await tx.insertInto('password_reset_requests').values({ account_hash: accountHash, client_hash: clientHash }).execute();
}

/** The active account with a password that an e-mail address belongs to: only such an account gets a link. */
export function findResettableAccount(tx: Tx, email: string) {
  return tx
    .selectFrom('users as u')
    .innerJoin('user_credentials as c', 'c.user_id', 'u.id')
    .select(['u.id', 'u.email', 'u.name', 'u.preferred_language'])
    .where('u.email', '=', email)
    .where('u.disabled_at', 'is', null)
    .where('c.password_hash', 'is not', null)
    .executeTakeFirst();
}

/** Stores a new link's token hash, valid for the minutes; in the same statement the account's older links go. */
export async function replaceResetLink(tx: Tx, userId: string, tokenHash: string, minutes: number): Promise<void> {
  await sql`with older as (delete from password_reset_tokens where user_id = ${userId})
    insert into password_reset_tokens (token_hash, user_id, expires_at)
    values (${tokenHash}, ${userId}, now() + make_interval(mins => ${minutes}))`.execute(tx);
}

/** The account of a link that still works (not used, not expired, account active). */
export async function findWorkingResetLink(tx: Tx, tokenHash: string): Promise<string | undefined> {
  const row = await tx
    .selectFrom('password_reset_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select('t.user_id')
    .where('t.token_hash', '=', tokenHash)
    .where(sql<boolean>`t.expires_at > now()`)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  return row?.user_id;
}

/** Uses a link up: deletes it if it has not expired, and returns its account; of two callers only one gets it. */
export async function useResetLink(tx: Tx, tokenHash: string): Promise<{ userId: string; email: string; disabled: boolean } | undefined> {
  const used = await tx
    .deleteFrom('password_reset_tokens')
    .where('token_hash', '=', tokenHash)
    .where(sql<boolean>`expires_at > now()`)
    .returning('user_id')
    .executeTakeFirst();
  if (!used) return undefined;
  const user = await tx.selectFrom('users').select(['email', 'disabled_at']).where('id', '=', used.user_id).executeTakeFirstOrThrow();
  return { userId: used.user_id, email: user.email, disabled: user.disabled_at !== null };
}

export async function findEmail(tx: Tx, userId: string): Promise<string> {
  const row = await tx.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.email;
}

/** A new password: no longer temporary, and every session of the account but `keepSession` ends. */
export async function setPassword(tx: Tx, userId: string, passwordHash: string, keepSession: string | null): Promise<void> {
  await tx
    .updateTable('user_credentials')
    .set({ password_hash: passwordHash, password_changed_at: new Date(), must_change_password: false })
    .where('user_id', '=', userId)
    .execute();
  let sessions = tx.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSession) sessions = sessions.where('id_hash', '<>', keepSession);
  await sessions.execute();
}
