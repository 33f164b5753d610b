/**
 * How common a search is expected to be, from the term statistics: this decides whether it walks the
 * newest postings or goes through the GIN index (jobs.service: walkedPage).
 */
import { describe, expect, it } from 'vitest';
import { expectedShare, type TermDensity } from '../../src/modules/jobs/jobs.density.js';

const shares: Record<string, number> = {
  介護: 0.4,
  護職: 0.1,
  'r:かい': 0.3,
  'pref:13': 0.1,
  'muni:131016': 0.01,
  'field:elderly_care': 0.2,
  'accepts:visit': 0.3,
};
const density: TermDensity = { frequency: (term) => shares[term] ?? 0.001, rows: 1_000_000 };

describe('expectedShare', () => {
  it('takes the rarest term of the keywords, not their product', () => {
    expect(expectedShare(density, { allOf: ['介護', '護職'], anyOf: [], filterTokens: [] }).all).toBeCloseTo(
      0.1,
    );
  });

  it('narrows by every filter, so three common filters make a sparse search', () => {
    const share = expectedShare(density, {
      allOf: ['pref:13', 'field:elderly_care', 'accepts:visit'],
      anyOf: [],
      filterTokens: ['accepts:visit', 'field:elderly_care', 'pref:13'],
    });
    // 10% × 20% × 30%: six postings in a thousand.
    expect(share.filters).toBeCloseTo(0.006);
    expect(share.keywords).toBe(1);
  });

  it('multiplies the keyword by its filters, and a kana word by its text or its reading', () => {
    const share = expectedShare(density, {
      allOf: ['pref:13'],
      anyOf: [[['かい'], ['r:かい']]],
      filterTokens: ['pref:13'],
    });
    expect(share.keywords).toBeCloseTo(0.001 + 0.3);
    expect(share.all).toBeCloseTo((0.001 + 0.3) * 0.1);
  });

  it('counts a municipality without its prefecture, which contains it', () => {
    const share = expectedShare(density, {
      allOf: ['介護', 'pref:13', 'muni:131016'],
      anyOf: [],
      filterTokens: ['muni:131016', 'pref:13'],
    });
    expect(share.all).toBeCloseTo(0.4 * 0.01);
  });
});
