import holidayJp from '@holiday-jp/holiday_jp';
import type { RequestKind } from '../../db/schema/index.js';
import { type Locale, type MessageKey, translator } from '../../i18n/index.js';
import { addDays, formatDate, todayInTokyo } from '../../lib/dates.js';
import { tokyoDateTime, tokyoInstant } from '../requests/requests.rules.js';

// The days of a school's request and the deadline of the school's confirmation: pure, so the pages, the
// mails, the calendar file and the hourly maintenance (requests.maintenance.ts) all read the same rules.

/** ISO weekdays: 1 Monday … 7 Sunday. */
export const isoWeekdays = [1, 2, 3, 4, 5, 6, 7] as const;
export type IsoWeekday = (typeof isoWeekdays)[number];

/** The weekdays the school's form ticks before anyone chooses: a school's week. */
export const schoolWeek: readonly IsoWeekday[] = [1, 2, 3, 4, 5];

/**
 * The longest period of one request. A group internship at a co-op workplace is days, not months, and a
 * period is listed day by day in mails, on the agreement and in the calendar file; a longer programme is
 * several requests.
 */
export const MAX_PERIOD_DAYS = 31;

/**
 * Days the school has to confirm once the co-op accepted: a week, so a school that meets weekly (the
 * 学年会, the 職員会議) can decide, and the co-op never waits longer than that with places held. Never
 * later than the day before the first day: the co-op must know by then whether the group comes.
 */
export const AGREEMENT_CONFIRM_DAYS = 7;

export interface SchoolPeriod {
  periodStart: string;
  periodEnd: string;
  dailyStart: string;
  dailyEnd: string;
  weekdays: readonly number[];
  skipHolidays: boolean;
}

/** One day of a school's request, as instants in Asia/Tokyo. */
export interface GroupDay {
  /** The Tokyo calendar date of its start. */
  date: string;
  start: Date;
  end: Date;
}

export function isoWeekdayOf(isoDate: string): IsoWeekday {
  const day = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return (day === 0 ? 7 : day) as IsoWeekday;
}

export function isPublicHoliday(isoDate: string): boolean {
  return isoDate in holidayJp.holidays;
}

/** Calendar days from `from` to `to` counted inclusively ("2027-01-11" to "2027-01-13" is 3). */
export function periodLength(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * The dates of the period the school asked for: each day from start to end on a chosen weekday, leaving
 * out public holidays when the school said so. A period of one day is that day, whatever its weekday;
 * no weekday chosen means every day.
 */
export function periodDates(
  period: Pick<SchoolPeriod, 'periodStart' | 'periodEnd' | 'weekdays' | 'skipHolidays'>,
) {
  const { periodStart, periodEnd } = period;
  if (periodEnd <= periodStart) return [periodStart];
  const weekdays = period.weekdays.length ? period.weekdays : isoWeekdays;
  const dates: string[] = [];
  // Bounded by the form (MAX_PERIOD_DAYS); the bound here only guards rows written some other way.
  for (let day = periodStart, steps = 0; day <= periodEnd && steps < 366; day = addDays(day, 1), steps++) {
    if (!weekdays.includes(isoWeekdayOf(day))) continue;
    if (period.skipHolidays && isPublicHoliday(day)) continue;
    dates.push(day);
  }
  return dates;
}

/**
 * The days of a school's request. A workplace visit is one occasion: the time the co-op fixed, or the
 * first day asked before that. An internship is every date of the period at the daily hours; once the
 * co-op fixed a time (a slot, the school's first day, or a date it proposed), that day has the fixed time.
 * A fixed time on a date outside the period (another date the co-op offered) is the one day agreed.
 */
export function groupDays(
  kind: RequestKind,
  period: SchoolPeriod,
  scheduled: { start: Date; end: Date } | null,
): GroupDay[] {
  const fixed = scheduled
    ? { date: tokyoDateTime(scheduled.start).date, start: scheduled.start, end: scheduled.end }
    : null;
  const asked = (date: string): GroupDay => ({
    date,
    start: tokyoInstant(date, period.dailyStart),
    end: tokyoInstant(date, period.dailyEnd),
  });
  if (kind !== 'internship') return [fixed ?? asked(period.periodStart)];
  const dates = periodDates(period);
  if (!fixed) return dates.map(asked);
  if (!dates.includes(fixed.date)) return [fixed];
  return dates.map((date) => (date === fixed.date ? fixed : asked(date)));
}

/**
 * The last Tokyo day on which the school can confirm: a week after the co-op's acceptance, and at the
 * latest the day before the first day. On the first day itself it has expired (an acceptance made that
 * late expires at the next hourly run: there is nothing left to confirm).
 */
export function agreementConfirmBy(requestedAt: Date, firstDay: string): string {
  const week = addDays(todayInTokyo(requestedAt), AGREEMENT_CONFIRM_DAYS);
  const dayBefore = addDays(firstDay, -1);
  return week < dayBefore ? week : dayBefore;
}

/** The instant the confirmation ends: the start (00:00 Tokyo) of the day after the last day to confirm. */
export function agreementDeadline(requestedAt: Date, firstDay: string): Date {
  return tokyoInstant(addDays(agreementConfirmBy(requestedAt, firstDay), 1), '00:00');
}

/**
 * When the school is reminded: halfway between the acceptance and the deadline. No reminder when less
 * than two days are left from the start: the acceptance mail itself said the date.
 */
export function agreementReminderAt(requestedAt: Date, firstDay: string): Date | null {
  const deadline = agreementDeadline(requestedAt, firstDay).getTime();
  const span = deadline - requestedAt.getTime();
  if (span < 2 * 86_400_000) return null;
  return new Date(requestedAt.getTime() + span / 2);
}

/** "2027年1月12日（火） 9:30〜15:00": one day, with its weekday, in the reader's language. */
export function dayText(locale: Locale, day: GroupDay): string {
  const t = translator(locale);
  const end = tokyoDateTime(day.end);
  return t('schoolRequests.days.line', {
    date: formatDate(day.date, locale),
    weekday: t(`schoolRequests.weekday.${isoWeekdayOf(day.date)}` as MessageKey),
    start: tokyoDateTime(day.start).time,
    // A day that ends on another date (a slot over two days) says which.
    end: end.date === day.date ? end.time : `${formatDate(end.date, locale)} ${end.time}`,
  });
}

/** The whole schedule for a mail: one day as a line; several as their count and one line a day. */
export function scheduleText(locale: Locale, days: readonly GroupDay[]): string {
  if (days.length <= 1) return days[0] ? dayText(locale, days[0]) : '';
  const t = translator(locale);
  return [
    t('schoolRequests.days.count', { count: days.length }),
    ...days.map((day) => t('schoolRequests.days.item', { day: dayText(locale, day) })),
  ].join('\n');
}
