import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';
import * as OTPAuth from 'otpauth';
import { sql } from 'kysely';
import type { Database } from '../db/pool.ts';
import { audit, logRead, withActor, type Tx } from '../db/tenancy.ts';
import type { Trace } from '../http/trace.ts';
import { TooManyRequestsError } from '../http/errors.ts';
import { sendMail } from '../mail/mailer.ts';
import { translator, type Lang } from '../i18n/index.ts';

// Password + TOTP login for professionals, with throttling. Wrong e-mail and wrong password give
// the same answer in about the same time, so the form does not reveal who has an account.

export const PASSWORD_MIN_LENGTH = 12;
const ACCOUNT_FAILURES_BEFORE_LOCK = 5;
const LOCK_MINUTES = 15;
const CLIENT_FAILURES_PER_WINDOW = 30;
const WINDOW_MINUTES = 15;
const RECOVERY_CODE_COUNT = 10;

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

let dummyHash: Promise<string> | undefined;

export type PasswordResult =
  | { outcome: 'ok'; userId: string; totpEnrolled: boolean; hasMembership: boolean }
  | { outcome: 'wrong' }
  | { outcome: 'locked'; minutes: number };

export type SecondFactorResult =
  | { outcome: 'ok'; usedRecoveryCode: boolean }
  | { outcome: 'wrong' }
  | { outcome: 'locked'; minutes: number };

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

export function createAuthService(db: Database) {
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

  const context = (trace: Trace, userId: string | null) => ({
    actor: userId ? ({ kind: 'user', userId, membership: null } as const) : ({ kind: 'anonymous' } as const),
    trace,
    activity: 'authentication' as const,
    dbRole: 'wc_auth' as const,
  });

  async function pseudonym(tx: Tx, value: string): Promise<string> {
    const { rows } = await sql<{ p: string }>`select app_pseudonym(${value}) as p`.execute(tx);
    return rows[0]!.p;
  }

  async function recentFailures(tx: Tx, column: 'account_hash' | 'client_hash', value: string): Promise<number> {
    const row = await tx
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(column, '=', value)
      .where('succeeded', '=', false)
      .where('at', '>', new Date(Date.now() - WINDOW_MINUTES * 60_000))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Records a failed step; locks the account after too many failures. Returns lock minutes, if locked. */
  async function recordFailure(tx: Tx, userId: string | null, accountHash: string, clientHash: string): Promise<number | null> {
    await tx.insertInto('login_attempts').values({ account_hash: accountHash, client_hash: clientHash, succeeded: false }).execute();
    if (!userId) return null;
    const updated = await tx
      .updateTable('user_credentials')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
      .where('user_id', '=', userId)
      .returning('failed_attempts')
      .executeTakeFirst();
    if (updated && updated.failed_attempts >= ACCOUNT_FAILURES_BEFORE_LOCK) {
      await tx
        .updateTable('user_credentials')
        .set({ locked_until: new Date(Date.now() + LOCK_MINUTES * 60_000), failed_attempts: 0 })
        .where('user_id', '=', userId)
        .execute();
      await audit(tx, 'login.locked', { type: 'user', id: userId }, 'denied');
      return LOCK_MINUTES;
    }
    return null;
  }

  function lockedMinutes(lockedUntil: Date | null): number | null {
    if (!lockedUntil || lockedUntil.getTime() <= Date.now()) return null;
    return Math.ceil((lockedUntil.getTime() - Date.now()) / 60_000);
  }

  return {
    async verifyPassword(trace: Trace, emailInput: string, password: string, clientKey: string): Promise<PasswordResult> {
      const email = emailInput.trim().toLowerCase();
      dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
      const found = await withActor(db, context(trace, null), async (tx) => {
        const clientHash = await pseudonym(tx, `client:${clientKey}`);
        if ((await recentFailures(tx, 'client_hash', clientHash)) >= CLIENT_FAILURES_PER_WINDOW) {
          throw new TooManyRequestsError(WINDOW_MINUTES * 60);
        }
        const user = await tx
          .selectFrom('users as u')
          .leftJoin('user_credentials as c', 'c.user_id', 'u.id')
          .select((eb) => [
            'u.id',
            'u.email',
            'u.name',
            'u.preferred_language',
            'u.disabled_at',
            'c.password_hash',
            'c.locked_until',
            'c.totp_confirmed_at',
            eb.exists(eb.selectFrom('memberships as m').select('m.id').whereRef('m.user_id', '=', 'u.id')).as('has_membership'),
          ])
          .where('u.email', '=', email)
          .executeTakeFirst();
        return { user, clientHash, accountHash: await pseudonym(tx, `account:${email}`) };
      });
      const { user, clientHash, accountHash } = found;
      // Always verify a hash, so an unknown e-mail costs as much time as a known one.
      const passwordOk = await argon2.verify(user?.password_hash ?? (await dummyHash), password).catch(() => false);
      return withActor(db, context(trace, user?.id ?? null), async (tx): Promise<PasswordResult> => {
        if (user) await logRead(tx, 'login.credentials.read', [user.id], 'professional');
        const locked = lockedMinutes(user?.locked_until ?? null);
        if (user && locked) {
          await audit(tx, 'login.password', { type: 'user', id: user.id }, 'denied', { reason: 'locked' });
          return { outcome: 'locked', minutes: locked };
        }
        if (!user || !user.password_hash || user.disabled_at || !passwordOk) {
          const lockedNow = await recordFailure(tx, user?.id ?? null, accountHash, clientHash);
          if (user) await audit(tx, 'login.password', { type: 'user', id: user.id }, 'failure');
          if (!lockedNow) return { outcome: 'wrong' };
          if (user) await noticeLock(tx, { email: user.email, name: user.name, lang: user.preferred_language, minutes: lockedNow });
          return { outcome: 'locked', minutes: lockedNow };
        }
        await tx.insertInto('login_attempts').values({ account_hash: accountHash, client_hash: clientHash, succeeded: true }).execute();
        await tx.updateTable('user_credentials').set({ failed_attempts: 0 }).where('user_id', '=', user.id).execute();
        await audit(tx, 'login.password', { type: 'user', id: user.id }, 'success');
        return { outcome: 'ok', userId: user.id, totpEnrolled: user.totp_confirmed_at !== null, hasMembership: Boolean(user.has_membership) };
      });
    },

    /** Checks a TOTP code (each time step once) or a recovery code (each code once). */
    async verifySecondFactor(trace: Trace, userId: string, input: string, clientKey: string): Promise<SecondFactorResult> {
      return withActor(db, context(trace, userId), async (tx): Promise<SecondFactorResult> => {
        const credentials = await tx
          .selectFrom('user_credentials')
          .select(['totp_secret', 'totp_last_counter', 'recovery_code_hashes', 'locked_until'])
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (!credentials?.totp_secret) return { outcome: 'wrong' };
        await logRead(tx, 'login.totp.read', [userId], 'professional');
        const locked = lockedMinutes(credentials.locked_until);
        if (locked) return { outcome: 'locked', minutes: locked };
        const code = input.replace(/\s/g, '');
        if (/^\d{6}$/.test(code)) {
          const delta = totp(credentials.totp_secret).validate({ token: code, window: 1 });
          if (delta !== null) {
            const counter = Math.floor(Date.now() / 30_000) + delta;
            if (credentials.totp_last_counter === null || counter > credentials.totp_last_counter) {
              await tx
                .updateTable('user_credentials')
                .set({ totp_last_counter: counter, failed_attempts: 0 })
                .where('user_id', '=', userId)
                .execute();
              await audit(tx, 'login.totp', { type: 'user', id: userId }, 'success');
              return { outcome: 'ok', usedRecoveryCode: false };
            }
          }
        } else if (normaliseRecoveryCode(code).length === 10) {
          const hash = hashRecoveryCode(code);
          const match = credentials.recovery_code_hashes.find((stored) =>
            timingSafeEqual(Buffer.from(stored, 'hex'), Buffer.from(hash, 'hex')),
          );
          if (match) {
            await tx
              .updateTable('user_credentials')
              .set({ recovery_code_hashes: credentials.recovery_code_hashes.filter((stored) => stored !== match), failed_attempts: 0 })
              .where('user_id', '=', userId)
              .execute();
            await audit(tx, 'login.recovery-code', { type: 'user', id: userId }, 'success', {
              remaining: credentials.recovery_code_hashes.length - 1,
            });
            return { outcome: 'ok', usedRecoveryCode: true };
          }
        }
        const clientHash = await pseudonym(tx, `client:${clientKey}`);
        const lockedNow = await recordFailure(tx, userId, await pseudonym(tx, `user:${userId}`), clientHash);
        await audit(tx, 'login.totp', { type: 'user', id: userId }, 'failure');
        if (!lockedNow) return { outcome: 'wrong' };
        const user = await tx.selectFrom('users').select(['email', 'name', 'preferred_language']).where('id', '=', userId).executeTakeFirstOrThrow();
        await noticeLock(tx, { email: user.email, name: user.name, lang: user.preferred_language, minutes: lockedNow });
        return { outcome: 'locked', minutes: lockedNow };
      });
    },

    /** Confirms enrolment with a first valid code; returns the recovery codes to show once. */
    async confirmEnrolment(trace: Trace, userId: string, secret: string, code: string): Promise<string[] | null> {
      const delta = totp(secret).validate({ token: code.replace(/\s/g, ''), window: 1 });
      if (delta === null) return null;
      const recoveryCodes = generateRecoveryCodes();
      await withActor(db, context(trace, userId), async (tx) => {
        await tx
          .updateTable('user_credentials')
          .set({
            totp_secret: secret,
            totp_confirmed_at: new Date(),
            totp_last_counter: Math.floor(Date.now() / 30_000) + delta,
            recovery_code_hashes: recoveryCodes.map(hashRecoveryCode),
          })
          .where('user_id', '=', userId)
          .execute();
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
