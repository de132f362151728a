import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import * as OTPAuth from 'otpauth';
import type { Database } from '../db/pool.ts';
import { audit, logRead, withActor, type Tx } from '../db/tenancy.ts';
import type { Trace } from '../http/trace.ts';
import { TooManyRequestsError, type FieldError } from '../http/errors.ts';
import { sendMail } from '../mail/mailer.ts';
import { translator, type Lang } from '../i18n/index.ts';
import {
  ACCOUNT_FAILURES_BEFORE_LOCK,
  CLIENT_FAILURES_PER_WINDOW,
  WINDOW_MINUTES,
  accountState,
  clientFailures,
  lockAccount,
  lockClient,
  lockStartedBy,
  minutesUntil,
  recordFailure,
  recordSuccess,
  throttleKeys,
} from './throttle.ts';
import { findLoginAccount, findSecondFactorAccount, saveEnrolment, useRecoveryCode, useTotpStep } from './auth.repository.ts';

// Password + TOTP login for professionals, with throttling (see throttle.ts). Wrong e-mail and
// wrong password give the same answer in about the same time, and so does a lock, so the form does
// not reveal who has an account.

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
const RECOVERY_CODE_COUNT = 10;

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

let dummyHash: Promise<string> | undefined;

/** Checks a password against a stored hash; without one, against a dummy, so an unknown e-mail costs as much time. */
export async function passwordMatches(storedHash: string | null | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const ok = await argon2.verify(storedHash ?? (await dummyHash), password).catch(() => false);
  return ok && Boolean(storedHash);
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** The rule for every password a person or coordinator chooses: the error for `field`, if it breaks it. */
export function passwordRuleError(field: string, password: string): FieldError | null {
  if (password.length < PASSWORD_MIN_LENGTH) return { field, key: 'form.error.tooShort', params: { min: PASSWORD_MIN_LENGTH } };
  if (password.length > PASSWORD_MAX_LENGTH) return { field, key: 'form.error.tooLong', params: { max: PASSWORD_MAX_LENGTH } };
  return null;
}

export type PasswordResult =
  | { outcome: 'ok'; userId: string; totpEnrolled: boolean; hasMembership: boolean }
  | { outcome: 'wrong' }
  | { outcome: 'locked'; minutes: number };

export type SecondFactorResult = { outcome: 'ok'; usedRecoveryCode: boolean } | { outcome: 'wrong' } | { outcome: 'locked'; minutes: number };

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totp(secret: string, label = 'Werkcentrum'): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: 'Werkcentrum', label, algorithm: 'SHA1', digits: 6, period: 30, secret });
}

export function totpUri(secret: string, email: string): string {
  return totp(secret, email).toString();
}

/** The current code for a secret: used for demo accounts and tests, as an authenticator app would. */
export function currentTotpCode(secret: string, at = Date.now()): string {
  return totp(secret).generate({ timestamp: at });
}

const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');
const hashRecoveryCode = (code: string) => createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex');

function generateRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = randomBytes(5).toString('hex');
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

interface LockedAccount {
  email: string;
  name: string;
  lang: Lang;
  minutes: number;
}

/** Tells the account holder that their account was locked: queued in the transaction that locks it. */
async function noticeLock(tx: Tx, account: LockedAccount): Promise<void> {
  const t = translator(account.lang);
  await sendMail(tx, {
    kind: 'account-locked',
    to: account.email,
    subject: t('mail.locked.subject'),
    text: t('mail.locked.body', { name: account.name, minutes: account.minutes }),
  });
}

/**
 * Accepts a TOTP code or recovery code once: the used time step or code is written by one
 * conditional update, so of two requests with the same code only one changes a row.
 */
async function acceptSecondFactor(tx: Tx, userId: string, secret: string, input: string): Promise<{ recoveryCodesLeft?: number } | null> {
  const code = input.replace(/\s/g, '');
  if (/^\d{6}$/.test(code)) {
    const delta = totp(secret).validate({ token: code, window: 1 });
    if (delta === null) return null;
    return (await useTotpStep(tx, userId, Math.floor(Date.now() / 30_000) + delta)) ? {} : null;
  }
  if (normaliseRecoveryCode(code).length !== 10) return null;
  const left = await useRecoveryCode(tx, userId, hashRecoveryCode(code));
  return left === null ? null : { recoveryCodesLeft: left };
}

export function createAuthService(db: Database) {
  const context = (trace: Trace, userId: string | null) => ({
    actor: userId ? ({ kind: 'user', userId, membership: null } as const) : ({ kind: 'anonymous' } as const),
    trace,
    activity: 'authentication' as const,
    dbRole: 'wc_auth' as const,
  });

  return {
    /** Checks an e-mail address and password, at login or (`action`) before a password change. */
    async verifyPassword(trace: Trace, emailInput: string, password: string, clientKey: string, action = 'login.password'): Promise<PasswordResult> {
      const email = normaliseEmail(emailInput);
      // 1. Under the locks of address and account: check both limits and count this attempt as
      //    failed before its password is checked, so parallel attempts cannot pass a limit together.
      //    What needs no lock comes first: parallel requests wait for each other as briefly as can be.
      const attempt = await withActor(db, context(trace, null), async (tx) => {
        const keys = await throttleKeys(tx, email, clientKey);
        const user = await findLoginAccount(tx, email);
        if (user) await logRead(tx, 'login.credentials.read', [user.id], 'professional');
        await lockClient(tx, keys.clientHash);
        if ((await clientFailures(tx, keys.clientHash)) >= CLIENT_FAILURES_PER_WINDOW) {
          throw new TooManyRequestsError(WINDOW_MINUTES * 60);
        }
        await lockAccount(tx, keys.accountHash);
        const account = await accountState(tx, keys.accountHash);
        if (account.lockedUntil) {
          if (user) await audit(tx, action, { type: 'user', id: user.id }, 'denied', { reason: 'locked' });
          return { user, locked: minutesUntil(account.lockedUntil) } as const;
        }
        const attemptId = await recordFailure(tx, keys);
        return { user, keys, attemptId, lastBeforeLock: account.failures + 1 >= ACCOUNT_FAILURES_BEFORE_LOCK } as const;
      });
      if (attempt.locked !== undefined) return { outcome: 'locked', minutes: attempt.locked };

      // 2. The slow part, outside any transaction. Always a hash, so an unknown e-mail takes as long.
      const { user, keys, attemptId, lastBeforeLock } = attempt;
      const passwordOk = (await passwordMatches(user?.password_hash, password)) && Boolean(user && !user.disabled_at);

      // 3. A right password turns the attempt into a success; a wrong one leaves it counted.
      return withActor(db, context(trace, user?.id ?? null), async (tx): Promise<PasswordResult> => {
        if (!user || !passwordOk) {
          if (user) await audit(tx, action, { type: 'user', id: user.id }, 'failure');
          const minutes = await lockStartedBy(tx, keys.accountHash, lastBeforeLock);
          if (minutes === null) return { outcome: 'wrong' };
          if (user) {
            await audit(tx, 'login.locked', { type: 'user', id: user.id }, 'denied');
            await noticeLock(tx, { email: user.email, name: user.name, lang: user.preferred_language, minutes });
          }
          return { outcome: 'locked', minutes };
        }
        await recordSuccess(tx, attemptId);
        await audit(tx, action, { type: 'user', id: user.id }, 'success');
        return { outcome: 'ok', userId: user.id, totpEnrolled: user.totp_confirmed_at !== null, hasMembership: Boolean(user.has_membership) };
      });
    },

    /** Checks a TOTP code (each time step once) or a recovery code (each code once). */
    async verifySecondFactor(trace: Trace, userId: string, input: string, clientKey: string): Promise<SecondFactorResult> {
      return withActor(db, context(trace, userId), async (tx): Promise<SecondFactorResult> => {
        const user = await findSecondFactorAccount(tx, userId);
        if (!user?.totp_secret) return { outcome: 'wrong' };
        await logRead(tx, 'login.totp.read', [userId], 'professional');
        // Wrong codes count for the account as wrong passwords do: the same lock for both steps.
        const keys = await throttleKeys(tx, user.email, clientKey);
        await lockAccount(tx, keys.accountHash);
        const account = await accountState(tx, keys.accountHash);
        if (account.lockedUntil) return { outcome: 'locked', minutes: minutesUntil(account.lockedUntil) };

        const accepted = await acceptSecondFactor(tx, userId, user.totp_secret, input);
        if (accepted?.recoveryCodesLeft !== undefined) {
          await audit(tx, 'login.recovery-code', { type: 'user', id: userId }, 'success', { remaining: accepted.recoveryCodesLeft });
          return { outcome: 'ok', usedRecoveryCode: true };
        }
        if (accepted) {
          await audit(tx, 'login.totp', { type: 'user', id: userId }, 'success');
          return { outcome: 'ok', usedRecoveryCode: false };
        }
        await recordFailure(tx, keys);
        await audit(tx, 'login.totp', { type: 'user', id: userId }, 'failure');
        const minutes = await lockStartedBy(tx, keys.accountHash, account.failures + 1 >= ACCOUNT_FAILURES_BEFORE_LOCK);
        if (minutes === null) return { outcome: 'wrong' };
        await audit(tx, 'login.locked', { type: 'user', id: userId }, 'denied');
        await noticeLock(tx, { email: user.email, name: user.name, lang: user.preferred_language, minutes });
        return { outcome: 'locked', minutes };
      });
    },

    /** Confirms enrolment with a first valid code; returns the recovery codes to show once. */
    async confirmEnrolment(trace: Trace, userId: string, secret: string, code: string): Promise<string[] | null> {
      const delta = totp(secret).validate({ token: code.replace(/\s/g, ''), window: 1 });
      if (delta === null) return null;
      const recoveryCodes = generateRecoveryCodes();
      await withActor(db, context(trace, userId), async (tx) => {
        await saveEnrolment(tx, userId, secret, Math.floor(Date.now() / 30_000) + delta, recoveryCodes.map(hashRecoveryCode));
        await audit(tx, 'mfa.enrolled', { type: 'user', id: userId });
      });
      return recoveryCodes;
    },

    async recordLogout(trace: Trace, userId: string, everywhere: boolean): Promise<void> {
      await withActor(db, context(trace, userId), (tx) => audit(tx, everywhere ? 'logout.everywhere' : 'logout', { type: 'user', id: userId }));
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
