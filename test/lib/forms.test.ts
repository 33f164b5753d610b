import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/lib/errors.js';
import {
  calendarDate,
  checkbox,
  clockTime,
  email,
  foldKana,
  formIdField,
  idFrom,
  idParam,
  integer,
  kana,
  optionalEmail,
  optionalId,
  optionalInteger,
  optionalPhone,
  optionalUrl,
} from '../../src/lib/forms.js';

describe('form fields, one meaning each', () => {
  it('reads a checkbox as on only for what a ticked box sends, the last one when the name repeats', () => {
    expect(checkbox.parse('1')).toBe(true);
    expect(checkbox.parse('yes')).toBe(true);
    expect(checkbox.parse('on')).toBe(true);
    // A consent box must never read a hand-made "no" as consent.
    expect(checkbox.parse('no')).toBe(false);
    expect(checkbox.parse(undefined)).toBe(false);
    expect(checkbox.parse('')).toBe(false);
    expect(checkbox.parse('0')).toBe(false);
    // A hidden "0" before the box: the box's own value wins.
    expect(checkbox.parse(['0', '1'])).toBe(true);
    expect(checkbox.parse(['1', '0'])).toBe(false);
  });

  it('takes ids that a PostgreSQL integer can hold and nothing else', () => {
    expect(idFrom('42')).toBe(42);
    expect(idFrom('４２')).toBe(42);
    expect(idFrom('2147483647')).toBe(2_147_483_647);
    for (const bad of ['0', '-1', '2147483648', '1e3', '1.5', ' ', 'abc', '99999999999', undefined])
      expect(idFrom(bad)).toBeNull();
  });

  it('folds an e-mail address to one spelling, and leaves an optional one empty as null', () => {
    expect(email.parse(' Ｔａｒｏ@Example.JP ')).toBe('taro@example.jp');
    expect(email.safeParse('').success).toBe(false);
    expect(optionalEmail.parse('')).toBeNull();
    expect(optionalEmail.safeParse('not-an-address').success).toBe(false);
  });

  it('accepts phone numbers as people write them and refuses words or too few digits', () => {
    expect(optionalPhone.parse('０３ー１２３４ー５６７８')).toBe('03-1234-5678');
    expect(optionalPhone.parse('03(1234)5678')).toBe('03(1234)5678');
    expect(optionalPhone.parse('+81 3 1234 5678')).toBe('+81 3 1234 5678');
    expect(optionalPhone.parse('')).toBeNull();
    expect(optionalPhone.safeParse('電話してね').success).toBe(false);
    expect(optionalPhone.safeParse('1234-5678').success).toBe(false);
  });

  it('stores a kana reading in hiragana, whichever kana and width it was typed in', () => {
    expect(foldKana('ミドリ　キョウドウ')).toBe('みどり きょうどう');
    expect(foldKana('ﾐﾄﾞﾘ')).toBe('みどり');
    expect(kana(100).parse('ワーカーズ・コープ')).toBe('わーかーず・こーぷ');
    expect(kana(100).safeParse('Midori').success).toBe(false);
    expect(kana(100).safeParse('緑').success).toBe(false);
  });

  it('takes only http and https web addresses, so a stored link can never run script', () => {
    expect(optionalUrl.parse('https://coop.example.jp/')).toBe('https://coop.example.jp/');
    expect(optionalUrl.parse('')).toBeNull();
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'ftp://example.jp', 'https://exa mple.jp'])
      expect(optionalUrl.safeParse(bad).success).toBe(false);
  });

  it('answers a path id that can name no row with the 404 page (0x10, 1e3, 12.0, too large)', () => {
    expect(idParam({ postingId: '12' }, 'postingId')).toBe(12);
    for (const bad of ['0x10', '1e3', '12.0', ' ', '2147483648', undefined])
      expect(() => idParam({ postingId: bad }, 'postingId')).toThrow(NotFoundError);
  });

  it('reads an id chosen in a form as undefined when left empty, and refuses one that is not an id', () => {
    expect(optionalId().parse('')).toBeUndefined();
    expect(optionalId().parse('７')).toBe(7);
    expect(optionalId().safeParse('abc').success).toBe(false);
  });

  it('reads whole numbers as people type them, with commas, full-width digits and counter words', () => {
    expect(integer(1, 2000, 'form.required').parse('１,２００円')).toBe(1200);
    expect(integer(1, 1000, 'form.required').parse('20名')).toBe(20);
    expect(integer(1, 1000, 'form.required').safeParse('').success).toBe(false);
    expect(integer(1, 1000, 'form.required').safeParse('1e3').success).toBe(false);
    expect(optionalInteger(0, 10, 'form.required').parse('')).toBeNull();
  });

  it('accepts the form ids pages mint (UUIDs and random tokens) and nothing else, saying the form is out of date', () => {
    expect(formIdField.parse(crypto.randomUUID())).toMatch(/^[0-9a-f-]{36}$/);
    expect(formIdField.parse('AbCdEf0123456789_-xyz')).toBe('AbCdEf0123456789_-xyz');
    const refused = formIdField.safeParse('<script>');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe('form.expired');
  });

  it('reads dates and times as typed on a Japanese keyboard, and refuses a day that does not exist', () => {
    expect(calendarDate('form.required').parse('２０２６/１２/１')).toBe('2026-12-01');
    expect(calendarDate('form.required').safeParse('2026-02-30').success).toBe(false);
    expect(clockTime('form.required').parse('９：０５')).toBe('09:05');
    expect(clockTime('form.required').safeParse('25:00').success).toBe(false);
  });
});
