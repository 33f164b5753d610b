import { afterAll, describe, expect, it } from 'vitest';
import { ReadingAnalyser, readingsFromTokens } from '../../src/lib/readings.js';
import { readingOfKeyword, readingQuery, readingTerms } from '../../src/lib/search-readings.js';

const analyser = new ReadingAnalyser();
afterAll(() => analyser.close());

/** Whether a reading keyword would match a text, the way the search checks candidates. */
async function readingMatches(text: string, keyword: string): Promise<boolean> {
  const [readings = ''] = await analyser.readingsOf([text]);
  const reading = readingOfKeyword(keyword);
  if (!reading) return false;
  const query = readingQuery(reading);
  const terms = new Set(readingTerms(readings));
  return query.terms.every((term) => terms.has(term)) && new RegExp(query.pattern, 'u').test(readings);
}

describe('readings of posting text', () => {
  it('reads kanji words in hiragana, one word at a time', async () => {
    const [readings] = await analyser.readingsOf(['介護職員初任者研修']);
    expect(readings).toBe('かいご しょくいん しょにん しゃ けんしゅう');
  });

  it('breaks the run at words it cannot read and at punctuation, so a reading never spans them', async () => {
    const [readings] = await analyser.readingsOf(['PCで事務。清掃も']);
    expect(readings?.split('\n')).toEqual(['で じむ', 'せいそう も']);
  });

  it('keeps kana words as they are written, folded to hiragana', () => {
    expect(readingsFromTokens([{ surface: 'スタッフ', reading: null }])).toBe('すたっふ');
  });
});

describe('reading keywords', () => {
  it('finds the kanji word from hiragana, katakana and half-width katakana', async () => {
    for (const keyword of ['かいご', 'カイゴ', 'ｶｲｺﾞ'])
      expect(await readingMatches('介護スタッフ募集', keyword)).toBe(true);
  });

  it('finds a compound written as two words (ほうかごじどう → 放課後児童)', async () => {
    expect(await readingMatches('放課後児童クラブの支援員', 'ほうかごじどう')).toBe(true);
  });

  it('tries a word in romaji as kana (kaigo, jimu, seisou)', async () => {
    expect(await readingMatches('介護の仕事', 'kaigo')).toBe(true);
    expect(await readingMatches('一般事務', 'jimu')).toBe(true);
    expect(await readingMatches('ビルの清掃', 'seisou')).toBe(true);
  });

  it('leaves English words to the text search (PC and Excel are not romaji)', () => {
    expect(readingOfKeyword('PC')).toBeNull();
    expect(readingOfKeyword('Excel')).toBeNull();
  });

  it('does not match a reading that is only the end of one word and the start of the next', async () => {
    // 介護 職員 reads かいご しょくいん: ごしょ runs across the two words and is no word of the text.
    expect(await readingMatches('介護職員', 'ごしょ')).toBe(false);
    expect(await readingMatches('介護職員', 'かいごしょくいん')).toBe(true);
  });

  it('does not match a reading the text does not have', async () => {
    expect(await readingMatches('調理補助', 'かいご')).toBe(false);
  });
});
