import { synonyms } from './synonyms.ts';

// Turns what someone types into a PostgreSQL `to_tsquery('dutch', …)` expression:
// - every word becomes a prefix match, so "schuldhulp" finds "schuldhulpverlening" (compounds);
// - a Dutch plural ending is also tried without it, so "sollicitaties" finds "sollicitatietraining";
// - phrases and words from the synonym list add the words services are written in ("baan kwijt" → ww);
// - words are AND-ed, alternatives of one word OR-ed.
// Only letters and digits reach the expression: user input can never change the query's syntax.
// The typed words are also returned, for the trigram fallback on typos and for highlighting.

export interface SearchQuery {
  /** For `to_tsquery('dutch', $1)`. */
  tsquery: string;
  /** The normalised words as typed, for `word_similarity` and highlighting. */
  words: string[];
}

const MIN_STRIP_LENGTH = 6;

function normalise(input: string): string {
  return input
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** "sollicitaties" → "sollicitatie", "schulden" → "schuld", "cursussen" → "cursus". */
function withoutPluralEnding(word: string): string | undefined {
  if (word.length < MIN_STRIP_LENGTH) return undefined;
  for (const ending of ['ssen', 'en', 's']) {
    if (word.endsWith(ending)) {
      const stem = word.slice(0, -ending.length) + (ending === 'ssen' ? 's' : '');
      return stem.length >= 4 ? stem : undefined;
    }
  }
  return undefined;
}

/** A term as tsquery: one word as a prefix, several words as a phrase (`a <-> b:*`). */
function term(text: string): string {
  const parts = normalise(text).split(' ').filter(Boolean);
  return parts.length === 1 ? `${parts[0]}:*` : `(${parts.map((part, i) => (i === parts.length - 1 ? `${part}:*` : part)).join(' <-> ')})`;
}

export function buildSearchQuery(input: string, maxWords = 8): SearchQuery | null {
  const words = normalise(input).split(' ').filter(Boolean).slice(0, maxWords);
  if (words.length === 0) return null;

  // Phrases from the synonym list take their words together ("baan kwijt").
  const groups: string[][] = [];
  for (let i = 0; i < words.length; i++) {
    const pair = i + 1 < words.length ? `${words[i]} ${words[i + 1]}` : undefined;
    const word = words[i]!;
    if (pair && synonyms[pair]) {
      groups.push([pair, ...synonyms[pair]]);
      i++;
    } else {
      const stem = withoutPluralEnding(word);
      groups.push([word, ...(stem ? [stem] : []), ...(synonyms[word] ?? [])]);
    }
  }
  const tsquery = groups.map((alternatives) => `(${[...new Set(alternatives.map(term))].join(' | ')})`).join(' & ');
  return { tsquery, words };
}
