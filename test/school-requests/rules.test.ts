/**
 * The school's confirmation step in the state machine (requests.rules.ts), its deadline and the days of an
 * internship (school-requests.rules.ts), without a database.
 */
import { describe, expect, it } from 'vitest';
import {
  acceptanceEvent,
  allowed,
  closedStates,
  IllegalTransitionError,
  nextState,
  placeHoldingStates,
  tokyoInstant,
} from '../../src/modules/requests/requests.rules.js';
import {
  agreementConfirmBy,
  agreementDeadline,
  agreementReminderAt,
  groupDays,
  periodDates,
  scheduleText,
} from '../../src/modules/school-requests/school-requests.rules.js';

describe("a school's request", () => {
  it("is accepted into the school's confirmation, and scheduled only when the school confirms", () => {
    expect(acceptanceEvent('school')).toBe('accept_group');
    expect(acceptanceEvent('seeker')).toBe('accept');
    expect(nextState('submitted', 'accept_group', 'coop')).toBe('agreement_pending');
    expect(nextState('agreement_pending', 'confirm_agreement', 'requester')).toBe('accepted');
  });

  it('cannot be confirmed before the co-op accepts, nor by the co-op, nor marked done while waiting', () => {
    expect(() => nextState('submitted', 'confirm_agreement', 'requester')).toThrow(IllegalTransitionError);
    expect(() => nextState('agreement_pending', 'confirm_agreement', 'coop')).toThrow(IllegalTransitionError);
    expect(allowed('agreement_pending', 'complete', 'coop')).toBe(false);
    expect(allowed('agreement_pending', 'no_show', 'coop')).toBe(false);
    expect(allowed('accepted', 'confirm_agreement', 'requester')).toBe(false);
  });

  it('while waiting for the school: holds its places; the co-op may still propose or decline, the school withdraw', () => {
    expect(placeHoldingStates).toContain('agreement_pending');
    expect(nextState('agreement_pending', 'propose', 'coop')).toBe('alternative_proposed');
    expect(nextState('agreement_pending', 'decline', 'coop')).toBe('declined');
    expect(nextState('agreement_pending', 'withdraw', 'requester')).toBe('withdrawn');
    expect(nextState('agreement_pending', 'slot_cancelled', 'coop')).toBe('submitted');
    expect(allowed('agreement_pending', 'accept', 'coop')).toBe(false);
  });
});

describe('when the school does not confirm', () => {
  it('only the maintenance expires it, only while it waits for the school, and it is closed and holds no place', () => {
    expect(nextState('agreement_pending', 'expire_agreement', 'system')).toBe('agreement_expired');
    expect(allowed('agreement_pending', 'expire_agreement', 'coop')).toBe(false);
    expect(allowed('agreement_pending', 'expire_agreement', 'requester')).toBe(false);
    expect(allowed('accepted', 'expire_agreement', 'system')).toBe(false);
    expect(allowed('submitted', 'expire_agreement', 'system')).toBe(false);
    expect(closedStates).toContain('agreement_expired');
    expect(placeHoldingStates).not.toContain('agreement_expired');
    expect(allowed('agreement_expired', 'confirm_agreement', 'requester')).toBe(false);
  });

  it('has a week from the acceptance, at the latest the day before the first day, and is reminded halfway', () => {
    const accepted = tokyoInstant('2027-01-04', '10:00');
    expect(agreementConfirmBy(accepted, '2027-02-01')).toBe('2027-01-11');
    expect(agreementDeadline(accepted, '2027-02-01').toISOString()).toBe(
      tokyoInstant('2027-01-12', '00:00').toISOString(),
    );
    expect(agreementConfirmBy(accepted, '2027-01-08')).toBe('2027-01-07');
    // Accepted late in the evening, in Tokyo: the week counts from that Tokyo day, not the UTC one.
    expect(agreementConfirmBy(tokyoInstant('2027-01-04', '23:30'), '2027-02-01')).toBe('2027-01-11');
    expect(agreementReminderAt(accepted, '2027-02-01')?.toISOString()).toBe(
      new Date((accepted.getTime() + tokyoInstant('2027-01-12', '00:00').getTime()) / 2).toISOString(),
    );
    // Accepted the day before the first day: too little time for a reminder; on the first day: due at once.
    expect(agreementReminderAt(tokyoInstant('2027-01-07', '10:00'), '2027-01-08')).toBeNull();
    expect(
      agreementDeadline(tokyoInstant('2027-01-08', '08:00'), '2027-01-08').getTime(),
    ).toBeLessThanOrEqual(tokyoInstant('2027-01-08', '08:00').getTime());
  });
});

describe("an internship's days", () => {
  const period = {
    periodStart: '2027-01-08',
    periodEnd: '2027-01-13',
    dailyStart: '09:30:00',
    dailyEnd: '15:00:00',
    weekdays: [1, 2, 3, 4, 5],
    skipHolidays: true,
  };

  it('are the chosen weekdays of the period without public holidays; none chosen is every day; one day is that day', () => {
    // Friday 8 … Wednesday 13 January 2027; Monday 11 is 成人の日.
    expect(periodDates(period)).toEqual(['2027-01-08', '2027-01-12', '2027-01-13']);
    expect(periodDates({ ...period, skipHolidays: false })).toEqual([
      '2027-01-08',
      '2027-01-11',
      '2027-01-12',
      '2027-01-13',
    ]);
    expect(periodDates({ ...period, weekdays: [], skipHolidays: false })).toHaveLength(6);
    expect(periodDates({ ...period, weekdays: [2, 4] })).toEqual(['2027-01-12']);
    expect(periodDates({ ...period, periodEnd: '2027-01-09', weekdays: [6] })).toEqual(['2027-01-09']);
    expect(periodDates({ ...period, periodStart: '2027-01-09', periodEnd: '2027-01-09' })).toEqual([
      '2027-01-09',
    ]);
  });

  it('keep the time the co-op fixed on its day; a date outside the period is the one day; a visit is one occasion', () => {
    const slot = { start: tokyoInstant('2027-01-12', '10:00'), end: tokyoInstant('2027-01-12', '16:00') };
    const days = groupDays('internship', period, slot);
    expect(days.map((day) => [day.date, day.start.toISOString()])).toEqual([
      ['2027-01-08', tokyoInstant('2027-01-08', '09:30').toISOString()],
      ['2027-01-12', slot.start.toISOString()],
      ['2027-01-13', tokyoInstant('2027-01-13', '09:30').toISOString()],
    ]);
    const elsewhere = {
      start: tokyoInstant('2027-01-20', '13:00'),
      end: tokyoInstant('2027-01-20', '15:00'),
    };
    expect(groupDays('internship', period, elsewhere)).toEqual([{ date: '2027-01-20', ...elsewhere }]);
    expect(groupDays('visit', period, null)).toHaveLength(1);
    expect(groupDays('visit', period, slot)).toEqual([{ date: '2027-01-12', ...slot }]);
  });

  it('read as a count and one line a day, with weekdays, in both languages', () => {
    const days = groupDays('internship', period, null);
    expect(scheduleText('ja', days)).toBe(
      '3日間\n・2027年1月8日（金） 09:30〜15:00\n・2027年1月12日（火） 09:30〜15:00\n・2027年1月13日（水） 09:30〜15:00',
    );
    expect(scheduleText('en', days).split('\n')[0]).toBe('3 days:');
    expect(scheduleText('en', days)).toContain('- Tue 12 Jan 2027, 09:30–15:00');
    expect(scheduleText('ja', days.slice(0, 1))).toBe('2027年1月8日（金） 09:30〜15:00');
  });
});
