import { isEmail } from '../../../platform/http/values.ts';
// The quality score of a service, 0–100, shown to its editors ("Wat kun je verbeteren?"):
// freshness (is it checked within its review interval), completeness (the optional fields that help
// a werkzoekende or a gids decide), and a contact that works. Pure functions: the list, the edit page
// and the tests use the same rules.

export type Freshness = 'ok' | 'soon' | 'overdue';

/** Days before the review date from which an editor is told to check the service soon. */
export const REVIEW_SOON_DAYS = 30;

const DAY = 86_400_000;
const toDay = (value: string) => Date.parse(`${value.slice(0, 10)}T00:00:00Z`);

/** Today in the Netherlands as `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** "controle nodig" once the review date has passed; "binnenkort controleren" in the 30 days before. */
export function freshness(reviewDue: string, today: string): Freshness {
  const days = Math.round((toDay(reviewDue) - toDay(today)) / DAY);
  if (days < 0) return 'overdue';
  if (days <= REVIEW_SOON_DAYS) return 'soon';
  return 'ok';
}

/** `YYYY-MM-DD` as "22 november 2026" (or "22 November 2026"). */
export function formatDate(lang: 'nl' | 'en', value: string): string {
  return new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(toDay(value));
}

/** `YYYY-MM-DD` plus a number of days. */
export function addDays(date: string, days: number): string {
  return new Date(toDay(date) + days * DAY).toISOString().slice(0, 10);
}

export interface QualityInput {
  reviewDue: string;
  waitTime: string | null;
  capacity: string | null;
  deliveryModes: readonly string[];
  locationCount: number;
  keywords: readonly string[];
  contactEmail: string | null;
  contactPhone: string | null;
  contactUrl: string | null;
}

export type QualityPartKey =
  | 'freshness'
  | 'waitTime'
  | 'capacity'
  | 'locations'
  | 'keywords'
  | 'contact'
  | 'contactValid';

export interface QualityPart {
  key: QualityPartKey;
  points: number;
  max: number;
}

export interface Quality {
  score: number;
  freshness: Freshness;
  parts: QualityPart[];
}

/** A Dutch or international number: at least 10 digits, only digits, spaces, +, (, ) and -. */
const PHONE = /^[0-9 +()-]{6,20}$/;

export function isValidEmail(value: string): boolean {
  return isEmail(value) && value.length <= 254;
}

export function isValidPhone(value: string): boolean {
  return PHONE.test(value) && value.replace(/\D/g, '').length >= 10;
}

export function isValidUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

/** Delivery modes that need no address: the service can be complete without a location. */
const REMOTE_MODES = new Set(['online', 'telefonisch', 'aan-huis']);

export function qualityOf(input: QualityInput, today: string): Quality {
  const fresh = freshness(input.reviewDue, today);
  const contacts = [input.contactEmail, input.contactPhone, input.contactUrl].filter((value): value is string => Boolean(value));
  const contactValid =
    contacts.length > 0 &&
    (!input.contactEmail || isValidEmail(input.contactEmail)) &&
    (!input.contactPhone || isValidPhone(input.contactPhone)) &&
    (!input.contactUrl || isValidUrl(input.contactUrl));
  const locationsOk = input.locationCount > 0 || (input.deliveryModes.length > 0 && input.deliveryModes.every((mode) => REMOTE_MODES.has(mode)));
  const parts: QualityPart[] = [
    { key: 'freshness', max: 40, points: fresh === 'ok' ? 40 : fresh === 'soon' ? 25 : 0 },
    { key: 'waitTime', max: 8, points: input.waitTime ? 8 : 0 },
    { key: 'capacity', max: 8, points: input.capacity ? 8 : 0 },
    { key: 'locations', max: 8, points: locationsOk ? 8 : 0 },
    { key: 'keywords', max: 8, points: input.keywords.length > 0 ? 8 : 0 },
    { key: 'contact', max: 8, points: contacts.length > 0 ? 8 : 0 },
    { key: 'contactValid', max: 20, points: contactValid ? 20 : 0 },
  ];
  return { score: parts.reduce((sum, part) => sum + part.points, 0), freshness: fresh, parts };
}
