import type { MessageKey } from '../../i18n/index.js';
import { type FormErrors, folded } from '../../lib/forms.js';
import { findPrefecture } from '../../lib/regions.js';

/** The dashboard's filters: a period of whole months (Asia/Tokyo) and, if chosen, one prefecture. */
export interface FiguresFilter {
  /** The first month, "2026-01". */
  from: string;
  /** The last month, included. */
  to: string;
  prefectureCode: string | null;
}

/** The longest period one page shows: three years of months still fit a chart and a table. */
export const MAX_MONTHS = 36;
/** The station's first possible month: nothing was recorded before the 2022 law came into force. */
const EARLIEST = '2022-01';

/** "2026-11", "2026/11", "２０２６－１１" and "2026-1" → "2026-11"; null when it is no month. */
export function monthOf(value: unknown): string | null {
  const raw = folded(value).replace(/[\u2010-\u2015\u2212\u30fc\uff70]/g, '-');
  const match = raw.match(/^([0-9]{4})[-/.年]([0-9]{1,2})月?$/);
  if (!match) return null;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  return `${match[1]}-${String(month).padStart(2, '0')}`;
}

export function addMonths(month: string, months: number): string {
  const [year, index] = month.split('-').map(Number) as [number, number];
  const total = year * 12 + (index - 1) + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to; month = addMonths(month, 1)) months.push(month);
  return months;
}

/** The instant a Tokyo month begins (Japan has had no daylight saving time since 1951: always +09:00). */
export function tokyoMonthStart(month: string): Date {
  return new Date(`${month}-01T00:00:00+09:00`);
}

/** The default period: the twelve months up to and including this one. */
export function defaultFilter(today: string): FiguresFilter {
  const to = today.slice(0, 7);
  return { from: addMonths(to, -11), to, prefectureCode: null };
}

export type FilterResult =
  | { ok: true; filter: FiguresFilter; values: Record<string, string> }
  | { ok: false; values: Record<string, string>; errors: FormErrors };

/**
 * Reads `?from=2026-01&to=2026-12&prefecture=13`. A field left out takes its default; a value that is
 * no month, a prefecture that does not exist, a period backwards or longer than MAX_MONTHS is refused
 * with a message beside its field (the page answers 422), never quietly replaced.
 */
export function readFilter(query: unknown, today: string): FilterResult {
  const params = query && typeof query === 'object' ? (query as Record<string, unknown>) : {};
  const defaults = defaultFilter(today);
  const values = {
    from: folded(params.from),
    to: folded(params.to),
    prefecture: folded(params.prefecture),
  };
  const errors: FormErrors = {};
  const error = (field: string, key: MessageKey, params?: Record<string, string | number>) => {
    errors[field] = params ? { key, params } : { key };
  };
  const from = values.from === '' ? defaults.from : monthOf(values.from);
  const to = values.to === '' ? defaults.to : monthOf(values.to);
  const latest = addMonths(today.slice(0, 7), 12);
  if (from === null || from < EARLIEST || from > latest) error('from', 'figures.filter.invalidMonth');
  if (to === null || to < EARLIEST || to > latest) error('to', 'figures.filter.invalidMonth');
  if (from && to && !errors.from && !errors.to) {
    if (to < from) error('to', 'figures.filter.backwards');
    else if (monthsBetween(from, to).length > MAX_MONTHS)
      error('to', 'figures.filter.tooLong', { max: MAX_MONTHS });
  }
  const prefectureCode = values.prefecture === '' ? null : values.prefecture;
  if (prefectureCode !== null && !findPrefecture(prefectureCode))
    error('prefecture', 'figures.filter.invalidPrefecture');
  if (Object.keys(errors).length > 0 || !from || !to) return { ok: false, values, errors };
  return {
    ok: true,
    filter: { from, to, prefectureCode },
    values: { from, to, prefecture: prefectureCode ?? '' },
  };
}
