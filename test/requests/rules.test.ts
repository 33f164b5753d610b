import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestStates } from '../../src/db/schema/index.js';
import {
  allowed,
  businessDaysBetween,
  closedStates,
  IllegalTransitionError,
  isBusinessDay,
  nextState,
  type RequestParty,
  requestEvents,
} from '../../src/modules/requests/requests.rules.js';

describe('the request state machine', () => {
  it('walks the lifecycle of DESIGN.md §3', () => {
    expect(nextState('unconfirmed', 'confirm', 'requester')).toBe('submitted');
    expect(nextState('submitted', 'accept', 'coop')).toBe('accepted');
    expect(nextState('submitted', 'propose', 'coop')).toBe('alternative_proposed');
    expect(nextState('alternative_proposed', 'choose_proposed', 'requester')).toBe('accepted');
    expect(nextState('submitted', 'decline', 'coop')).toBe('declined');
    expect(nextState('accepted', 'withdraw', 'requester')).toBe('withdrawn');
    expect(nextState('alternative_proposed', 'expire', 'system')).toBe('expired');
    expect(nextState('accepted', 'complete', 'coop')).toBe('completed');
    expect(nextState('accepted', 'no_show', 'coop')).toBe('no_show');
    expect(nextState('completed', 'record_outcome', 'coop')).toBe('completed');
    expect(nextState('accepted', 'slot_cancelled', 'coop')).toBe('submitted');
  });

  it('refuses what cannot happen now, naming the state and the action', () => {
    const refusal = (() => {
      try {
        nextState('declined', 'accept', 'coop');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(IllegalTransitionError);
    expect(refusal).toMatchObject({ state: 'declined', event: 'accept', statusCode: 409 });
    // Done cannot be undone, an unconfirmed request is invisible to the co-op, and an outcome waits for the day.
    expect(() => nextState('completed', 'withdraw', 'requester')).toThrow(IllegalTransitionError);
    expect(() => nextState('unconfirmed', 'accept', 'coop')).toThrow(IllegalTransitionError);
    expect(() => nextState('accepted', 'record_outcome', 'coop')).toThrow(IllegalTransitionError);
  });

  it('lets each party do only its own part', () => {
    // The co-op cannot withdraw for the requester, nor the requester accept their own request.
    expect(() => nextState('submitted', 'withdraw', 'coop')).toThrow(IllegalTransitionError);
    expect(() => nextState('submitted', 'accept', 'requester')).toThrow(IllegalTransitionError);
    expect(() => nextState('submitted', 'expire', 'coop')).toThrow(IllegalTransitionError);
  });

  it('never leaves a closed state except to record an outcome, whatever is tried', () => {
    const parties: RequestParty[] = ['requester', 'coop', 'system'];
    fc.assert(
      fc.property(
        fc.constantFrom(...requestStates),
        fc.constantFrom(...requestEvents),
        fc.constantFrom(...parties),
        (state, event, party) => {
          const closed = closedStates.includes(state);
          if (!allowed(state, event, party)) {
            expect(() => nextState(state, event, party)).toThrow(IllegalTransitionError);
            return;
          }
          const next = nextState(state, event, party);
          if (closed) expect(next).toBe(state);
          expect(requestStates).toContain(next);
        },
      ),
    );
  });
});

describe('business days', () => {
  it('skip weekends and Japanese public holidays', () => {
    expect(isBusinessDay('2026-12-02')).toBe(true); // a Wednesday
    expect(isBusinessDay('2026-12-05')).toBe(false); // Saturday
    expect(isBusinessDay('2027-01-01')).toBe(false); // 元日, a Friday
    expect(isBusinessDay('2026-11-23')).toBe(false); // 勤労感謝の日, a Monday
  });

  it('count the full days that passed between two instants in Tokyo', () => {
    // Friday 20 Nov 2026 → Wednesday 25 Nov: Monday 23 is a holiday, so only Tuesday 24 has fully passed.
    expect(businessDaysBetween(new Date('2026-11-20T01:00:00Z'), new Date('2026-11-25T01:00:00Z'))).toBe(1);
    // Monday 30 Nov → Friday 4 Dec: Tuesday, Wednesday, Thursday.
    expect(businessDaysBetween(new Date('2026-11-30T01:00:00Z'), new Date('2026-12-04T01:00:00Z'))).toBe(3);
    // Over New Year: Monday 28 Dec 2026 → Tuesday 5 Jan 2027 counts 29, 30, 31 Dec and Monday 4 Jan.
    expect(businessDaysBetween(new Date('2026-12-28T01:00:00Z'), new Date('2027-01-05T01:00:00Z'))).toBe(4);
  });
});
