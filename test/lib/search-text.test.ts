import { describe, expect, it } from 'vitest';
import { toTsqueryLiteral } from '../../src/db/tsvector.js';
import { buildSearchDocument, normaliseForSearch, parseKeywords } from '../../src/lib/search-text.js';

describe('normaliseForSearch', () => {
  it('folds full-width and half-width forms (NFKC)', () => {
    expect(normaliseForSearch('ＡＢＣ１２３')).toBe('abc123');
    expect(normaliseForSearch('ｶｲｺﾞ')).toBe('かいご');
  });

  it('folds katakana to hiragana so either script finds the other', () => {
    expect(normaliseForSearch('ヘルパー')).toBe('へるぱー');
    expect(normaliseForSearch('へるぱー')).toBe('へるぱー');
  });

  it('leaves kanji alone', () => {
    expect(normaliseForSearch('介護職員')).toBe('介護職員');
  });
});

describe('buildSearchDocument', () => {
  it('indexes every unigram and every bigram inside a word, never across punctuation', () => {
    const { terms } = buildSearchDocument(['介護・事務'], []);
    expect(terms).toEqual(expect.arrayContaining(['介', '護', '事', '務', '介護', '事務']));
    expect(terms).not.toContain('護事');
    expect(terms).not.toContain('護・');
  });

  it('keeps filter tokens apart from text terms', () => {
    const { terms } = buildSearchDocument(['pref 13'], ['pref:13']);
    expect(terms).toContain('pref:13');
    expect(parseKeywords('pref:13').terms).not.toContain('pref:13');
  });
});

describe('parseKeywords', () => {
  it('turns a 1-character keyword into one unigram and a 2-character keyword into one bigram', () => {
    expect(parseKeywords('介')).toEqual({ terms: ['介'], phrases: [] });
    expect(parseKeywords('介護')).toEqual({ terms: ['介護'], phrases: [] });
  });

  it('turns a longer keyword into its bigrams plus an exact phrase check', () => {
    expect(parseKeywords('介護職')).toEqual({ terms: ['介護', '護職'], phrases: ['介護職'] });
    expect(parseKeywords('介護職員')).toEqual({ terms: ['介護', '職員'], phrases: ['介護職員'] });
  });

  it('splits on half- and full-width spaces for AND', () => {
    expect(parseKeywords('介護　調理').terms).toEqual(['介護', '調理']);
  });

  it('quotes terms so quotes and backslashes cannot break out of the tsquery', () => {
    expect(toTsqueryLiteral(["a'b", 'c\\d'])).toBe("'a''b' & 'c\\\\d'");
  });
});
