import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';

describe('the translator', () => {
  it('picks the English word form by the number, and Japanese needs none', () => {
    const en = translator('en');
    expect(en('search.resultCount', { count: 1 })).toBe('1 job');
    expect(en('search.resultCount', { count: 2 })).toBe('2 jobs');
    expect(en('search.resultCount', { count: 0 })).toBe('0 jobs');
    expect(en('org.openPostings', { count: 1 })).toBe('1 open job');
    expect(en('console.users.count', { count: 1200 })).toBe('1,200 people');
    expect(translator('ja')('search.resultCount', { count: 1 })).toBe('1件の求人');
  });
});
