import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/pool.ts';
import type { SessionStage } from '../db/schema.ts';
import { actAs, withActor, type ActiveMembership, type Actor, type Tx } from '../db/tenancy.ts';
import type { Trace } from '../http/trace.ts';
import { compareNames } from '../i18n/index.ts';
import { deleteSession, deleteSessionsOf, findMemberships, findSession, insertSession, updateSession } from './sessions.repository.ts';

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
    const rows = await findMemberships(tx, userId);
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
        if (replacesIdHash) await deleteSession(tx, replacesIdHash);
        const memberships = session.stage === 'full' ? await loadMemberships(tx, session.userId) : [];
        await insertSession(tx, {
          idHash: hashToken(token),
          userId: session.userId,
          membershipId: memberships[0]?.id ?? null,
          stage: session.stage,
          authMethod: session.authMethod,
          acr: session.acr ?? null,
          pendingTotpSecret: session.pendingTotpSecret ?? null,
          expiresAt: new Date(Date.now() + policy.absoluteHours * 3600_000),
        });
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
        const row = await findSession(tx, idHash);
        if (!row) return null;
        // From here the session's professional acts: their touch of the session is logged as theirs.
        await actAs(tx, row.user_id);
        const now = Date.now();
        const idleLimit = row.last_seen_at.getTime() + policy.idleMinutes * 60_000;
        if (row.disabled_at || now > idleLimit || now > row.expires_at.getTime()) {
          await deleteSession(tx, idHash);
          return null;
        }
        if (now - row.last_seen_at.getTime() > TOUCH_AFTER_MS) {
          await updateSession(tx, idHash, { last_seen_at: new Date(now) });
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
      await withActor(db, auth(trace, session.userId), (tx) => updateSession(tx, session.idHash, { pending_totp_secret: secret }));
    },

    async switchMembership(trace: Trace, session: SessionState, membershipId: string): Promise<boolean> {
      if (!session.memberships.some((m) => m.id === membershipId)) return false;
      await withActor(db, auth(trace, session.userId), (tx) => updateSession(tx, session.idHash, { membership_id: membershipId }));
      return true;
    },

    async destroy(trace: Trace, session: SessionState): Promise<void> {
      await withActor(db, auth(trace, session.userId), (tx) => deleteSession(tx, session.idHash));
    },

    /** Logout everywhere: every session of the user, on every device. */
    async destroyAll(trace: Trace, userId: string): Promise<number> {
      return withActor(db, auth(trace, userId), (tx) => deleteSessionsOf(tx, userId));
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
