import { toHiragana } from 'wanakana';
import { normaliseForSearch } from './search-text.js';

/**
 * The reading side of search (the readings text comes from lib/readings.ts). Reading terms carry the `r:`
 * prefix so they never meet a text term: a kana query looks for its text and, separately, its reading.
 */

const READING_PREFIX = 'r:';
const HIRAGANA_WORD = /^[\p{Script=Hiragana}ー]+$/u;
const LATIN_WORD = /^[a-z]+$/;

/** Unigram and bigram reading terms of a readings text, across word boundaries within a line. */
export function readingTerms(readings: string): string[] {
  const terms = new Set<string>();
  for (const line of readings.split('\n')) {
    const chars = Array.from(line.replace(/ /g, ''));
    for (let i = 0; i < chars.length; i++) {
      terms.add(`${READING_PREFIX}${chars[i]}`);
      if (i + 1 < chars.length) terms.add(`${READING_PREFIX}${chars[i]}${chars[i + 1]}`);
    }
  }
  return [...terms];
}

/**
 * The reading a keyword asks for, or null: hiragana and katakana as typed (folded to hiragana), and a
 * word in plain latin letters read as romaji when it converts wholly to kana (kaigo → かいご), so that
 * someone without a Japanese keyboard is understood; "pc" or "excel" do not convert and search as text.
 */
export function readingOfKeyword(segment: string): string | null {
  const word = normaliseForSearch(segment);
  if (HIRAGANA_WORD.test(word)) return word;
  if (!LATIN_WORD.test(word)) return null;
  const kana = toHiragana(word);
  return HIRAGANA_WORD.test(kana) ? kana : null;
}

export interface ReadingQuery {
  /** The reading looked for, in hiragana. */
  reading: string;
  /** `r:` terms every candidate's index must hold (GIN), tiled as text keywords are. */
  terms: string[];
  /**
   * A regular expression the readings text must match: the reading from the start of a word to the end of
   * a word, any word boundaries in between. So ほうかごじどう finds 放課後 児童, and ごしょ never matches the
   * end of one word and the start of the next (介護 職員).
   */
  pattern: string;
}

export function readingQuery(reading: string): ReadingQuery {
  const chars = Array.from(reading);
  const terms = new Set<string>();
  if (chars.length === 1) terms.add(`${READING_PREFIX}${reading}`);
  // Every overlapping bigram, not a tiling: kana bigrams are far less distinctive than kanji ones
  // (せい, そう are in a third of all readings), and each posting the index lets through is checked with a
  // regular expression on its readings. For せいそう at 100k postings, adding いそ cut the candidates from
  // 61,000 to the postings that really have the sequence.
  for (let i = 0; i + 1 < chars.length; i++) terms.add(`${READING_PREFIX}${chars[i]}${chars[i + 1]}`);
  // Hiragana and ー are never special in a regular expression; nothing else reaches here. The boundary
  // class holds a real space and a real new line, which PostgreSQL, PGlite and JavaScript read alike.
  const boundary = '[ \n]';
  return { reading, terms: [...terms], pattern: `(^|${boundary})${chars.join(' ?')}(${boundary}|$)` };
}
