import { createEvents, type EventStatus } from 'ics';

/** One event of a calendar file, in absolute instants (written out in UTC, so no time zone table). */
export interface CalendarEvent {
  /** Stable across downloads, so a calendar app updates the event instead of adding a copy. */
  uid: string;
  start: Date;
  end: Date;
  title: string;
  description: string;
  location: string;
  url?: string;
  status?: EventStatus;
}

/**
 * An .ics file (RFC 5545) of one or more events, written by the `ics` package: visits and trials of a
 * request, the sessions of a course. Null when the package refuses the events (it validates them).
 */
export function calendarFile(events: CalendarEvent[]): string | null {
  if (events.length === 0) return null;
  const { value, error } = createEvents(
    events.map((event) => ({
      uid: event.uid,
      start: event.start.getTime(),
      startInputType: 'utc' as const,
      startOutputType: 'utc' as const,
      end: event.end.getTime(),
      endInputType: 'utc' as const,
      endOutputType: 'utc' as const,
      title: event.title,
      description: event.description,
      location: event.location,
      ...(event.url ? { url: event.url } : {}),
      status: event.status ?? 'CONFIRMED',
    })),
    { productId: 'yoishigoto-station' },
  );
  if (error || !value) return null;
  return value;
}

/** The instant of a Tokyo calendar day and wall-clock time ("2026-12-24", "10:00" or "10:00:00"). */
export function tokyoInstant(date: string, time: string): Date {
  return new Date(`${date}T${time.slice(0, 5)}:00+09:00`);
}
