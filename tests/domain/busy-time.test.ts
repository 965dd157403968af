import { describe, expect, it } from 'vitest';
import { lapsedHoldInTheWay, type BookedTime } from '../../src/domain/index.ts';

const MIN = 60_000;
const NOW = 1_000 * MIN;
const hold = (over: Partial<BookedTime> = {}): BookedTime => ({
  id: 'h',
  serviceId: 's',
  staffId: 'ann',
  resourceIds: [],
  startsAt: 600 * MIN,
  endsAt: 660 * MIN,
  bufferBeforeMin: 0,
  bufferAfterMin: 0,
  status: 'held',
  holdExpiresAt: NOW - MIN,
  ...over,
});
// A placement at 10:00–11:00 for Ann (blocked time as given).
const placed = (over: Partial<{ staffId: string; resourceId: string | null; blockedFrom: number; blockedUntil: number }> = {}) => ({
  staffId: 'ann',
  resourceId: null,
  blockedFrom: 600 * MIN,
  blockedUntil: 660 * MIN,
  ...over,
});

describe('lapsedHoldInTheWay', () => {
  it.each([
    ['a lapsed hold of the same specialist over the same time', hold(), placed(), true],
    ['a hold that lapses exactly now', hold({ holdExpiresAt: NOW }), placed(), true],
    ['a hold still running', hold({ holdExpiresAt: NOW + 1 }), placed(), false],
    ['a confirmed booking (not a hold)', hold({ status: 'confirmed', holdExpiresAt: null }), placed(), false],
    ['a hold without an expiry', hold({ holdExpiresAt: null }), placed(), false],
    ['another specialist', hold({ staffId: 'bob' }), placed(), false],
    ['another specialist on the same resource', hold({ staffId: 'bob', resourceIds: ['room'] }), placed({ resourceId: 'room' }), true],
    ['another specialist on another resource', hold({ staffId: 'bob', resourceIds: ['room'] }), placed({ resourceId: 'chair' }), false],
    ['ending where the placement starts', hold({ startsAt: 540 * MIN, endsAt: 600 * MIN }), placed(), false],
    ['its buffer reaching into the placement', hold({ startsAt: 540 * MIN, endsAt: 600 * MIN, bufferAfterMin: 10 }), placed(), true],
    ['starting where the placement ends', hold({ startsAt: 660 * MIN, endsAt: 720 * MIN }), placed(), false],
    ['the placement’s own buffer reaching it', hold({ startsAt: 660 * MIN, endsAt: 720 * MIN }), placed({ blockedUntil: 670 * MIN }), true],
  ])('%s → %s', (_what, booked, where, expected) => {
    expect(lapsedHoldInTheWay([booked], where, NOW)).toBe(expected);
  });

  it('finds one among many, and none in an empty list', () => {
    expect(lapsedHoldInTheWay([hold({ staffId: 'bob' }), hold({ holdExpiresAt: NOW + 5 }), hold()], placed(), NOW)).toBe(true);
    expect(lapsedHoldInTheWay([], placed(), NOW)).toBe(false);
  });
});
