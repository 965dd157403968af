import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyBookingEvent,
  BOOKING_STATUSES,
  BOOKING_TRANSITIONS,
  ChangeCutoffPassed,
  customerCutoffPassed,
  HoldExpired,
  InvalidBookingTransition,
  TooEarlyToMark,
  ARRIVAL_WINDOW_MINUTES,
  newHold,
  type Actor,
  type BookingEvent,
  type BookingLifecycleState,
  type BookingStatus,
} from '../../src/domain/index.ts';
import { HOUR, MIN } from './scheduling-fixtures.ts';

const T0 = Date.UTC(2026, 5, 1, 9);
const START = T0 + 48 * HOUR;
const policy = { cancelCutoffMin: 24 * 60, rescheduleCutoffMin: 12 * 60 };
const held = newHold(START, START + HOUR, T0, 15);
const inStatus = (status: BookingStatus): BookingLifecycleState => ({ ...held, status, holdExpiresAt: status === 'held' ? held.holdExpiresAt : null });

const events: Record<BookingEvent['type'], BookingEvent> = {
  await: { type: 'await', by: 'system', awaiting: 'payment' },
  confirm: { type: 'confirm', by: 'business' },
  complete: { type: 'complete', by: 'business' },
  mark_no_show: { type: 'mark_no_show', by: 'business' },
  cancel: { type: 'cancel', by: 'business', reason: 'ill' },
  reschedule: { type: 'reschedule', by: 'business', startsAt: START + HOUR, endsAt: START + 2 * HOUR },
  expire_hold: { type: 'expire_hold' },
};

describe('transition table', () => {
  // For each (status, event): the resulting status, or null when it must be rejected.
  // Time is chosen so that time rules pass: after the start for complete/no-show,
  // after hold expiry for expire_hold, before expiry for the others.
  const table: [BookingStatus, BookingEvent['type'], BookingStatus | null][] = [
    ['held', 'await', 'pending'],
    ['held', 'confirm', 'confirmed'],
    ['held', 'cancel', 'cancelled'],
    ['held', 'reschedule', 'held'],
    ['held', 'expire_hold', 'cancelled'],
    ['held', 'complete', null],
    ['held', 'mark_no_show', null],
    ['pending', 'confirm', 'confirmed'],
    ['pending', 'cancel', 'cancelled'],
    ['pending', 'reschedule', 'pending'],
    ['pending', 'await', null],
    ['pending', 'complete', null],
    ['pending', 'expire_hold', null],
    ['confirmed', 'complete', 'completed'],
    ['confirmed', 'mark_no_show', 'no_show'],
    ['confirmed', 'cancel', 'cancelled'],
    ['confirmed', 'reschedule', 'confirmed'],
    ['confirmed', 'confirm', null],
    ['confirmed', 'await', null],
    ...(['completed', 'cancelled', 'no_show'] as const).flatMap((s) =>
      (Object.keys(events) as BookingEvent['type'][]).map((e): [BookingStatus, BookingEvent['type'], null] => [s, e, null]),
    ),
  ];
  it.each(table)('%s + %s → %s', (status, type, expected) => {
    const now = type === 'complete' || type === 'mark_no_show' ? START + MIN : type === 'expire_hold' ? T0 + HOUR : T0 + MIN;
    const run = () => applyBookingEvent(inStatus(status), events[type], now, policy);
    if (expected === null) expect(run).toThrow(InvalidBookingTransition);
    else expect(run().status).toBe(expected);
  });

  it('covers every status', () => {
    expect(new Set(table.map(([s]) => s))).toEqual(new Set(BOOKING_STATUSES));
  });
});

describe('time rules', () => {
  it.each<[string, BookingLifecycleState, BookingEvent, number, unknown]>([
    ['confirming a lapsed hold', held, events.confirm, T0 + 15 * MIN, HoldExpired],
    ['awaiting payment on a lapsed hold', held, events.await, T0 + 20 * MIN, HoldExpired],
    ['expiring a live hold', held, events.expire_hold, T0 + 14 * MIN, InvalidBookingTransition],
    ['arrival more than 30 minutes before the start', inStatus('confirmed'), events.complete, START - 31 * MIN, TooEarlyToMark],
    ['no-show before the start', inStatus('confirmed'), events.mark_no_show, START - MIN, TooEarlyToMark],
    ['customer cancels inside the 24 h cutoff', inStatus('confirmed'), { type: 'cancel', by: 'customer', reason: 'x' }, START - 24 * HOUR + 1, ChangeCutoffPassed],
    ['customer reschedules inside the 12 h cutoff', inStatus('pending'), { type: 'reschedule', by: 'customer', startsAt: START + HOUR, endsAt: START + 2 * HOUR }, START - 12 * HOUR + 1, ChangeCutoffPassed],
    ['reschedule to an empty span', inStatus('confirmed'), { type: 'reschedule', by: 'business', startsAt: START, endsAt: START }, T0, InvalidBookingTransition],
  ])('rejects %s', (_name, state, event, now, error) => {
    expect(() => applyBookingEvent(state, event, now, policy)).toThrow(error as typeof Error);
  });

  it.each<[string, BookingLifecycleState, BookingEvent, number]>([
    ['customer cancels exactly at the cutoff', inStatus('confirmed'), { type: 'cancel', by: 'customer', reason: 'x' }, START - 24 * HOUR],
    ['business cancels inside the cutoff', inStatus('confirmed'), { type: 'cancel', by: 'business', reason: 'x' }, START - MIN],
    ['business reschedules inside the cutoff', inStatus('confirmed'), { type: 'reschedule', by: 'business', startsAt: START + HOUR, endsAt: START + 2 * HOUR }, START - MIN],
    ['customer drops their own hold at any time', held, { type: 'cancel', by: 'customer', reason: 'changed mind' }, T0 + HOUR],
  ])('allows %s', (_name, state, event, now) => {
    expect(() => applyBookingEvent(state, event, now, policy)).not.toThrow();
  });
});

describe('records', () => {
  it('cancel records who and why; expiry is the system', () => {
    const c = applyBookingEvent(inStatus('confirmed'), { type: 'cancel', by: 'customer', reason: 'sick' }, T0, policy);
    expect([c.cancelledBy, c.cancelReason]).toEqual(['customer', 'sick']);
    const e = applyBookingEvent(held, { type: 'expire_hold' }, T0 + HOUR, policy);
    expect([e.status, e.cancelledBy, e.cancelReason]).toEqual(['cancelled', 'system', 'hold_expired']);
  });

  it('reschedule keeps the booking and its status, and appends history', () => {
    const confirmed = applyBookingEvent(held, events.confirm, T0 + MIN, policy);
    const moved = applyBookingEvent(confirmed, { type: 'reschedule', by: 'customer', startsAt: START + 3 * HOUR, endsAt: START + 4 * HOUR }, T0 + 2 * MIN, policy);
    expect(moved.status).toBe('confirmed');
    expect(moved.startsAt).toBe(START + 3 * HOUR);
    expect(moved.history.map((h) => [h.event, h.fromStatus, h.toStatus, h.fromStartsAt, h.toStartsAt])).toEqual([
      ['confirm', 'held', 'confirmed', START, START],
      ['reschedule', 'confirmed', 'confirmed', START, START + 3 * HOUR],
    ]);
    expect(confirmed.history).toHaveLength(1); // inputs are never mutated
  });

  it('confirm clears the hold expiry and what it awaited', () => {
    const pending = applyBookingEvent(held, events.await, T0, policy);
    expect(pending.awaiting).toBe('payment');
    const confirmed = applyBookingEvent(pending, events.confirm, T0 + HOUR, policy);
    expect([confirmed.awaiting, confirmed.holdExpiresAt]).toEqual([null, null]);
  });

  it('property: every event sequence follows the table — allowed transitions succeed, only the time rules refuse them', () => {
    // Time moves forward: often by minutes (inside the hold), sometimes by up to two days (past the start).
    const step = fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 48 * 60 }));
    const at = fc.integer({ min: 0, max: 72 * 60 });
    const by = fc.constantFrom<Actor>('customer', 'business', 'system');
    const eventArb: fc.Arbitrary<BookingEvent> = fc.oneof(
      fc.record({ type: fc.constant('await' as const), by, awaiting: fc.constantFrom('payment' as const, 'approval' as const) }),
      fc.record({ type: fc.constant('confirm' as const), by }),
      fc.record({ type: fc.constant('complete' as const), by }),
      fc.record({ type: fc.constant('mark_no_show' as const), by }),
      fc.record({ type: fc.constant('cancel' as const), by, reason: fc.constant('x') }),
      fc.record({ type: fc.constant('expire_hold' as const) }),
      fc.tuple(by, at, fc.integer({ min: -60, max: 180 })).map(([who, minute, length]): BookingEvent => ({
        type: 'reschedule',
        by: who,
        startsAt: T0 + minute * MIN,
        endsAt: T0 + (minute + length) * MIN,
      })),
    );
    const succeeded = new Set<string>();
    fc.assert(
      fc.property(fc.array(fc.tuple(eventArb, step), { maxLength: 12 }), (steps) => {
        let state = held;
        let minute = 0;
        for (const [event, minutes] of steps) {
          minute += minutes;
          const now = T0 + minute * MIN;
          const expected = expectedOutcome(state, event, now);
          let next: BookingLifecycleState;
          try {
            next = applyBookingEvent(state, event, now, policy);
          } catch (error) {
            // Refused: exactly when, and with the error, the rules say.
            if (typeof expected !== 'function') throw new Error(`${event.type} of a ${state.status} booking was refused, but the rules allow it`, { cause: error });
            expect(error).toBeInstanceOf(expected);
            continue;
          }
          // Accepted: the table allowed it and no time rule stood in the way.
          expect(expected).toHaveProperty('status', next.status);
          expect(next.history).toHaveLength(state.history.length + 1);
          expect(next.history.at(-1)).toMatchObject({ event: event.type, fromStatus: state.status, toStatus: next.status, at: now });
          succeeded.add(`${state.status} ${event.type}`);
          state = next;
        }
      }),
      { numRuns: 500 },
    );
    // The runs reached every transition the table allows, and saw each one succeed.
    const allowed = Object.entries(BOOKING_TRANSITIONS).flatMap(([type, rule]) => rule.from.map((from) => `${from} ${type}`));
    expect([...succeeded].sort()).toEqual(allowed.sort());
  });
});

type RefusalClass = typeof InvalidBookingTransition | typeof HoldExpired | typeof ChangeCutoffPassed | typeof TooEarlyToMark;

/**
 * The outcome the documented rules give, worked out here from the transition table
 * and the time rules rather than by the lifecycle itself: the status the booking
 * moves to, or the error that refuses the event.
 */
function expectedOutcome(state: BookingLifecycleState, event: BookingEvent, now: number): { status: BookingStatus } | RefusalClass {
  const rule = BOOKING_TRANSITIONS[event.type];
  if (!rule.from.includes(state.status)) return InvalidBookingTransition;
  const lapsed = state.status === 'held' && state.holdExpiresAt !== null && now >= state.holdExpiresAt;
  if (event.type === 'expire_hold') return lapsed ? { status: 'cancelled' } : InvalidBookingTransition;
  if (lapsed && event.type !== 'cancel') return HoldExpired;
  if (event.type === 'complete' && now < state.startsAt - ARRIVAL_WINDOW_MINUTES * MIN) return TooEarlyToMark;
  if (event.type === 'mark_no_show' && now < state.startsAt) return TooEarlyToMark;
  if (event.by === 'customer' && state.status !== 'held' && (event.type === 'cancel' || event.type === 'reschedule')) {
    const cutoffMin = event.type === 'cancel' ? policy.cancelCutoffMin : policy.rescheduleCutoffMin;
    if (now > state.startsAt - cutoffMin * MIN) return ChangeCutoffPassed;
  }
  if (event.type === 'reschedule' && !(event.endsAt > event.startsAt)) return InvalidBookingTransition;
  return { status: rule.to ?? state.status };
}

describe('customerCutoffPassed', () => {
  const policy = { cancelCutoffMin: 120, rescheduleCutoffMin: 60 };
  const startsAt = Date.UTC(2031, 2, 4, 12, 0);
  it.each([
    ['confirmed', 'cancel', 121, false],
    ['confirmed', 'cancel', 120, false],
    ['confirmed', 'cancel', 119, true],
    ['pending', 'reschedule', 61, false],
    ['pending', 'reschedule', 59, true],
    ['held', 'cancel', 1, false],
  ] as const)('%s, %s, %i minutes before the start → passed: %s', (status, change, minutesBefore, passed) => {
    const late = customerCutoffPassed({ status, startsAt }, change, startsAt - minutesBefore * 60_000, policy);
    expect(late !== null).toBe(passed);
    if (late) expect(late).toMatchObject({ code: 'change_cutoff_passed', params: { cutoffMin: change === 'cancel' ? 120 : 60 } });
  });
});

describe('the arrival window', () => {
  it.each([
    [30, 'completed'],
    [1, 'completed'],
  ] as const)('arrival %i minutes before the start → %s', (minutesBefore, to) => {
    expect(applyBookingEvent(inStatus('confirmed'), events.complete, START - minutesBefore * MIN, policy).status).toBe(to);
  });

  it('says from when it can be marked', () => {
    expect(() => applyBookingEvent(inStatus('confirmed'), events.complete, START - HOUR, policy)).toThrow(
      expect.objectContaining({ allowedFrom: START - ARRIVAL_WINDOW_MINUTES * MIN, i18nKey: 'errors.too_early_arrived' }),
    );
  });
});
