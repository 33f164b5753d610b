import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { todayInTokyo } from '../../src/lib/dates.js';
import { tokyoDateTime } from '../../src/modules/requests/requests.rules.js';

/**
 * Tokyo's dates and times are worked out from its fixed offset (UTC+9) rather than by Intl; the two must
 * agree on every instant, or a posting would close a day early or a visit show at the wrong hour.
 */
const tokyoByIntl = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

describe('Tokyo dates and times', () => {
  it('give the day and HH:MM that Intl gives for Asia/Tokyo, at any instant from 1990 to 2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }), (milliseconds) => {
        const instant = new Date(milliseconds);
        const parts = Object.fromEntries(tokyoByIntl.formatToParts(instant).map((p) => [p.type, p.value]));
        expect(todayInTokyo(instant)).toBe(`${parts.year}-${parts.month}-${parts.day}`);
        expect(tokyoDateTime(instant)).toEqual({
          date: `${parts.year}-${parts.month}-${parts.day}`,
          time: `${parts.hour}:${parts.minute}`,
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('turn the day at 15:00 UTC, which is midnight in Tokyo', () => {
    expect(todayInTokyo(new Date('2026-12-31T14:59:59Z'))).toBe('2026-12-31');
    expect(todayInTokyo(new Date('2026-12-31T15:00:00Z'))).toBe('2027-01-01');
    expect(tokyoDateTime(new Date('2026-12-31T15:00:00Z'))).toEqual({ date: '2027-01-01', time: '00:00' });
  });
});
