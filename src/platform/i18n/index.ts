import { platformCatalogues } from './catalogues.ts';

// Message catalogues per language. Each catalogue (`<module>.messages.ts`) exports `nl` and `en`,
// Dutch the source of the keys, English typed to have every key; it adds its keys to `Messages` by
// declaration merging, so `t(key)` is checked at compile time, and is registered at start, so the
// platform never imports a module. Keys are namespaced by module: registering a key twice is a bug.

/** Every message key of every catalogue (each `*.messages.ts` extends it). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface Messages {}
export type MessageKey = keyof Messages & string;
export const languages = ['nl', 'en'] as const;
export type Lang = (typeof languages)[number];

export interface MessageCatalogue {
  name: string;
  nl: Readonly<Record<string, string>>;
  en: Readonly<Record<string, string>>;
}

const catalogues: Record<Lang, Map<string, string>> = { nl: new Map(), en: new Map() };
const owners = new Map<string, string>();
const registered: MessageCatalogue[] = [];

/** Adds a module's messages; a key another catalogue already has, or a Dutch key without English, is refused. */
export function registerMessages(catalogue: MessageCatalogue): void {
  if (registered.some((entry) => entry.name === catalogue.name)) return;
  for (const key of Object.keys(catalogue.nl)) {
    const owner = owners.get(key);
    if (owner) throw new Error(`message key ${key} is defined by both ${owner} and ${catalogue.name}`);
    if (typeof catalogue.en[key] !== 'string') throw new Error(`message key ${key} of ${catalogue.name} has no English text`);
  }
  for (const key of Object.keys(catalogue.nl)) {
    owners.set(key, catalogue.name);
    catalogues.nl.set(key, catalogue.nl[key]!);
    catalogues.en.set(key, catalogue.en[key]!);
  }
  registered.push(catalogue);
}

/** The catalogues registered so far, platform first. */
export const registeredCatalogues = (): readonly MessageCatalogue[] => registered;

for (const catalogue of platformCatalogues) registerMessages(catalogue);

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

// A small subset of ICU MessageFormat: {name} placeholders, and
// {count, plural, one {# thing} other {# things}} for words that change with a number.
const PLURAL = /\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}/g;
const pluralRules: Record<Lang, Intl.PluralRules> = { nl: new Intl.PluralRules('nl'), en: new Intl.PluralRules('en') };

export function translator(lang: Lang): Translate {
  const catalogue = catalogues[lang];
  return (key, params) => {
    // An unregistered key shows as itself rather than as "undefined": visible, and found by the tests.
    const message = catalogue.get(key) ?? key;
    if (!params) return message;
    return message
      .replace(PLURAL, (whole, name: string, one: string, other: string) => {
        const value = params[name];
        if (typeof value !== 'number') return whole;
        return (pluralRules[lang].select(value) === 'one' ? one : other).replace(/#/g, String(value));
      })
      .replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === 'string' && catalogues.nl.has(value);
}

export function isLang(value: unknown): value is Lang {
  return value === 'nl' || value === 'en';
}

/** Picks the language: explicit choice (cookie) first, then the browser's preference, then Dutch. */
export function negotiateLang(cookie: string | undefined, acceptLanguage: string | undefined): Lang {
  if (isLang(cookie)) return cookie;
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .map((part) => {
        const [tag = '', ...params] = part.trim().split(';');
        const q = params.find((p) => p.trim().startsWith('q='));
        return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
      })
      .filter((entry) => isLang(entry.lang) && Number.isFinite(entry.q))
      .sort((a, b) => b.q - a.q);
    if (ranked[0]) return ranked[0].lang as Lang;
  }
  return 'nl';
}

const collators: Record<Lang, Intl.Collator> = {
  nl: new Intl.Collator('nl', { sensitivity: 'base' }),
  en: new Intl.Collator('en', { sensitivity: 'base' }),
};

/** Dutch sorting in the app: PGlite has no ICU collations. */
export function compareNames(lang: Lang = 'nl') {
  return collators[lang].compare;
}

const dateTimeFormats: Record<Lang, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }),
};

/** Times are stored in UTC and shown in Europe/Amsterdam. */
export function formatDateTime(lang: Lang, value: Date): string {
  return dateTimeFormats[lang].format(value);
}
