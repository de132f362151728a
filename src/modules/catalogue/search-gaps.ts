import { createHmac, randomBytes } from 'node:crypto';

// "Zoekvragen zonder goed resultaat": what a region's visitors ask that finds nothing or little,
// counted without personal data (migration T0029). A question is kept only as its anonymised words:
// every word with a digit (numbers, postcodes, phone numbers, dates), with "@" or in the form of a
// web address goes, and so does every word typed with a capital after the first (names: "werk bij
// Jansen" → "werk bij"). What remains can still be rare enough to point at someone, so the coordinator
// sees a question only once several different visitors asked it (MIN_VISITORS). Visitors are told
// apart by a keyed code of their address and browser, held in this process's memory for the day
// only, with a key that changes every day and is never stored: the database holds counts.

/** A question is shown to the coordinator once this many different visitors asked it. */
export const MIN_VISITORS = 3;
/** A search with fewer results than this counts as "few". */
export const FEW_RESULTS = 3;
const MAX_WORDS = 8;
const MAX_LENGTH = 120;

/** The question without anything that looks like personal data, in lower case; null when nothing is left. */
export function anonymiseQuestion(input: string): string | null {
  const typed = input.normalize('NFC').split(/\s+/).filter(Boolean);
  const kept = typed.filter((word, index) => {
    if (/[0-9@]/.test(word) || /^(https?:|www\.)/i.test(word) || /\.[a-z]{2,}$/i.test(word)) return false;
    // A capital after the first word is taken for a name; a capital at the start is how people type.
    return index === 0 || !/^\p{Lu}/u.test(word);
  });
  const words = kept
    .map((word) => word.toLowerCase().replace(/[^\p{L}'-]/gu, ''))
    .filter((word) => word.length > 0)
    .slice(0, MAX_WORDS);
  const question = words.join(' ').slice(0, MAX_LENGTH).trim();
  return question.length >= 2 ? question : null;
}

/**
 * Tells whether a visitor asks a question for the first time today, without keeping who they are:
 * per question the keyed codes of today's visitors, emptied when the day (and the key) changes.
 */
export class VisitorCounter {
  #day = '';
  #key = randomBytes(32);
  #seen = new Map<string, Set<string>>();

  constructor(private readonly maxQuestions = 50_000) {}

  /** True when this visitor (address and browser) had not asked this question in this region today. */
  isNew(regionCode: string, question: string, address: string, browser: string, now = new Date()): boolean {
    const day = now.toISOString().slice(0, 10);
    if (day !== this.#day || this.#seen.size >= this.maxQuestions) {
      this.#day = day;
      this.#key = randomBytes(32);
      this.#seen = new Map();
    }
    const visitor = createHmac('sha256', this.#key).update(`${address}\n${browser}`).digest('base64url').slice(0, 16);
    const slot = `${regionCode}|${question}`;
    let visitors = this.#seen.get(slot);
    if (!visitors) this.#seen.set(slot, (visitors = new Set()));
    if (visitors.has(visitor)) return false;
    visitors.add(visitor);
    return true;
  }
}
