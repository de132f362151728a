import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { COMMON_NAMES, matchMunicipality, suggestMunicipalities } from './municipality-names.ts';

// Against the 342 municipalities of the reference data (CBS 2025), not a hand-picked few.

const municipalities = (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../seed/data/gemeenten_2025_centroids.json'), 'utf8')) as { code: string; name: string }[]).map(
  ({ code, name }) => ({ code, name }),
);
const named = (input: string) => matchMunicipality(municipalities, input)?.name;
const suggested = (input: string) => suggestMunicipalities(municipalities, input).map((m) => m.name);

describe('municipality names', () => {
  it('knows every municipality by its CBS name, in any case, without accents or punctuation', () => {
    expect(municipalities).toHaveLength(342);
    for (const municipality of municipalities) expect(named(municipality.name.toUpperCase().replace(/[-']/g, ' '))).toBe(municipality.name);
  });

  it('knows the names people use: Den Haag, Den Bosch, the Dutch names of Frisian municipalities, names without their letters', () => {
    expect(named('Den Haag')).toBe("'s-Gravenhage");
    expect(named('den bosch')).toBe("'s-Hertogenbosch");
    expect(named('Zuidwest-Friesland')).toBe('Súdwest-Fryslân');
    expect(named('Nuenen')).toBe('Nuenen, Gerwen en Nederwetten');
    expect(named('Hengelo')).toBe('Hengelo (O.)');
    // Every common name is of a municipality that exists.
    for (const code of Object.keys(COMMON_NAMES)) expect(municipalities.some((m) => m.code === code), code).toBe(true);
  });

  it('matches no municipality where two share the name, and suggests both', () => {
    expect(named('Bergen')).toBeUndefined();
    expect(suggested('Bergen')).toEqual(expect.arrayContaining(['Bergen (L.)', 'Bergen (NH.)']));
  });

  it('suggests by similarity for small typos, and nothing for a word that is no municipality', () => {
    expect(suggested('Enschde')[0]).toBe('Enschede');
    expect(suggested('Amsterdm')[0]).toBe('Amsterdam');
    expect(suggested('Den Hag')[0]).toBe("'s-Gravenhage");
    expect(suggested('Groningn')[0]).toBe('Groningen');
    expect(suggested('Den Helder')[0]).toBe('Den Helder');
    expect(suggested('qwxz')).toEqual([]);
    expect(suggested('werk')).toEqual([]);
  });
});
