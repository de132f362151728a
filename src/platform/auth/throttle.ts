import type { Tx } from '../db/tenancy.ts';
import {
  accountFailures,
  countClientFailures,
  deleteAccountFailures,
  insertFailedAttempt,
  lockKey,
  markAttemptSucceeded,
  pseudonym,
  pseudonyms,
} from './auth.repository.ts';

// Counting failed logins so that the limits hold when requests arrive at the same moment: a check
// and the write it allows happen under a transaction-level lock on the key they count (one client
// address, one account), and a login attempt is counted as failed from the moment it is allowed,
// before its password is checked. Accounts are counted by a hash of the e-mail address, whether or
// not an account exists, so a lock never tells that an address is known.

/** Wrong passwords or codes per account in the window before the account is locked. */
export const ACCOUNT_FAILURES_BEFORE_LOCK = 5;
/** Failed logins per client address in the window before it gets 429. */
export const CLIENT_FAILURES_PER_WINDOW = 30;
export const WINDOW_MINUTES = 15;

// Advisory lock classes (the two-key form): one per kind of key, always taken client before account,
// so two requests never wait for each other crosswise.
const LOCK_CLIENT = 0x5743_0001;
const LOCK_ACCOUNT = 0x5743_0002;

export interface ThrottleKeys {
  clientHash: string;
  accountHash: string;
}

export const accountHashOf = (tx: Tx, email: string) => pseudonym(tx, `account:${email}`);

/** The hashes a login (or reset request) from a client address for an e-mail address is counted by. */
export async function throttleKeys(tx: Tx, email: string, clientKey: string): Promise<ThrottleKeys> {
  const [clientHash, accountHash] = await pseudonyms(tx, [`client:${clientKey}`, `account:${email}`]);
  return { clientHash: clientHash!, accountHash: accountHash! };
}

// The first 32 bits of the (uniformly distributed) hash are key enough: a collision only makes two keys wait for each other.
const lockKeyOf = (hash: string) => Number.parseInt(hash.slice(0, 8), 16) | 0;

/** Holds the lock on a client address until the transaction ends. Take it before `lockAccount`. */
export const lockClient = (tx: Tx, clientHash: string) => lockKey(tx, LOCK_CLIENT, lockKeyOf(clientHash));
/** Holds the lock on an account (hash) until the transaction ends. */
export const lockAccount = (tx: Tx, accountHash: string) => lockKey(tx, LOCK_ACCOUNT, lockKeyOf(accountHash));

/** Failed logins from a client address in the window, attempts still being checked included. */
export const clientFailures = (tx: Tx, clientHash: string) => countClientFailures(tx, clientHash, WINDOW_MINUTES);

export interface AccountState {
  /** Failures in the window, attempts still being checked included. */
  failures: number;
  /** Set while the account is locked: when the oldest of the failures that locked it leaves the window. */
  lockedUntil: Date | null;
}

export async function accountState(tx: Tx, accountHash: string): Promise<AccountState> {
  const { failures, nthAt } = await accountFailures(tx, accountHash, WINDOW_MINUTES, ACCOUNT_FAILURES_BEFORE_LOCK);
  return { failures, lockedUntil: nthAt && new Date(nthAt.getTime() + WINDOW_MINUTES * 60_000) };
}

/** Minutes until a lock ends, rounded up, as the login page says it. */
export const minutesUntil = (until: Date) => Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));

/** After a failure that was the last one allowed (`wasLast`): the minutes of the lock it started, if it did. */
export async function lockStartedBy(tx: Tx, accountHash: string, wasLast: boolean): Promise<number | null> {
  if (!wasLast) return null;
  const { lockedUntil } = await accountState(tx, accountHash);
  return lockedUntil ? minutesUntil(lockedUntil) : null;
}

/** Counts an attempt as failed; returns its id, so a right password can turn it into a success. */
export const recordFailure = (tx: Tx, keys: ThrottleKeys) => insertFailedAttempt(tx, keys.accountHash, keys.clientHash);
export const recordSuccess = markAttemptSucceeded;

/** Forgets an account's failures: after a password reset by the account holder, the lock ends. */
export const clearAccountFailures = deleteAccountFailures;
