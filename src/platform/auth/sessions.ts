import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/pool.ts';
import type { SessionStage } from '../db/schema.ts';
import { withActor, type ActiveMembership, type Actor, type Tx } from '../db/tenancy.ts';
import type { Trace } from '../http/trace.ts';
import { compareNames } from '../i18n/index.ts';

// Server-side sessions: the cookie holds a random token, the database only its hash, so a leaked
// database cannot be replayed as cookies. Sessions expire after an idle and an absolute timeout,
// and the token is replaced whenever the login stage changes (no session fixation).

export interface SessionState {
  idHash: string;
  userId: string;
  userName: string;
  stage: SessionStage;
  authMethod: 'password' | 'oidc';
  pendingTotpSecret: string | null;
  memberships: ActiveMembership[];
  active: ActiveMembership | null;
  createdAt: Date;
  /** Logged in with a temporary password: nothing but changing it until it is changed. */
  mustChangePassword: boolean;
}

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

/** How often last_seen is written: often enough for the idle timeout, rarely enough to keep requests cheap. */
const TOUCH_AFTER_MS = 60_000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function sessionActor(session: SessionState | null): Actor {
  if (!session || session.stage !== 'full') return { kind: 'anonymous' };
  // Without a membership the actor holds no role: with a temporary password nothing role-bound is
  // reachable, whichever route a request takes (the database sees no role either).
  return { kind: 'user', userId: session.userId, membership: session.mustChangePassword ? null : session.active };
}

export interface NewSession {
  userId: string;
  stage: SessionStage;
  authMethod: 'password' | 'oidc';
  acr?: string | null;
  pendingTotpSecret?: string | null;
}

export function createSessionStore(db: Database, policy: SessionPolicy) {
  const auth = (trace: Trace, userId: string | null) => ({
    actor: userId ? ({ kind: 'user', userId, membership: null } as Actor) : ({ kind: 'anonymous' } as Actor),
    trace,
    activity: 'authentication' as const,
    dbRole: 'wc_auth' as const,
  });

  async function loadMemberships(tx: Tx, userId: string): Promise<ActiveMembership[]> {
    const rows = await tx
      .selectFrom('memberships as m')
      .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
      .select(['m.id', 'm.organisation_id', 'o.name as organisation_name', 'm.region_code', 'm.role'])
      .where('m.user_id', '=', userId)
      .execute();
    return rows
      .map((row) => ({
        id: row.id,
        organisationId: row.organisation_id,
        organisationName: row.organisation_name,
        regionCode: row.region_code,
        role: row.role,
      }))
      .sort((a, b) => compareNames()(a.organisationName, b.organisationName) || a.role.localeCompare(b.role));
  }

  return {
    /** Creates a session and returns the token for the cookie; an older session of this browser is replaced. */
    async create(trace: Trace, session: NewSession, replacesIdHash?: string): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      await withActor(db, auth(trace, session.userId), async (tx) => {
        if (replacesIdHash) await tx.deleteFrom('sessions').where('id_hash', '=', replacesIdHash).execute();
        const memberships = session.stage === 'full' ? await loadMemberships(tx, session.userId) : [];
        await tx
          .insertInto('sessions')
          .values({
            id_hash: hashToken(token),
            user_id: session.userId,
            membership_id: memberships[0]?.id ?? null,
            stage: session.stage,
            auth_method: session.authMethod,
            acr: session.acr ?? null,
            pending_totp_secret: session.pendingTotpSecret ?? null,
            expires_at: new Date(Date.now() + policy.absoluteHours * 3600_000),
          })
          .execute();
      });
      return token;
    },

    /**
     * The session for a cookie token, or null when unknown, idle too long or past its absolute limit.
     * Validating the session on each request is logged through the session's own writes (created,
     * touched at most once a minute, deleted) rather than once per request, which would drown the
     * processing log in noise without telling a data subject anything more.
     */
    async load(trace: Trace, token: string): Promise<SessionState | null> {
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
      const idHash = hashToken(token);
      return withActor(db, auth(trace, null), async (tx) => {
        const row = await tx
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
        if (!row) return null;
        // From here the session's professional acts: their touch of the session is logged as theirs.
        await sql`select set_config('app.user_id', ${row.user_id}, true), set_config('app.actor_kind', 'professional', true)`.execute(tx);
        const now = Date.now();
        const idleLimit = row.last_seen_at.getTime() + policy.idleMinutes * 60_000;
        if (row.disabled_at || now > idleLimit || now > row.expires_at.getTime()) {
          await tx.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
          return null;
        }
        if (now - row.last_seen_at.getTime() > TOUCH_AFTER_MS) {
          await tx.updateTable('sessions').set({ last_seen_at: new Date(now) }).where('id_hash', '=', idHash).execute();
        }
        const memberships = row.stage === 'full' ? await loadMemberships(tx, row.user_id) : [];
        return {
          idHash,
          userId: row.user_id,
          userName: row.name,
          stage: row.stage,
          authMethod: row.auth_method,
          pendingTotpSecret: row.pending_totp_secret,
          memberships,
          active: memberships.find((m) => m.id === row.membership_id) ?? memberships[0] ?? null,
          createdAt: row.created_at,
          // Once logged in (both steps); the temporary password is the password: a login through SSO did not use it.
          mustChangePassword: row.stage === 'full' && row.auth_method === 'password' && row.must_change_password === true,
        };
      });
    },

    async setPendingTotpSecret(trace: Trace, session: SessionState, secret: string): Promise<void> {
      await withActor(db, auth(trace, session.userId), (tx) =>
        tx.updateTable('sessions').set({ pending_totp_secret: secret }).where('id_hash', '=', session.idHash).execute(),
      );
    },

    async switchMembership(trace: Trace, session: SessionState, membershipId: string): Promise<boolean> {
      if (!session.memberships.some((m) => m.id === membershipId)) return false;
      await withActor(db, auth(trace, session.userId), (tx) =>
        tx.updateTable('sessions').set({ membership_id: membershipId }).where('id_hash', '=', session.idHash).execute(),
      );
      return true;
    },

    async destroy(trace: Trace, session: SessionState): Promise<void> {
      await withActor(db, auth(trace, session.userId), (tx) =>
        tx.deleteFrom('sessions').where('id_hash', '=', session.idHash).execute(),
      );
    },

    /** Logout everywhere: every session of the user, on every device. */
    async destroyAll(trace: Trace, userId: string): Promise<number> {
      return withActor(db, auth(trace, userId), async (tx) => {
        const result = await tx.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
        return Number(result.numDeletedRows);
      });
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
