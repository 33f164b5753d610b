/**
 * Filling a message's placeholders: `{name}` from params (numbers with separators), `{name:one|other}` by
 * the language's plural rules, and a placeholder without its value left as written. The translator splits
 * each message into parts once and reuses them; the reference below is the two-pass replacement it had
 * before, which the parts must match on any template.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMessage, type Locale, translator } from '../../src/i18n/index.js';

function twoPassReference(locale: Locale, template: string, params: Record<string, string | number>): string {
  const numberFormat = new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-GB');
  const pluralRules = new Intl.PluralRules(locale === 'ja' ? 'ja-JP' : 'en-GB');
  const withPlurals = template.replace(
    /\{(\w+):([^|{}]*)\|([^{}]*)\}/g,
    (match, name: string, one: string, other: string) => {
      const value = params[name];
      if (typeof value !== 'number') return match;
      return pluralRules.select(value) === 'one' ? one : other;
    },
  );
  return withPlurals.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = params[name];
    if (value === undefined) return match;
    return typeof value === 'number' ? numberFormat.format(value) : value;
  });
}

describe('a message with placeholders', () => {
  it('fills names, separates thousands and picks the English word form', () => {
    const en = translator('en');
    expect(en('audit.detail.fieldCount', { count: 1 })).toBe('1 field');
    expect(en('audit.detail.fieldCount', { count: 12345 })).toBe('12,345 fields');
    expect(translator('ja')('audit.detail.fieldCount', { count: 12345 })).toContain('12,345');
  });

  it('gives the same text the second time, from the parts kept', () => {
    const en = translator('en');
    const first = en('console.organisations.count', { count: 2 });
    expect(en('console.organisations.count', { count: 2 })).toBe(first);
    expect(en('console.organisations.count', { count: 1 })).toBe('1 organisation');
  });

  it('leaves a placeholder without its value as written', () => {
    expect(formatMessage('en', 'Hello {name}, {count:job|jobs}', {})).toBe('Hello {name}, {count:job|jobs}');
    expect(formatMessage('en', '{count:job|jobs}', { count: 'many' })).toBe('{count:job|jobs}');
  });

  it('matches the two-pass replacement on any template and parameters', () => {
    const piece = fc.oneof(
      fc.constantFrom('{', '}', '|', ':', '{a}', '{b}', '{a:one|other}', '{b:x|}', '{:x|y}', '{a:|}', ' 件'),
      fc.string({ maxLength: 4 }),
    );
    const value = fc.oneof(fc.integer({ min: -5, max: 20000 }), fc.string({ maxLength: 5 }));
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 10 }).map((pieces) => pieces.join('')),
        fc.dictionary(fc.constantFrom('a', 'b', 'c'), value),
        fc.constantFrom<Locale>('ja', 'en'),
        (template, params, locale) => {
          expect(formatMessage(locale, template, params)).toBe(twoPassReference(locale, template, params));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
