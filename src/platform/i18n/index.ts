import { nl, en } from './catalogues.ts';

// Message catalogues per language; Dutch is the source of the keys, and the English catalogue
// must have every key (the type checker enforces it).

export type MessageKey = keyof typeof nl;
export type Catalogue = Record<MessageKey, string>;
export const languages = ['nl', 'en'] as const;
export type Lang = (typeof languages)[number];

const catalogues: Record<Lang, Catalogue> = { nl, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

// A small subset of ICU MessageFormat: {name} placeholders, and
// {count, plural, one {# thing} other {# things}} for words that change with a number.
const PLURAL = /\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}/g;
const pluralRules: Record<Lang, Intl.PluralRules> = { nl: new Intl.PluralRules('nl'), en: new Intl.PluralRules('en') };

export function translator(lang: Lang): Translate {
  const catalogue = catalogues[lang];
  return (key, params) => {
    const message = catalogue[key];
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
  return typeof value === 'string' && Object.hasOwn(nl, value);
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
