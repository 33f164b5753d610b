/** The school's confirmation step in the state machine (requests.rules.ts), without a database. */
import { describe, expect, it } from 'vitest';
import {
  acceptanceEvent,
  allowed,
  IllegalTransitionError,
  nextState,
  placeHoldingStates,
} from '../../src/modules/requests/requests.rules.js';

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
