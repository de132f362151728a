import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { claimSubmission, completeSubmission, submissionResult } from './submissions.repository.ts';
import type { Tx } from '../db/tenancy.ts';
import type { Database } from '../db/pool.ts';
import { readPlatformSecret } from '../db/secrets.ts';
import { TooManyRequestsError, type FieldError } from './errors.ts';

// Sending a form twice creates one thing. Every form that creates something carries a one-time
// submission key, random and signed into the form's token together with when the form was handed
// out and which form it is, so a captured form cannot be given a fresh key. The route claims the
// key in the same transaction as its write (`submitOnce`): the first use does the write and stores
// its answer; every later use — a double click, a reload, the same form sent from ten other
// addresses — gets that answer and writes nothing. Two uses at once wait for each other on the
// table's primary key. A form can also limit how many accepted submissions one client address sends
// per window; the count is in the database, so every app process shares it.
//
// To use it in a creating form: hand out `issueSubmissionToken(key, form)` in a hidden field, read
// it back with `readSubmissionToken`, re-render a form that failed validation with the same token
// (a second try of the same form is the same submission), and do the write inside
// `submitOnce(tx, scope, submission.key, work)`, answering with the result it returns.

/** How long the store remembers a key (the retention sweep deletes older ones). */
export const SUBMISSION_RETENTION_HOURS = 24;
/** A token must end before the store forgets its key, or a late second use would count as a first. */
export const SUBMISSION_TOKEN_MAX_AGE_MS = 12 * 3600_000;

export interface SubmissionToken {
  /** The token as the form carries it. */
  token: string;
  /** The one-time key: 16 random bytes, base64url. */
  key: string;
  /** When the form was first handed out (ms since the epoch). */
  issuedAt: number;
}

/** The signing key of submission tokens, derived from a platform secret. */
export function submissionSigningKey(platformSecret: Buffer): Buffer {
  return createHmac('sha256', platformSecret).update('werkcentrum:submission-token:v1').digest();
}

const signature = (signingKey: Buffer, form: string, issuedAt: number, key: string) =>
  createHmac('sha256', signingKey).update(`${form}\n${issuedAt}\n${key}`).digest('base64url');

/** `<issued at, base 36>.<key>.<signature>`; the form (e.g. `contact-request:AM05`) is signed in, not carried. */
export function issueSubmissionToken(signingKey: Buffer, form: string, now: number = Date.now()): string {
  const key = randomBytes(16).toString('base64url');
  return `${now.toString(36)}.${key}.${signature(signingKey, form, now, key)}`;
}

/** The token's key and time when it was issued for this form by this platform; null otherwise. Age is the caller's to judge. */
export function readSubmissionToken(signingKey: Buffer, form: string, token: string | undefined): SubmissionToken | null {
  const match = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
  if (!match) return null;
  const issuedAt = parseInt(match[1]!, 36);
  const key = match[2]!;
  const expected = Buffer.from(signature(signingKey, form, issuedAt, key));
  const given = Buffer.from(match[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { token: token!, key, issuedAt };
}

/** The hidden field that carries a creating form's token. */
export const SUBMISSION_FIELD = '_submission';

/**
 * Tokens of the creating forms that signed-in people fill in (a new service, a new account): issued
 * for the form and the person, so no one else can use one. Unlike the public form, there is no
 * minimum age: a professional may well be quick.
 */
export function personalFormTokens(signingKey: Buffer) {
  const formOf = (form: string, userId: string) => `${form}:${userId}`;
  return {
    issue: (form: string, userId: string) => issueSubmissionToken(signingKey, formOf(form, userId)),
    /** The one-time key of a token issued to this person for this form, while the store keeps keys; null otherwise. */
    keyOf(form: string, userId: string, token: unknown, now: number = Date.now()): string | null {
      const submission = readSubmissionToken(signingKey, formOf(form, userId), typeof token === 'string' ? token : undefined);
      return submission && now - submission.issuedAt <= SUBMISSION_TOKEN_MAX_AGE_MS ? submission.key : null;
    },
  };
}

/** The form error when a creating form comes back without a valid token: it is shown again, with a fresh one. */
export const EXPIRED_FORM: readonly FieldError[] = [{ field: 'form', key: 'form.error.csrf' }];

/** The personal form tokens of this platform (signed with a key derived from its cookie secret). */
export async function personalFormTokensOf(db: Database): Promise<ReturnType<typeof personalFormTokens>> {
  return personalFormTokens(submissionSigningKey(await readPlatformSecret(db, 'cookie_key')));
}

/** At most `max` accepted submissions per client address in `windowSeconds`. */
export interface SubmissionLimit {
  client: string;
  max: number;
  windowSeconds: number;
}

/**
 * Runs `work` (the domain write, in the same transaction `tx`) once per key of a scope (the kind
 * of form, e.g. `contact-request`) and stores the string it returns — where to send the person,
 * or the new record's id. A key used before returns that stored result without running `work`.
 * Over the limit it throws `TooManyRequestsError`, which rolls the transaction back, claim included.
 */
export async function submitOnce(
  tx: Tx,
  scope: string,
  key: string,
  work: () => Promise<string>,
  limit?: SubmissionLimit,
): Promise<{ result: string; replayed: boolean }> {
  const claim = await claimSubmission(tx, scope, key, limit);
  // A replayed claim always has its result: a claim and its result commit together.
  if (claim.outcome === 'replay') return { result: claim.result!, replayed: true };
  if (claim.outcome === 'limited') throw new TooManyRequestsError(claim.retry_after!);
  const result = await work();
  await completeSubmission(tx, scope, key, result);
  return { result, replayed: false };
}

/** What a key's first use answered, or null when it was not used (or is forgotten). */
export { submissionResult };
