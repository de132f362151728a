import { randomBytes } from 'node:crypto';
import type { Database } from '../db/pool.ts';
import { actAs, audit, logRead, withActor, type Tx } from '../db/tenancy.ts';
import type { Trace } from '../http/trace.ts';
import { TooManyRequestsError, type FieldError } from '../http/errors.ts';
import { sendMail } from '../mail/mailer.ts';
import { translator, type Lang } from '../i18n/index.ts';
import { hashPassword, normaliseEmail, passwordRuleError, type AuthService } from './auth.service.ts';
import { hashToken } from './sessions.ts';
import { accountHashOf, clearAccountFailures, lockAccount, lockClient, throttleKeys } from './throttle.ts';
import {
  countResetRequests,
  findEmail,
  findResettableAccount,
  findWorkingResetLink,
  insertResetRequest,
  replaceResetLink,
  setPassword,
  useResetLink,
} from './passwords.repository.ts';

// Choosing a password: with a link by e-mail when it is forgotten, from the workspace when it is
// known, and at first login when a coordinator set a temporary one. A new password ends every
// other session and clears the temporary flag; it never replaces the second factor.

export const RESET_PATH = '/wachtwoord-herstellen';
export const RESET_LINK_MINUTES = 30;
const RESET_WINDOW_MINUTES = 60;
const RESET_REQUESTS_PER_ACCOUNT = 3;
const RESET_REQUESTS_PER_CLIENT = 10;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export interface NewPasswordForm {
  password: string;
  passwordRepeat: string;
}

/** Field errors of a chosen password: the rule, both fields the same and, when given, not the current one. */
export function newPasswordErrors(form: NewPasswordForm, current?: string): FieldError[] {
  const rule = passwordRuleError('password', form.password);
  if (rule) return [rule];
  if (form.passwordRepeat !== form.password) return [{ field: 'passwordRepeat', key: 'password.error.mismatch' }];
  if (current !== undefined && form.password === current) return [{ field: 'password', key: 'password.error.same' }];
  return [];
}

export interface ResetMail {
  to: string;
  name: string;
  lang: Lang;
  link: string;
}

/** Queues the e-mail with a reset link in the transaction that made the link. */
function mailResetLink(tx: Tx, mail: ResetMail): Promise<void> {
  const t = translator(mail.lang);
  return sendMail(tx, {
    kind: 'password-reset',
    to: mail.to,
    subject: t('password.mail.subject'),
    text: t('password.mail.body', { name: mail.name, link: mail.link, minutes: RESET_LINK_MINUTES }),
  });
}

export type ChangeResult = { outcome: 'ok' } | { outcome: 'wrong' } | { outcome: 'locked'; minutes: number };

export function createPasswordService(db: Database, auth: AuthService, baseUrl: string) {
  const context = (trace: Trace, userId: string | null) => ({
    actor: userId ? ({ kind: 'user', userId, membership: null } as const) : ({ kind: 'anonymous' } as const),
    trace,
    activity: 'authentication' as const,
    dbRole: 'wc_auth' as const,
  });

  return {
    /**
     * Sends a reset link when the address belongs to an active account with a password, and says
     * nothing about whether it did: the caller shows the same page either way. Limited per address
     * (429) and per account (silently: no more mails).
     */
    async requestReset(trace: Trace, emailInput: string, clientKey: string): Promise<void> {
      const email = normaliseEmail(emailInput);
      await withActor(db, context(trace, null), async (tx) => {
        const { clientHash, accountHash } = await throttleKeys(tx, email, clientKey);
        await lockClient(tx, clientHash);
        if ((await countResetRequests(tx, 'client_hash', clientHash, RESET_WINDOW_MINUTES)) >= RESET_REQUESTS_PER_CLIENT) {
          throw new TooManyRequestsError(RESET_WINDOW_MINUTES * 60);
        }
        await lockAccount(tx, accountHash);
        const earlier = await countResetRequests(tx, 'account_hash', accountHash, RESET_WINDOW_MINUTES);
        await insertResetRequest(tx, accountHash, clientHash);
        if (earlier >= RESET_REQUESTS_PER_ACCOUNT) return;
        const user = await findResettableAccount(tx, email);
        if (!user) return;
        const token = randomBytes(32).toString('base64url');
        await replaceResetLink(tx, user.id, hashToken(token), RESET_LINK_MINUTES);
        // Queued, not sent: the answer takes no longer for a known address than for an unknown one.
        await mailResetLink(tx, { to: user.email, name: user.name, lang: user.preferred_language, link: `${baseUrl}${RESET_PATH}?token=${token}` });
      });
    },

    /** Whether a reset link still works (unused, not expired, account active); uses nothing up. */
    async resetLinkWorks(trace: Trace, token: string): Promise<boolean> {
      if (!TOKEN_FORMAT.test(token)) return false;
      return withActor(db, context(trace, null), async (tx) => {
        const userId = await findWorkingResetLink(tx, hashToken(token));
        if (userId) await logRead(tx, 'password_reset_tokens.read', [userId], 'professional');
        return userId !== undefined;
      });
    },

    /**
     * Sets the new password of the link's account and uses the link up, in one transaction: of two
     * requests with the same link only one deletes it. Ends every session and any lock; the next
     * login asks for the second factor as always. False when the link no longer works.
     */
    async resetPassword(trace: Trace, token: string, password: string): Promise<boolean> {
      if (!TOKEN_FORMAT.test(token)) return false;
      const passwordHash = await hashPassword(password);
      return withActor(db, context(trace, null), async (tx) => {
        const link = await useResetLink(tx, hashToken(token));
        if (!link || link.disabled) return false;
        // The account holder acts: the link proved it.
        await actAs(tx, link.userId);
        await setPassword(tx, link.userId, passwordHash, null);
        await clearAccountFailures(tx, await accountHashOf(tx, link.email));
        await audit(tx, 'password.reset', { type: 'user', id: link.userId });
        return true;
      });
    },

    /** A signed-in person changes their password; the current one is checked as at login, with the same limits. */
    async changePassword(
      trace: Trace,
      session: { userId: string; idHash: string },
      current: string,
      password: string,
      clientKey: string,
    ): Promise<ChangeResult> {
      const email = await withActor(db, context(trace, session.userId), (tx) => findEmail(tx, session.userId));
      const check = await auth.verifyPassword(trace, email, current, clientKey, 'password.change.check');
      if (check.outcome !== 'ok') return check;
      const passwordHash = await hashPassword(password);
      await withActor(db, context(trace, session.userId), async (tx) => {
        await setPassword(tx, session.userId, passwordHash, session.idHash);
        await audit(tx, 'password.change', { type: 'user', id: session.userId });
      });
      return { outcome: 'ok' };
    },
  };
}

export type PasswordService = ReturnType<typeof createPasswordService>;
