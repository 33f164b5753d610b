import type { Locale } from '../../i18n/index.js';
import { formatDate, todayInTokyo } from '../../lib/dates.js';

/**
 * Instants shown to staff in Tokyo time, in the reader's language: `date` gives the calendar day
 * ("2026年3月1日"), `dateTime` adds the time ("2026年3月1日 14:05").
 */
export function instantFormatter(locale: Locale) {
  const time = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'Asia/Tokyo',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return {
    date: (instant: Date) => formatDate(todayInTokyo(instant), locale),
    dateTime: (instant: Date) => `${formatDate(todayInTokyo(instant), locale)} ${time.format(instant)}`,
  };
}

export type InstantFormatter = ReturnType<typeof instantFormatter>;
