import { describe, expect, it } from 'vitest';
import { amsterdamClock, isOpenAt, today, week } from './opening-hours.ts';
import { checkFormToken, FORM_MAX_AGE_MS, formTokenKey, issueFormToken } from './form-token.ts';
import { SUBMISSION_TOKEN_MAX_AGE_MS } from '../../platform/http/submissions.ts';

const hours = [
  { days: [1, 2, 3, 4, 5], opens: '09:00:00', closes: '17:00:00', note: null },
  { days: [4], opens: '18:30', closes: '20:30', note: 'Avondspreekuur' },
];

describe('opening hours in Europe/Amsterdam', () => {
  it('reads the Amsterdam clock in winter and summer time, not the server’s', () => {
    // Thursday 2026-11-26 08:30 UTC is 09:30 in Amsterdam (UTC+1).
    expect(amsterdamClock(new Date('2026-11-26T08:30:00Z'))).toEqual({ isoDay: 4, minutes: 9 * 60 + 30 });
    // Sunday 2026-07-05 22:30 UTC is Monday 00:30 in Amsterdam (UTC+2).
    expect(amsterdamClock(new Date('2026-07-05T22:30:00Z'))).toEqual({ isoDay: 1, minutes: 30 });
  });

  it('is open inside a slot and closed at closing time, between slots and on closed days', () => {
    expect(isOpenAt(hours, new Date('2026-11-26T08:00:00Z'))).toBe(true); // Thu 09:00
    expect(isOpenAt(hours, new Date('2026-11-26T07:59:00Z'))).toBe(false); // Thu 08:59
    expect(isOpenAt(hours, new Date('2026-11-26T16:00:00Z'))).toBe(false); // Thu 17:00
    expect(isOpenAt(hours, new Date('2026-11-26T18:00:00Z'))).toBe(true); // Thu 19:00, evening
    expect(isOpenAt(hours, new Date('2026-11-27T18:00:00Z'))).toBe(false); // Fri 19:00
    expect(isOpenAt(hours, new Date('2026-11-29T10:00:00Z'))).toBe(false); // Sunday
  });

  it('lists today’s slots in order and the whole week', () => {
    const thursday = today(hours, new Date('2026-11-26T12:00:00Z'));
    expect(thursday).toEqual({
      isoDay: 4,
      openNow: true,
      slots: [
        { opens: '09:00', closes: '17:00', note: null },
        { opens: '18:30', closes: '20:30', note: 'Avondspreekuur' },
      ],
    });
    expect(week(hours).map((day) => day.slots.length)).toEqual([1, 1, 1, 2, 1, 0, 0]);
  });
});

describe('the contact form token', () => {
  const key = formTokenKey(Buffer.from('secret'));
  const status = (...args: Parameters<typeof checkFormToken>) => checkFormToken(...args).status;
  it('accepts a form filled in after a few seconds and within two hours, for the region it was made for', () => {
    const issued = Date.UTC(2026, 10, 26, 10);
    const token = issueFormToken(key, 'AM05', issued);
    expect(status(key, 'AM05', token, issued + 1_000)).toBe('too-fast');
    expect(status(key, 'AM05', token, issued + 5_000)).toBe('ok');
    expect(status(key, 'AM05', token, issued + 2 * 3600_000 + 1)).toBe('expired');
    expect(status(key, 'AM18', token, issued + 5_000)).toBe('invalid');
    expect(status(formTokenKey(Buffer.from('other')), 'AM05', token, issued + 5_000)).toBe('invalid');
    // Changing the time in the token breaks the signature.
    const [, submissionKey, signature] = token.split('.');
    expect(status(key, 'AM05', `${(issued - 60_000).toString(36)}.${submissionKey}.${signature}`, issued + 5_000)).toBe('invalid');
    expect(status(key, 'AM05', undefined)).toBe('invalid');
    expect(status(key, 'AM05', 'x'.repeat(300))).toBe('invalid');
  });

  it('carries a one-time submission key that lives longer than the form may stay open', () => {
    const issued = Date.now() - 10_000;
    const check = checkFormToken(key, 'AM05', issueFormToken(key, 'AM05', issued));
    expect(check).toMatchObject({ status: 'ok', submission: { issuedAt: issued, key: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) } });
    expect(FORM_MAX_AGE_MS).toBeLessThanOrEqual(SUBMISSION_TOKEN_MAX_AGE_MS);
  });
});
