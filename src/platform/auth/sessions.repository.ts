import type { SessionStage } from '../db/schema.ts';
import type { Tx } from '../db/tenancy.ts';

// The only SQL for sessions: each function runs in a `wc_auth` transaction of the session store.

/** The account's memberships, with the name of each organisation. */
export function findMemberships(tx: Tx, userId: string) {
  return tx
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['m.id', 'm.organisation_id', 'o.name as organisation_name', 'm.region_code', 'm.role'])
    .where('m.user_id', '=', userId)
    .execute();
}

export interface SessionInsert {
  idHash: string;
  userId: string;
  membershipId: string | null;
  stage: SessionStage;
  authMethod: 'password' | 'oidc';
  acr: string | null;
  pendingTotpSecret: string | null;
  expiresAt: Date;
}

export async function insertSession(tx: Tx, session: SessionInsert): Promise<void> {
  await tx
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      user_id: session.userId,
      membership_id: session.membershipId,
      stage: session.stage,
      auth_method: session.authMethod,
      acr: session.acr,
      pending_totp_secret: session.pendingTotpSecret,
      expires_at: session.expiresAt,
    })
    .execute();
}

/** A session by its token's hash, with its account's name, state and whether its password is temporary. */
export function findSession(tx: Tx, idHash: string) {
  return tx
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('user_credentials as c', 'c.user_id', 's.user_id')
    .select([
      'c.must_change_password',
      's.id_hash',
      's.user_id',
      'u.name',
      'u.disabled_at',
      's.stage',
      's.auth_method',
      's.pending_totp_secret',
      's.membership_id',
      's.created_at',
      's.last_seen_at',
      's.expires_at',
    ])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst();
}

export async function updateSession(
  tx: Tx,
  idHash: string,
  changes: { last_seen_at?: Date; pending_totp_secret?: string; membership_id?: string },
): Promise<void> {
  await tx.updateTable('sessions').set(changes).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(tx: Tx, idHash: string): Promise<void> {
  await tx.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Deletes every session of the account; returns how many there were. */
export async function deleteSessionsOf(tx: Tx, userId: string): Promise<number> {
  const result = await tx.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
