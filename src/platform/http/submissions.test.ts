import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';
import { anonymous, withActor } from '../db/tenancy.ts';
import { newTrace } from './trace.ts';
import { TooManyRequestsError } from './errors.ts';
import {
  issueSubmissionToken,
  readSubmissionToken,
  submissionResult,
  submissionSigningKey,
  submitOnce,
  SUBMISSION_RETENTION_HOURS,
  SUBMISSION_TOKEN_MAX_AGE_MS,
} from './submissions.ts';

// The platform's one-time submission keys: the signed token a form carries, and the store that
// runs a form's write once per key, in the write's own transaction.

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ demo: false });
});
afterAll(async () => db?.destroy());

const newKey = () => randomBytes(16).toString('base64url');
const inTransaction = <T>(work: Parameters<typeof withActor<T>>[2]) => withActor(db, { actor: anonymous, trace: newTrace() }, work);

describe('submission tokens', () => {
  const signingKey = submissionSigningKey(randomBytes(32));

  it('carry a fresh random key and the time of issue, bound to the form they were issued for', () => {
    const now = Date.now();
    const token = issueSubmissionToken(signingKey, 'contact-request:AM05', now);
    const read = readSubmissionToken(signingKey, 'contact-request:AM05', token);
    expect(read).toEqual({ token, key: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), issuedAt: now });
    expect(readSubmissionToken(signingKey, 'contact-request:AM05', issueSubmissionToken(signingKey, 'contact-request:AM05', now))!.key).not.toBe(read!.key);
    expect(readSubmissionToken(signingKey, 'contact-request:AM18', token)).toBeNull();
    expect(readSubmissionToken(submissionSigningKey(randomBytes(32)), 'contact-request:AM05', token)).toBeNull();
  });

  it('cannot be given another key or time: a captured form stays one submission', () => {
    const [time, , mac] = issueSubmissionToken(signingKey, 'service-create').split('.');
    expect(readSubmissionToken(signingKey, 'service-create', `${time}.${newKey()}.${mac}`)).toBeNull();
    const [, key, mac2] = issueSubmissionToken(signingKey, 'service-create').split('.');
    expect(readSubmissionToken(signingKey, 'service-create', `${(Date.now() - 60_000).toString(36)}.${key}.${mac2}`)).toBeNull();
    for (const garbage of [undefined, '', 'abc', 'a.b.c']) expect(readSubmissionToken(signingKey, 'service-create', garbage)).toBeNull();
  });

  it('end well before the store forgets their key', () => {
    expect(SUBMISSION_TOKEN_MAX_AGE_MS).toBeLessThan(SUBMISSION_RETENTION_HOURS * 3600_000);
  });
});

describe('submitOnce', () => {
  it('runs the work once per key and answers a second use with the first result', async () => {
    const key = newKey();
    let runs = 0;
    const submit = (result: string) => inTransaction((tx) => submitOnce(tx, 'test-form', key, async () => (runs++, result)));
    expect(await submit('/eerste')).toEqual({ result: '/eerste', replayed: false });
    expect(await submit('/tweede')).toEqual({ result: '/eerste', replayed: true });
    expect(runs).toBe(1);
    expect(await inTransaction((tx) => submissionResult(tx, 'test-form', key))).toBe('/eerste');
    expect(await inTransaction((tx) => submissionResult(tx, 'other-form', key))).toBeNull();
  });

  it('makes a second use wait while the first is still writing, then gives it the first result', async () => {
    const key = newKey();
    let release!: () => void;
    const writing = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const firstStarted = new Promise<void>((resolve) => (started = resolve));
    const first = inTransaction((tx) =>
      submitOnce(tx, 'test-form', key, async () => {
        started();
        await writing;
        return '/eerste';
      }),
    );
    await firstStarted;
    // On a server the second transaction now waits on the key's index entry; on PGlite (one
    // connection) it waits for the first transaction to end. Either way it must not run its work.
    const second = inTransaction((tx) => submitOnce(tx, 'test-form', key, async () => '/tweede'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    expect(await first).toEqual({ result: '/eerste', replayed: false });
    expect(await second).toEqual({ result: '/eerste', replayed: true });
  });

  it('leaves the key unused when the work fails, so the same form can be sent again', async () => {
    const key = newKey();
    await expect(inTransaction((tx) => submitOnce(tx, 'test-form', key, async () => Promise.reject(new Error('kapot'))))).rejects.toThrow('kapot');
    expect(await inTransaction((tx) => submitOnce(tx, 'test-form', key, async () => '/gelukt'))).toEqual({ result: '/gelukt', replayed: false });
  });

  it('limits accepted submissions per client address, counting only those that went through', async () => {
    const limit = { client: '192.0.2.7', max: 2, windowSeconds: 3600 };
    const submit = (key: string, work: () => Promise<string> = async () => '/ok') => inTransaction((tx) => submitOnce(tx, 'limited-form', key, work, limit));
    await expect(submit(newKey(), async () => Promise.reject(new Error('ongeldig')))).rejects.toThrow();
    await submit(newKey());
    const second = newKey();
    await submit(second);
    const refused = submit(newKey());
    await expect(refused).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: expect.any(Number) });
    // A second use of an accepted key is not a new submission: it still gets its result.
    expect(await submit(second)).toEqual({ result: '/ok', replayed: true });
    // Other clients and other forms have their own count.
    expect((await inTransaction((tx) => submitOnce(tx, 'limited-form', newKey(), async () => '/ok', { ...limit, client: '192.0.2.8' }))).replayed).toBe(false);
    expect((await inTransaction((tx) => submitOnce(tx, 'other-form', newKey(), async () => '/ok', limit))).replayed).toBe(false);
  });

  it('never lets two submissions at once from one client both be the last one allowed', async () => {
    const limit = { client: '192.0.2.9', max: 3, windowSeconds: 3600 };
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () => inTransaction((tx) => submitOnce(tx, 'race-form', newKey(), async () => '/ok', limit))),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    expect(outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof TooManyRequestsError)).toHaveLength(3);
  });

  it('keeps the stores from the application roles: only the functions, which need the key, reach them', async () => {
    for (const table of ['form_submissions', 'idempotency_keys']) {
      await expect(inTransaction((tx) => sql.raw(`select * from ${table}`).execute(tx))).rejects.toThrow(/permission denied/);
    }
  });
});
