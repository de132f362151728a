// Opening hours (weekly schedules, ISO weekdays 1 = Monday) read in Europe/Amsterdam: what is open
// today, whether a location is open now, and the week as a table.

import { hhmm } from '../catalogue/catalogue.repository.ts';

export interface OpeningSlot {
  /** ISO weekdays, 1 = Monday. */
  days: readonly number[];
  /** `HH:MM` or `HH:MM:SS` */
  opens: string;
  closes: string;
  note: string | null;
}

export interface DaySlot {
  opens: string;
  closes: string;
  note: string | null;
}

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The ISO weekday and the minute of the day in Amsterdam at a moment. */
export function amsterdamClock(now: Date = new Date()): { isoDay: number; minutes: number } {
  const values = Object.fromEntries(parts.formatToParts(now).map((p) => [p.type, p.value]));
  return { isoDay: WEEKDAY[values.weekday ?? 'Mon'] ?? 1, minutes: Number(values.hour) * 60 + Number(values.minute) };
}

const minutesOf = (value: string): number => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));

/** The opening times of one weekday, earliest first. */
export function slotsOn(hours: readonly OpeningSlot[], isoDay: number): DaySlot[] {
  return hours
    .filter((slot) => slot.days.includes(isoDay))
    .map((slot) => ({ opens: hhmm(slot.opens), closes: hhmm(slot.closes), note: slot.note }))
    .sort((a, b) => a.opens.localeCompare(b.opens));
}

export function isOpenAt(hours: readonly OpeningSlot[], now: Date = new Date()): boolean {
  const { isoDay, minutes } = amsterdamClock(now);
  return slotsOn(hours, isoDay).some((slot) => minutesOf(slot.opens) <= minutes && minutes < minutesOf(slot.closes));
}

/** Monday to Sunday, each with its opening times (none: closed). */
export function week(hours: readonly OpeningSlot[]): { isoDay: number; slots: DaySlot[] }[] {
  return [1, 2, 3, 4, 5, 6, 7].map((isoDay) => ({ isoDay, slots: slotsOn(hours, isoDay) }));
}

export interface Today {
  isoDay: number;
  slots: DaySlot[];
  openNow: boolean;
}

export function today(hours: readonly OpeningSlot[], now: Date = new Date()): Today {
  const { isoDay } = amsterdamClock(now);
  return { isoDay, slots: slotsOn(hours, isoDay), openNow: isOpenAt(hours, now) };
}
