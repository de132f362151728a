import Holidays from 'date-holidays';

// Working days in the Netherlands: Monday to Friday, minus the public holidays of the maintained
// `date-holidays` library (Nieuwjaar, Pasen, Koningsdag, Hemelvaart, Pinksteren, Kerst, and
// Bevrijdingsdag in the years it is a day off). Deadlines promised to people ("within 2 working
// days") are counted on the calendar and the clock of Europe/Amsterdam.

const TIME_ZONE = 'Europe/Amsterdam';
const DAY_MS = 24 * 3600 * 1000;
const holidays = new Holidays('NL');
const holidayCache = new Map<number, ReadonlySet<string>>();

function publicHolidays(year: number): ReadonlySet<string> {
  let days = holidayCache.get(year);
  if (!days) {
    days = new Set(
      holidays
        .getHolidays(year)
        .filter((holiday) => holiday.type === 'public')
        .map((holiday) => holiday.date.slice(0, 10)),
    );
    holidayCache.set(year, days);
  }
  return days;
}

const localParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const offsetName = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' });

/** The date (YYYY-MM-DD) and the milliseconds since local midnight of a moment in Amsterdam. */
function local(moment: Date): { date: string; msOfDay: number } {
  const parts = Object.fromEntries(localParts.formatToParts(moment).map((part) => [part.type, part.value]));
  const msOfDay = ((Number(parts.hour) * 60 + Number(parts.minute)) * 60 + Number(parts.second)) * 1000 + moment.getUTCMilliseconds();
  return { date: `${parts.year}-${parts.month}-${parts.day}`, msOfDay };
}

/** Amsterdam's offset from UTC at a moment, in milliseconds ("GMT+01:00" → 3 600 000). */
function offsetMs(moment: Date): number {
  const name = offsetName.formatToParts(moment).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * 60_000;
}

/** The moment a local date and time in Amsterdam names (the later one when the clock goes back). */
function fromLocal(date: string, msOfDay: number): Date {
  const asUtc = Date.parse(`${date}T00:00:00Z`) + msOfDay;
  const first = asUtc - offsetMs(new Date(asUtc));
  return new Date(asUtc - offsetMs(new Date(first)));
}

const nextDate = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

function isWorkingDate(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !publicHolidays(Number(date.slice(0, 4))).has(date);
}

/** The date (YYYY-MM-DD) and the hour (0–23) on the clocks of Amsterdam. */
export function amsterdamClockOf(moment: Date): { date: string; hour: number } {
  const { date, msOfDay } = local(moment);
  return { date, hour: Math.floor(msOfDay / 3_600_000) };
}

/** The moment a date and a whole hour in Amsterdam name. */
export const amsterdamMoment = (date: string, hour: number): Date => fromLocal(date, hour * 3_600_000);

/** The day in Amsterdam as YYYY-MM-DD. */
export const amsterdamDay = (moment: Date): string => local(moment).date;

export const isWorkingDay = (moment: Date): boolean => isWorkingDate(local(moment).date);

/**
 * The moment `days` working days after `from`, at the same time of day in Amsterdam: a question that
 * arrives on Friday at 16:00 with 2 working days is due on Tuesday at 16:00; one that arrives in the
 * weekend or on a holiday counts from the start of the next working day.
 */
export function addWorkingDays(from: Date, days: number): Date {
  let { date, msOfDay } = local(from);
  if (!isWorkingDate(date)) {
    while (!isWorkingDate(date)) date = nextDate(date);
    msOfDay = 0;
  }
  for (let left = days; left > 0; ) {
    date = nextDate(date);
    if (isWorkingDate(date)) left -= 1;
  }
  return fromLocal(date, msOfDay);
}
