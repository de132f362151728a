import { describe, expect, it } from 'vitest';
import { addWorkingDays, amsterdamDay, isWorkingDay } from './working-days.ts';

const at = (iso: string) => new Date(iso);

describe('working days in the Netherlands', () => {
  it('skips weekends, keeping the time of day', () => {
    // Friday 4 December 2026, 16:00 in Amsterdam (15:00 UTC) → Tuesday 8 December, 16:00.
    expect(addWorkingDays(at('2026-12-04T15:00:00Z'), 2).toISOString()).toBe('2026-12-08T15:00:00.000Z');
    expect(addWorkingDays(at('2026-12-07T09:00:00Z'), 2).toISOString()).toBe('2026-12-09T09:00:00.000Z');
  });

  it('skips the public holidays of the library: Christmas, Easter Monday, Ascension, Whit Monday, King’s Day', () => {
    // Thursday 24 December 2026 → Friday 25 and Saturday 26 are off (Kerst), Sunday too → Monday 28, Tuesday 29.
    expect(amsterdamDay(addWorkingDays(at('2026-12-24T10:00:00Z'), 2))).toBe('2026-12-29');
    expect(isWorkingDay(at('2026-04-06T10:00:00Z'))).toBe(false); // Tweede paasdag
    expect(isWorkingDay(at('2026-04-27T10:00:00Z'))).toBe(false); // Koningsdag
    expect(isWorkingDay(at('2026-05-14T10:00:00Z'))).toBe(false); // Hemelvaart
    expect(isWorkingDay(at('2026-05-25T10:00:00Z'))).toBe(false); // Tweede pinksterdag
    expect(isWorkingDay(at('2026-05-05T10:00:00Z'))).toBe(true); // Bevrijdingsdag 2026: not a day off
    expect(isWorkingDay(at('2030-05-06T10:00:00Z'))).toBe(true);
  });

  it('counts a question that arrives in the weekend from the start of Monday, in Amsterdam time (also across the clock change)', () => {
    // Saturday 5 December 2026 → Monday 7 00:00 Amsterdam (23:00 UTC Sunday) + 2 → Wednesday 9, 00:00 Amsterdam.
    expect(addWorkingDays(at('2026-12-05T12:00:00Z'), 2).toISOString()).toBe('2026-12-08T23:00:00.000Z');
    // Saturday 27 June 2026 (summer time, UTC+2) → Wednesday 1 July, 00:00 Amsterdam = 22:00 UTC on 30 June.
    expect(addWorkingDays(at('2026-06-27T12:00:00Z'), 2).toISOString()).toBe('2026-06-30T22:00:00.000Z');
  });

  it('takes the day as Amsterdam sees it: Friday 23:30 in Amsterdam is still Friday', () => {
    // 22:30 UTC on Friday 4 December = 23:30 Amsterdam, Friday → due Tuesday 23:30.
    expect(amsterdamDay(addWorkingDays(at('2026-12-04T22:30:00Z'), 2))).toBe('2026-12-08');
  });
});

describe('working days across the clock change', () => {
  it('keeps the time of day on the Amsterdam clock when summer time ends in between', () => {
    // Friday 23 October 2026, 16:00 summer time (14:00 UTC) → Tuesday 27 October, 16:00 winter time (15:00 UTC).
    expect(addWorkingDays(new Date('2026-10-23T14:00:00Z'), 2).toISOString()).toBe('2026-10-27T15:00:00.000Z');
  });
});
