/** Calendar dates in Asia/Tokyo: postings are valid "through" a Japanese calendar day. */

/** Tokyo's fixed offset from UTC: Japan has had no daylight saving time since 1951. */
const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;

/**
 * An instant as Tokyo's wall clock, "YYYY-MM-DDTHH:MM:SS.sssZ" (the Z meaning nothing here): worked out
 * from the fixed offset, since Intl's time-zone formatting cost a posting page several percent of its time.
 */
export function tokyoWallClock(instant: Date): string {
  return new Date(instant.getTime() + TOKYO_OFFSET_MS).toISOString();
}

/** Today's date in Tokyo as YYYY-MM-DD. */
export function todayInTokyo(now: Date = new Date()): string {
  return tokyoWallClock(now).slice(0, 10);
}

/** Adds days to a YYYY-MM-DD date (calendar arithmetic, no time zone involved). */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The last instant of a Tokyo calendar day, for schema.org validThrough. */
export function endOfTokyoDay(isoDate: string): string {
  return `${isoDate}T23:59:59+09:00`;
}

const englishDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
});

export function formatDate(isoDate: string, locale: 'ja' | 'en'): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  if (locale === 'ja') return `${year}年${month}月${day}日`;
  return englishDate.format(new Date(Date.UTC(year, month - 1, day)));
}

/**
 * Instants shown to staff in Tokyo time, in the reader's language: `date` gives the calendar day
 * ("2026年3月1日"), `dateTime` adds the time ("2026年3月1日 14:05").
 */
export function instantFormatter(locale: 'ja' | 'en') {
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
