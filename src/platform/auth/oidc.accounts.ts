import type { Database } from '../db/pool.ts';
import { audit, logRead, withActor, type Tx } from '../db/tenancy.ts';
import type { Trace } from '../http/trace.ts';
import type { OidcIdentity } from './oidc.ts';
import { findOidcAccountByEmail, findOidcLinkedAccount, linkOidcIdentity } from './auth.repository.ts';

// Who an OIDC login is: the pair (issuer, subject) is linked to one Werkcentrum account. The first
// login links an existing, enabled account by the e-mail address the provider has verified; OIDC
// never creates accounts (administrators provision professionals).

export type OidcAccountResult =
  | { outcome: 'ok'; userId: string }
  | { outcome: 'unknown' }
  | { outcome: 'no-membership'; userId: string };

export type OidcFailureReason = 'state' | 'provider' | 'acr';

interface Candidate {
  id: string;
  disabled: boolean;
  hasMembership: boolean;
}

export function createOidcAccounts(db: Database) {
  const context = (trace: Trace, userId: string | null) => ({
    actor: userId ? ({ kind: 'user', userId, membership: null } as const) : ({ kind: 'anonymous' } as const),
    trace,
    activity: 'authentication' as const,
    dbRole: 'wc_auth' as const,
  });

  const toCandidate = (row: { id: string; disabled_at: Date | null; has_membership: unknown }): Candidate => ({
    id: row.id,
    disabled: row.disabled_at !== null,
    hasMembership: Boolean(row.has_membership),
  });

  async function linkedUser(tx: Tx, identity: OidcIdentity): Promise<Candidate | null> {
    const row = await findOidcLinkedAccount(tx, identity.issuer, identity.subject);
    return row ? toCandidate(row) : null;
  }

  /** Audits the end of a login attempt, as the user when known. */
  async function finish(trace: Trace, userId: string | null, outcome: 'success' | 'failure' | 'denied', details: Record<string, string | boolean>) {
    await withActor(db, context(trace, userId), (tx) => audit(tx, 'login.oidc', userId ? { type: 'user', id: userId } : null, outcome, details));
  }

  return {
    /** Finds or links the account of a verified OIDC identity, and audits the outcome. */
    async resolve(trace: Trace, identity: OidcIdentity): Promise<OidcAccountResult> {
      const acr = identity.acr ?? '';
      let user = await withActor(db, context(trace, null), async (tx) => {
        const found = await linkedUser(tx, identity);
        if (found) await logRead(tx, 'login.oidc.read', [found.id], 'professional');
        return found;
      });
      let linked = false;
      if (!user) {
        // Outside any transaction: this may ask the provider's UserInfo endpoint.
        const email = await identity.verifiedEmail();
        if (email) {
          ({ user, linked } = await withActor(db, context(trace, null), async (tx) => {
            const row = await findOidcAccountByEmail(tx, email);
            if (!row) return { user: null, linked: false };
            await logRead(tx, 'login.oidc.read', [row.id], 'professional');
            if (row.disabled_at) return { user: toCandidate(row), linked: false };
            // An account already linked to another identity is not taken over by a matching e-mail.
            if (row.oidc_subject !== null) return { user: null, linked: false };
            await linkOidcIdentity(tx, row.id, identity.issuer, identity.subject);
            // Null when another identity won a race to link this account; a concurrent first login of
            // this same identity counts as linked.
            const now = await linkedUser(tx, identity);
            return { user: now, linked: now !== null };
          }));
        }
      }
      if (!user || user.disabled) {
        await finish(trace, user?.id ?? null, 'denied', { reason: user ? 'disabled' : 'unknown', acr });
        return { outcome: 'unknown' };
      }
      if (!user.hasMembership) {
        await finish(trace, user.id, 'denied', { reason: 'no-membership', acr });
        return { outcome: 'no-membership', userId: user.id };
      }
      await finish(trace, user.id, 'success', { acr, linked });
      return { outcome: 'ok', userId: user.id };
    },

    /** Audits a login that failed before an account was looked up; a too low level names the linked account, if any. */
    async recordFailure(trace: Trace, reason: OidcFailureReason, identity?: OidcIdentity): Promise<void> {
      const user = identity
        ? await withActor(db, context(trace, null), async (tx) => {
            const found = await linkedUser(tx, identity);
            if (found) await logRead(tx, 'login.oidc.read', [found.id], 'professional');
            return found;
          })
        : null;
      await finish(trace, user?.id ?? null, reason === 'acr' ? 'denied' : 'failure', { reason, acr: identity?.acr ?? '' });
    },
  };
}

export type OidcAccounts = ReturnType<typeof createOidcAccounts>;
