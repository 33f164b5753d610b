import holidayJp from '@holiday-jp/holiday_jp';
import type { RequesterKind, RequestState, RequestTime } from '../../db/schema/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { addDays, todayInTokyo, tokyoWallClock } from '../../lib/dates.js';
import { ConflictError } from '../../lib/errors.js';

/**
 * What can happen to a request, and who may do it. The lifecycle of DESIGN.md §3:
 * submitted → accepted | alternative_proposed | declined | withdrawn | expired; accepted → completed |
 * no_show; then an outcome is recorded on completed or no_show.
 *
 * A school's group (issue 9) adds the three-way agreement: the co-op's acceptance of a school's request
 * (`accept_group`) leaves it `agreement_pending` — the co-op has said yes, the date and place are set and
 * the slot's places (the group size) stay held — and only the school's confirmation (`confirm_agreement`)
 * makes it `accepted`, i.e. scheduled (calendar, day-before reminder, done / no-show). Until then the co-op
 * may still propose other dates or decline, and the school may withdraw. When the co-op proposes dates,
 * the school taking one (`choose_proposed`) is its confirmation: the co-op offered exactly that date.
 * A school that does not confirm in time (school-requests.rules.ts: a week, and never on the first day)
 * lets it expire (`expire_agreement`, maintenance): `agreement_expired`, its places back in the slot.
 */
export const requestEvents = [
  'confirm', // the requester follows the mailed link: the co-op sees it from now on
  'accept', // the co-op gives a date (a slot or a proposed date)
  'propose', // the co-op offers other dates
  'choose_proposed', // the requester takes one of the offered dates
  'change_dates', // the requester asks for other dates; the co-op answers again
  'decline', // the co-op says no, with a reason
  'withdraw', // the requester no longer wants it
  'expire', // its dates passed with no answer (maintenance)
  'slot_cancelled', // the co-op cancelled the slot it was accepted into: the co-op answers again
  'complete', // it happened
  'no_show', // the requester did not come
  'record_outcome', // what came of it
  'accept_group', // the co-op accepts a school's request: the school confirms next
  'confirm_agreement', // the school confirms the three-way agreement: now it is scheduled
  'expire_agreement', // the school did not confirm in time (maintenance)
] as const;
export type RequestEvent = (typeof requestEvents)[number];

export type RequestParty = 'requester' | 'coop' | 'system';

interface Rule {
  from: readonly RequestState[];
  to: RequestState | 'same';
  by: RequestParty;
}

const rules: Record<RequestEvent, Rule> = {
  confirm: { from: ['unconfirmed'], to: 'submitted', by: 'requester' },
  accept: { from: ['submitted', 'alternative_proposed'], to: 'accepted', by: 'coop' },
  propose: {
    from: ['submitted', 'alternative_proposed', 'agreement_pending'],
    to: 'alternative_proposed',
    by: 'coop',
  },
  choose_proposed: { from: ['alternative_proposed'], to: 'accepted', by: 'requester' },
  change_dates: { from: ['submitted', 'alternative_proposed'], to: 'submitted', by: 'requester' },
  decline: { from: ['submitted', 'alternative_proposed', 'agreement_pending'], to: 'declined', by: 'coop' },
  withdraw: {
    from: ['submitted', 'alternative_proposed', 'agreement_pending', 'accepted'],
    to: 'withdrawn',
    by: 'requester',
  },
  expire: { from: ['submitted', 'alternative_proposed'], to: 'expired', by: 'system' },
  slot_cancelled: { from: ['accepted', 'agreement_pending'], to: 'submitted', by: 'coop' },
  complete: { from: ['accepted'], to: 'completed', by: 'coop' },
  no_show: { from: ['accepted'], to: 'no_show', by: 'coop' },
  record_outcome: { from: ['completed', 'no_show'], to: 'same', by: 'coop' },
  accept_group: { from: ['submitted', 'alternative_proposed'], to: 'agreement_pending', by: 'coop' },
  confirm_agreement: { from: ['agreement_pending'], to: 'accepted', by: 'requester' },
  expire_agreement: { from: ['agreement_pending'], to: 'agreement_expired', by: 'system' },
};

/** The co-op's "accept": a school's group waits for the school's confirmation, anyone else is scheduled. */
export function acceptanceEvent(requesterKind: RequesterKind): 'accept' | 'accept_group' {
  return requesterKind === 'school' ? 'accept_group' : 'accept';
}

/** Refused: the request is not in a state where this can happen (the message names both). */
export class IllegalTransitionError extends ConflictError {
  constructor(
    readonly state: RequestState,
    readonly event: RequestEvent,
  ) {
    super('requests.error.illegalTransition');
  }
}

/** The state after `event`, or IllegalTransitionError when it cannot happen now or not by this party. */
export function nextState(state: RequestState, event: RequestEvent, by: RequestParty): RequestState {
  const rule = rules[event];
  if (!rule.from.includes(state) || rule.by !== by) throw new IllegalTransitionError(state, event);
  return rule.to === 'same' ? state : rule.to;
}

/** Whether `event` can happen now: the pages offer only the actions that would be accepted. */
export function allowed(state: RequestState, event: RequestEvent, by: RequestParty): boolean {
  const rule = rules[event];
  return rule.from.includes(state) && rule.by === by;
}

/** States in which nothing more is expected of anyone: the retention clock starts at closing. */
export const closedStates: readonly RequestState[] = [
  'declined',
  'withdrawn',
  'expired',
  'agreement_expired',
  'completed',
  'no_show',
];
/** States in which the co-op owes an answer. */
export const awaitingCoopStates: readonly RequestState[] = ['submitted'];
/** States that hold a slot's place. */
export const placeHoldingStates: readonly RequestState[] = [
  'unconfirmed',
  'submitted',
  'alternative_proposed',
  'agreement_pending',
  'accepted',
];

export function isClosed(state: RequestState): boolean {
  return closedStates.includes(state);
}

/** The message key of an illegal transition's explanation, with the words for its state and event. */
export function illegalTransitionParams(error: IllegalTransitionError, t: (key: MessageKey) => string) {
  return {
    state: t(`requests.state.${error.state}` as MessageKey),
    action: t(`requests.event.${error.event}` as MessageKey),
  };
}

// ---------------------------------------------------------------------------------------------------
// Business days (営業日): weekends and Japanese public holidays (内閣府 list via @holiday-jp) are not.

export function isBusinessDay(isoDate: string): boolean {
  const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !(isoDate in holidayJp.holidays);
}

/** Business days that have fully passed between two instants, counted on Tokyo calendar days. */
export function businessDaysBetween(from: Date, to: Date): number {
  const last = todayInTokyo(to);
  let day = addDays(todayInTokyo(from), 1);
  let count = 0;
  // Bounded: a request waits weeks at most before it expires, and a year is a few hundred steps.
  for (let steps = 0; day <= last && steps < 400; steps++) {
    if (day !== last && isBusinessDay(day)) count++;
    day = addDays(day, 1);
  }
  return count;
}

// ---------------------------------------------------------------------------------------------------
// Times in Asia/Tokyo (Japan has had no daylight saving time since 1951).

export function tokyoInstant(date: string, time: string): Date {
  return new Date(`${date}T${time.length === 5 ? `${time}:00` : time}+09:00`);
}

/** An instant as its Tokyo date and HH:MM, for forms and for the calendar file. */
export function tokyoDateTime(instant: Date): { date: string; time: string } {
  const wallClock = tokyoWallClock(instant);
  return { date: wallClock.slice(0, 10), time: wallClock.slice(11, 16) };
}

/** The last Tokyo day among a request's dates: once it has passed, an unanswered request expires. */
export function lastDateOf(times: readonly RequestTime[], slotStart: Date | null): string | null {
  const dates = times.map((time) => time.date);
  if (slotStart) dates.push(tokyoDateTime(slotStart).date);
  return dates.length ? (dates.sort().at(-1) ?? null) : null;
}

/** Calendar months after a date (retention): 12 months after 2026-03-31 is 2027-03-31. */
export function addMonths(instant: Date, months: number): Date {
  const result = new Date(instant);
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}
