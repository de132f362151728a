import { describe, expect, it } from 'vitest';
import { negotiateLang, registeredCatalogues, registerMessages, translator } from './index.ts';

describe('message catalogues', () => {
  it('registers the platform and every module, and refuses a key that another catalogue already has', () => {
    expect(registeredCatalogues().map((catalogue) => catalogue.name)).toEqual(
      expect.arrayContaining(['platform', 'privacy', 'mail', 'organisations', 'editor', 'portal', 'search', 'needfinder', 'opendata']),
    );
    expect(() => registerMessages({ name: 'clash', nl: { 'region.title': 'x' }, en: { 'region.title': 'x' } })).toThrow(/region\.title/);
    expect(() => registerMessages({ name: 'half', nl: { 'half.only': 'x' }, en: {} })).toThrow(/English/);
  });

  it('every Dutch message has an English one with the same placeholders', () => {
    for (const catalogue of registeredCatalogues()) {
      const en = catalogue.en;
      for (const [key, message] of Object.entries(catalogue.nl)) {
        const placeholders = (text: string) => [...text.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]).sort();
        expect(en[key], key).toBeTypeOf('string');
        expect(placeholders(en[key]!), key).toEqual(placeholders(message));
      }
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translator('nl')('region.title', { name: 'Twente' })).toBe('Werkcentrum Twente');
    expect(translator('en')('region.title', {})).toBe('Werkcentrum {name}');
  });

  it('chooses the singular or plural form by the number', () => {
    expect(translator('nl')('admin.users.count', { count: 1 })).toBe('1 gebruiker');
    expect(translator('nl')('admin.users.count', { count: 0 })).toBe('0 gebruikers');
    expect(translator('en')('admin.organisations.count', { count: 12 })).toBe('12 organisations');
  });

  it('prefers the chosen language, then the browser, then Dutch', () => {
    expect(negotiateLang('en', 'nl-NL')).toBe('en');
    expect(negotiateLang(undefined, 'de-DE,en;q=0.8,nl;q=0.5')).toBe('en');
    expect(negotiateLang(undefined, 'fr')).toBe('nl');
    expect(negotiateLang('xx', undefined)).toBe('nl');
  });
});
