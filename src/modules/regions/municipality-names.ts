import { distance } from 'fastest-levenshtein';

// The names people use for a municipality, and suggestions for a name typed almost right. CBS names
// some municipalities as nobody says them ("'s-Gravenhage"), in Frisian only ("Súdwest-Fryslân"),
// or with a letter to tell two apart ("Bergen (NH.)"). People type "Den Haag", "Den Bosch",
// "Zuidwest-Friesland", "Bergen", and make small typos ("Enschde"). Matching ignores case, accents,
// spaces and punctuation; a name shared by two municipalities ("Bergen") matches neither and
// suggests both.

/** Case, accents, spaces and punctuation do not matter: "'s-Hertogenbosch" → "shertogenbosch". */
export function normaliseName(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * Common names beside the CBS name, by CBS code: the everyday name of the seat of government and
 * of 's-Hertogenbosch, the short name of Nuenen, and the Dutch names of the Frisian municipalities
 * whose official name is Frisian only (their Dutch names from the municipalities themselves).
 */
export const COMMON_NAMES: Readonly<Record<string, readonly string[]>> = {
  GM0518: ['Den Haag', 'The Hague'],
  GM0796: ['Den Bosch'],
  GM0820: ['Nuenen'],
  GM0737: ['Tietjerksteradeel'],
  GM1891: ['Dantumadeel'],
  GM1900: ['Zuidwest-Friesland'],
  GM1940: ['Friese Meren'],
  GM1970: ['Noordoost-Friesland'],
};

interface Named {
  code: string;
  name: string;
}

/** "Hengelo (O.)" → "Hengelo": the letters that tell two municipalities apart. */
const withoutQualifier = (name: string) => name.replace(/\s*\(.*\)\s*$/, '');

/** Every normalised name a municipality is known by. */
function namesOf(municipality: Named): string[] {
  return [...new Set([municipality.name, withoutQualifier(municipality.name), ...(COMMON_NAMES[municipality.code] ?? [])].map(normaliseName))];
}

/** The municipality a typed name means: exactly one with that name (CBS or common, with or without its letters). */
export function matchMunicipality<T extends Named>(municipalities: readonly T[], input: string): T | undefined {
  const wanted = normaliseName(input);
  if (!wanted) return undefined;
  const exact = municipalities.find((m) => normaliseName(m.name) === wanted);
  if (exact) return exact;
  const matches = municipalities.filter((m) => namesOf(m).includes(wanted));
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * Municipalities a typed name may mean, best first: names that start with or contain it, then names
 * within a few typing mistakes (one for short names, two from 6 letters, three from 10).
 */
export function suggestMunicipalities<T extends Named>(municipalities: readonly T[], input: string, max = 5): T[] {
  const wanted = normaliseName(input);
  if (wanted.length < 2) return [];
  const allowed = wanted.length >= 10 ? 3 : wanted.length >= 6 ? 2 : 1;
  const scored = municipalities.flatMap((municipality) => {
    const score = Math.min(
      ...namesOf(municipality).map((name) => {
        if (name.startsWith(wanted)) return -2;
        if (wanted.length >= 3 && name.includes(wanted)) return -1;
        const typos = Math.min(distance(name, wanted), distance(name.slice(0, wanted.length), wanted) + 1);
        return typos <= allowed ? typos : Number.POSITIVE_INFINITY;
      }),
    );
    return Number.isFinite(score) ? [{ municipality, score }] : [];
  });
  return scored
    .sort((a, b) => a.score - b.score || a.municipality.name.localeCompare(b.municipality.name, 'nl'))
    .slice(0, max)
    .map((entry) => entry.municipality);
}
