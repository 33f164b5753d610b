/**
 * Japanese search without pg_bigm or PGroonga (DESIGN.md §6): text is normalised in the app and indexed
 * as a set of character unigrams and bigrams in a tsvector with a GIN index. A 1-character keyword is
 * one unigram term, a 2-character keyword one bigram term, and a longer keyword the AND of its bigrams,
 * then checked exactly against the normalised text so "介護職" does not match "介護" + "護職" apart.
 */

const KATAKANA_START = 0x30a1; // ァ
const KATAKANA_END = 0x30f6; // ヶ
const KATAKANA_TO_HIRAGANA = 0x60;

/** NFKC (full/half width), lower case, and katakana folded to hiragana. */
export function normaliseForSearch(input: string): string {
  const widthFolded = input.normalize('NFKC').toLowerCase();
  let folded = '';
  for (const char of widthFolded) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= KATAKANA_START && code <= KATAKANA_END) {
      folded += String.fromCodePoint(code - KATAKANA_TO_HIRAGANA);
    } else if (char === 'ヽ' || char === 'ヾ') {
      folded += char === 'ヽ' ? 'ゝ' : 'ゞ';
    } else {
      folded += char;
    }
  }
  return folded;
}

/** Runs of letters and digits; punctuation and spaces separate them and never form a term. */
function segments(normalised: string): string[] {
  return normalised.match(/[\p{L}\p{N}]+/gu) ?? [];
}

function addUnigramsAndBigrams(segment: string, into: Set<string>): void {
  const chars = Array.from(segment);
  for (let i = 0; i < chars.length; i++) {
    into.add(chars[i] as string);
    if (i + 1 < chars.length) into.add(`${chars[i]}${chars[i + 1]}`);
  }
}

export interface SearchDocument {
  /** Normalised text, kept beside the terms to check keywords of 3+ characters exactly. */
  text: string;
  /** Unigram and bigram terms of the text and of its readings, plus structured filter tokens. */
  terms: string[];
}

/**
 * Builds the indexed form of a posting. `filterTokens` ("pref:13", "field:office"…) contain a colon,
 * which text terms never do, so a keyword can never match a filter token.
 */
export function buildSearchDocument(
  parts: Array<string | null | undefined>,
  filterTokens: string[],
  /** The readings text of the same parts (lib/readings.ts): its terms carry the `r:` prefix. */
  readingTerms: string[] = [],
): SearchDocument {
  const text = normaliseForSearch(parts.filter((part): part is string => Boolean(part)).join('\n'));
  const terms = new Set<string>([...filterTokens, ...readingTerms]);
  for (const segment of segments(text)) addUnigramsAndBigrams(segment, terms);
  return { text, terms: [...terms] };
}

/**
 * One word of the keyword box as the search looks for it: its text terms (GIN), the exact check of a word
 * of 3+ characters, and, for a word in kana or romaji, the reading it may also be found by.
 */
export interface KeywordWord {
  /** The normalised word: the text must contain it (strpos), which is exact for every length. */
  word: string;
  terms: string[];
}

/** The keyword box split into words, each with its text terms (tiled bigrams, as parseKeywords). */
export function keywordWords(input: string): KeywordWord[] {
  const normalised = normaliseForSearch(input.slice(0, MAX_KEYWORD_LENGTH));
  return segments(normalised)
    .slice(0, MAX_SEGMENTS)
    .map((segment) => ({ word: segment, terms: tiledTerms(segment) }));
}

/** A word's index terms: itself when 1 character, else bigrams that tile it (介護職員 → 介護 & 職員). */
function tiledTerms(segment: string): string[] {
  const chars = Array.from(segment);
  if (chars.length === 1) return [segment];
  const terms = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i += 2) terms.add(`${chars[i]}${chars[i + 1]}`);
  if (chars.length % 2 === 1) terms.add(`${chars[chars.length - 2]}${chars[chars.length - 1]}`);
  return [...terms];
}

export interface KeywordQuery {
  /** Terms every matching document must contain (GIN-indexed). */
  terms: string[];
  /** Segments of 3+ characters the normalised text must contain exactly. */
  phrases: string[];
}

const MAX_KEYWORD_LENGTH = 100;
const MAX_SEGMENTS = 8;

/** Splits a keyword box into AND terms: spaces (half or full width) separate words. */
export function parseKeywords(input: string): KeywordQuery {
  const terms = new Set<string>();
  const phrases = new Set<string>();
  for (const { word, terms: wordTerms } of keywordWords(input)) {
    for (const term of wordTerms) terms.add(term);
    if (Array.from(word).length >= 3) phrases.add(word);
  }
  return { terms: [...terms], phrases: [...phrases] };
}

export interface KeywordCheck {
  /** Whether any letter or digit is left to search for. */
  searchable: boolean;
  /** Symbols and emoji the search cannot use ("🍙", "★"), in the order typed; punctuation merely separates. */
  ignored: string[];
}

/**
 * What the keyword box can search for: a query of only symbols ("🍙", "！") must say it found nothing to
 * search, not list every posting as a match; a mixed one ("介護🍙") says which part was left out.
 */
export function checkKeywords(input: string): KeywordCheck {
  const normalised = normaliseForSearch(input.slice(0, MAX_KEYWORD_LENGTH));
  const ignored = new Set<string>();
  for (const match of normalised.matchAll(/[\p{S}\p{Co}]+/gu)) ignored.add(match[0]);
  return { searchable: segments(normalised).length > 0, ignored: [...ignored] };
}
