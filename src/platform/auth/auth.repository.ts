import { sql } from 'kysely';
import type { Tx } from '../db/tenancy.ts';

// The only place with SQL for logging in: login attempts and their locks, the accounts and
// credentials a login reads, and the second factor. Every function runs in a `wc_auth` transaction.

/** The keyed hash (HMAC with the platform's pseudonym key) that stands for an address or e-mail. */
export async function pseudonym(tx: Tx, value: string): Promise<string> {
  const { rows } = await sql<{ p: string }>`select app_pseudonym(${value}) as p`.execute(tx);
  return rows[0]!.p;
}

/** Several keyed hashes in one round trip, in the order of the values. */
export async function pseudonyms(tx: Tx, values: readonly string[]): Promise<string[]> {
  const { rows } = await sql<{ p: string }>`select app_pseudonym(v) as p from unnest(${[...values]}::text[]) with ordinality as t(v, n) order by n`.execute(tx);
  return rows.map((row) => row.p);
}

/** Waits for, then holds until the transaction ends, the advisory lock (`kind`, `key`). */
export async function lockKey(tx: Tx, kind: number, key: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${kind}::int, ${key}::int)`.execute(tx);
}

/** Failed logins from a client address in the last minutes, attempts still being checked included. */
export async function countClientFailures(tx: Tx, clientHash: string, minutes: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from login_attempts
    where client_hash = ${clientHash} and not succeeded and at > now() - make_interval(mins => ${minutes})`.execute(tx);
  return rows[0]!.n;
}

/** An account's failures in the last minutes, and the time of the `nth` most recent one (null with fewer). */
export async function accountFailures(tx: Tx, accountHash: string, minutes: number, nth: number): Promise<{ failures: number; nthAt: Date | null }> {
  const { rows } = await sql<{ failures: number; nth_at: Date | null }>`
    select count(*)::int as failures, (array_agg(at order by at desc))[${nth}::int] as nth_at
    from login_attempts
    where account_hash = ${accountHash} and not succeeded and at > now() - make_interval(mins => ${minutes})`.execute(tx);
  return { failures: rows[0]!.failures, nthAt: rows[0]!.nth_at };
}

/** Counts an attempt as failed; returns its id. */
export async function insertFailedAttempt(tx: Tx, accountHash: string, clientHash: string): Promise<number> {
  const row = await tx
    .insertInto('login_attempts')
    .values({ account_hash: accountHash, client_hash: clientHash, succeeded: false })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function markAttemptSucceeded(tx: Tx, attemptId: number): Promise<void> {
  await tx.updateTable('login_attempts').set({ succeeded: true }).where('id', '=', attemptId).execute();
}

export async function deleteAccountFailures(tx: Tx, accountHash: string): Promise<void> {
  await tx.deleteFrom('login_attempts').where('account_hash', '=', accountHash).where('succeeded', '=', false).execute();
}

/** The account an e-mail address logs in to, with what the password step needs. */
export function findLoginAccount(tx: Tx, email: string) {
  return tx
    .selectFrom('users as u')
    .leftJoin('user_credentials as c', 'c.user_id', 'u.id')
    .select((eb) => [
      'u.id',
      'u.email',
      'u.name',
      'u.preferred_language',
      'u.disabled_at',
      'c.password_hash',
      'c.totp_confirmed_at',
      eb.exists(eb.selectFrom('memberships as m').select('m.id').whereRef('m.user_id', '=', 'u.id')).as('has_membership'),
    ])
    .where('u.email', '=', email)
    .executeTakeFirst();
}

/** What the second step needs of an account: its address (for the lock and the notice) and TOTP secret. */
export function findSecondFactorAccount(tx: Tx, userId: string) {
  return tx
    .selectFrom('users as u')
    .innerJoin('user_credentials as c', 'c.user_id', 'u.id')
    .select(['u.email', 'u.name', 'u.preferred_language', 'c.totp_secret'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

/** Records a TOTP time step as used, only when it is later than the last one: true when this call did. */
export async function useTotpStep(tx: Tx, userId: string, counter: number): Promise<boolean> {
  const used = await tx
    .updateTable('user_credentials')
    .set({ totp_last_counter: counter })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_counter', 'is', null), eb('totp_last_counter', '<', counter)]))
    .returning('user_id')
    .executeTakeFirst();
  return used !== undefined;
}

/** Removes a recovery code's hash, only when it is there: the codes left, or null when this call did not remove it. */
export async function useRecoveryCode(tx: Tx, userId: string, hash: string): Promise<number | null> {
  const used = await tx
    .updateTable('user_credentials')
    .set({ recovery_code_hashes: sql`array_remove(recovery_code_hashes, ${hash})` })
    .where('user_id', '=', userId)
    .where(sql<boolean>`${hash} = any(recovery_code_hashes)`)
    .returning(sql<number>`cardinality(recovery_code_hashes)`.as('left'))
    .executeTakeFirst();
  return used ? used.left : null;
}

export async function saveEnrolment(tx: Tx, userId: string, secret: string, counter: number, recoveryCodeHashes: string[]): Promise<void> {
  await tx
    .updateTable('user_credentials')
    .set({ totp_secret: secret, totp_confirmed_at: new Date(), totp_last_counter: counter, recovery_code_hashes: recoveryCodeHashes })
    .where('user_id', '=', userId)
    .execute();
}

/** An account an OIDC login may be, by the identity linked to it or by its e-mail address. */
function oidcCandidates(tx: Tx) {
  return tx
    .selectFrom('users as u')
    .leftJoin('user_credentials as c', 'c.user_id', 'u.id')
    .select((eb) => [
      'u.id',
      'u.disabled_at',
      'c.oidc_subject',
      eb.exists(eb.selectFrom('memberships as m').select('m.id').whereRef('m.user_id', '=', 'u.id')).as('has_membership'),
    ]);
}

export function findOidcLinkedAccount(tx: Tx, issuer: string, subject: string) {
  return oidcCandidates(tx).where('c.oidc_issuer', '=', issuer).where('c.oidc_subject', '=', subject).executeTakeFirst();
}

export function findOidcAccountByEmail(tx: Tx, email: string) {
  return oidcCandidates(tx).where('u.email', '=', email).executeTakeFirst();
}

/** Links the identity to the account, unless the account is linked to an identity already. */
export async function linkOidcIdentity(tx: Tx, userId: string, issuer: string, subject: string): Promise<void> {
  await tx
    .insertInto('user_credentials')
    .values({ user_id: userId, oidc_issuer: issuer, oidc_subject: subject })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ oidc_issuer: issuer, oidc_subject: subject }).where('user_credentials.oidc_subject', 'is', null),
    )
    .execute();
}
