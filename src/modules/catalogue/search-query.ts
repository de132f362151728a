import { audienceConcepts, conceptText, englishToDutch, termOccurs, themeConcepts, type ConceptWords } from './concepts.ts';
import { splitCompound } from './compounds.ts';
import { audiences, themes } from './taxonomy.ts';

// What someone types, as groups of PostgreSQL `to_tsquery('dutch', …)` expressions: one group per
// word they typed (filler words left out). Each group has
// - `literal`: the word as a prefix ("schuldhulp" finds "schuldhulpverlening"), without a Dutch
//   plural ending ("sollicitaties" → "sollicitatie"), and as its compound parts together
//   ("opleidingskosten" → opleiding & kosten);
// - `expanded`: those, and the words of the concepts the word belongs to (catalogue/concepts.ts:
//   "deurwaarder" → schuld, schuldhulp, …; "debt" → schuld, …), English words in Dutch.
// The search ranks services by how much of the question they cover (search.repository.ts): a group
// that matches nothing lowers the score instead of emptying the list.
// Only letters and digits reach an expression: user input can never change the query's syntax.

export interface QueryGroup {
  /** The word as typed (normalised). */
  typed: string;
  literal: string;
  expanded: string;
}

export interface SearchQuery {
  groups: QueryGroup[];
  /** The normalised words as typed, for highlighting and the typo fallback. */
  words: string[];
}

const MIN_STRIP_LENGTH = 6;
const MAX_EXPANSIONS = 10;

/**
 * Words that carry no need in a question, beyond PostgreSQL's Dutch stop words (which it drops
 * itself): pronouns, question words and verbs of asking, in Dutch and English.
 */
const FILLERS = new Set([
  'ik', 'je', 'jij', 'mij', 'me', 'mijn', 'wij', 'we', 'ons', 'onze', 'hoe', 'wat', 'waar', 'wie', 'welke', 'wanneer', 'waarom', 'kan', 'kun', 'kunnen',
  'wil', 'willen', 'moet', 'moeten', 'mag', 'heb', 'hebben', 'ben', 'zijn', 'is', 'word', 'wordt', 'graag', 'iets', 'niks', 'niets', 'weet', 'weten',
  'gaan', 'ga', 'doen', 'doe', 'krijg', 'krijgen', 'nu', 'meer', 'erg', 'heel', 'echt', 'even', 'eens', 'ook', 'nog', 'al', 'vind', 'goede', 'goed',
  'een', 'de', 'het', 'en', 'of', 'voor', 'met', 'van', 'naar', 'aan', 'op', 'in', 'te', 'er', 'die', 'dat', 'dit', 'deze', 'bij', 'om', 'als', 'maar',
  'the', 'a', 'an', 'and', 'or', 'for', 'to', 'of', 'on', 'my', 'i', 'im', 'me', 'need', 'how', 'what', 'where', 'with', 'is', 'are', 'am', 'do', 'can',
  'want', 'looking', 'find', 'get', 'some', 'any', 'please', 'about', 'at', 'from', 'no', 'not',
]);

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
function term(text: string): string | null {
  const parts = normalise(text).split(' ').filter(Boolean);
  if (parts.length === 0) return null;
  return parts.length === 1 ? `${parts[0]}:*` : `(${parts.map((part, i) => (i === parts.length - 1 ? `${part}:*` : part)).join(' <-> ')})`;
}

const or = (terms: readonly (string | null)[]) => `(${[...new Set(terms.filter((t): t is string => t !== null))].join(' | ')})`;

/** The words a concept stands for in a query: the labels of its theme and its first Dutch words. */
function coreWords(code: string, concept: ConceptWords): string[] {
  const label = [...themes.flatMap((t) => t.children as readonly { code: string; nl: string }[]), ...(audiences as readonly { code: string; nl: string }[])].find((t) => t.code === code)?.nl;
  return [...(label ? [label] : []), ...concept.nl.slice(0, 4)].map((w) => w.trim());
}

const concepts: [string, ConceptWords][] = [...Object.entries(themeConcepts), ...Object.entries(audienceConcepts)];

/** A region's own thesaurus entry (migration T0029): a term people use, and the words services are written in. */
export interface RegionTerm {
  term: string;
  meaning: readonly string[];
}

/** The meanings of the region's terms that the question has at this word (one word, or a phrase starting here). */
function regionMeanings(words: readonly string[], index: number, regionTerms: readonly RegionTerm[]): string[] {
  return regionTerms
    .filter(({ term }) => {
      const parts = term.split(' ');
      return parts.every((part, i) => words[index + i] === part);
    })
    .flatMap(({ meaning }) => meaning);
}

/** The concept words that a word (or the phrase it starts) of the question evokes. */
function expansions(words: readonly string[], index: number, regionTerms: readonly RegionTerm[]): string[] {
  const word = words[index]!;
  const single = conceptText(word);
  const pair = index + 1 < words.length ? conceptText(`${word} ${words[index + 1]}`) : null;
  // The region's own words first: the coordinator added them for this region's questions.
  const out: string[] = [...regionMeanings(words, index, regionTerms), ...(englishToDutch[word] ?? [])];
  for (const [code, concept] of concepts) {
    const terms = [...concept.nl, ...concept.en];
    const evoked = terms.some((t) => (t.includes(' ') ? pair !== null && termOccurs(pair, t) && conceptText(t).trim().startsWith(word) : termOccurs(single, t)));
    if (evoked) out.push(...coreWords(code, concept));
  }
  return [...new Set(out)].slice(0, MAX_EXPANSIONS);
}

/** The words of a question as the search takes them: normalised, without filler words (unless it has nothing else). */
export function questionWords(input: string, maxWords = 8): string[] {
  const typed = normalise(input).split(' ').filter(Boolean);
  const kept = typed.filter((word) => !FILLERS.has(word));
  // A question of filler words only ("wat nu?") is searched as typed.
  return (kept.length > 0 ? kept : typed).slice(0, maxWords);
}

export function buildSearchQuery(input: string, maxWords = 8, regionTerms: readonly RegionTerm[] = []): SearchQuery | null {
  const words = questionWords(input, maxWords);
  if (words.length === 0) return null;
  const groups = words.map((word, index) => {
    const stem = withoutPluralEnding(word);
    // Parts of 3 letters are left to documents: in a question they are more often a typo's pieces ("loop|ban|advies").
    const parts = splitCompound(word);
    const compound = parts && parts.every((part) => part.length >= 4) ? `(${parts.map((part) => `${part}:*`).join(' & ')})` : null;
    const literal = [term(word), stem ? term(stem) : null, compound];
    return { typed: word, literal: or(literal), expanded: or([...literal, ...expansions(words, index, regionTerms).map(term)]) };
  });
  return { groups, words };
}
