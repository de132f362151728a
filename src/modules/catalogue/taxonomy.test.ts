import { describe, expect, it } from 'vitest';
import { accessRoutes, audiences, deliveryModes, subthemeCodes, themeOf, themes, type Term } from './taxonomy.ts';

const subthemes: readonly Term[] = themes.flatMap((theme): readonly Term[] => theme.children);

describe('support-need taxonomy', () => {
  it('has unique, URL-safe codes across both levels', () => {
    const codes = [...themes.map((t) => t.code), ...subthemeCodes];
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of [...codes, ...audiences.map((a) => a.code), ...deliveryModes.map((d) => d.code), ...accessRoutes.map((a) => a.code)]) {
      expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it('labels every term in Dutch and English, and explains words a citizen may not know', () => {
    for (const term of [...themes, ...subthemes, ...audiences] as readonly Term[]) {
      expect(term.nl.length).toBeGreaterThan(2);
      expect(term.en.length).toBeGreaterThan(2);
    }
    expect(subthemes.find((term) => term.code === 'ww-uitkering')?.explainNl).toMatch(/UWV/);
  });

  it('finds the theme of a sub-theme', () => {
    expect(themeOf('schuldhulpverlening')).toBe('schulden-en-geldzorgen');
    expect(themeOf('personeel-werven')).toBe('personeel-en-werkgeversvragen');
  });
});
