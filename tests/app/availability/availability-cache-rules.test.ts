import { describe, expect, it } from 'vitest';
import { availabilityCache, availabilityValidUntil, MAX_CACHED_MS } from '../../../src/app/availability/availability-cache.ts';
import type { AvailabilityInput, BookedTime, FreeSlot } from '../../../src/domain/index.ts';

const NOW = Date.UTC(2031, 2, 3, 6, 0);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

const entry = (result: string, computedAt = NOW, validUntil = NOW + MIN, began = 0) => ({ result, snapshot: '1:1:', computedAt, validUntil, began });

describe('the availability cache', () => {
  it('answers only inside [computedAt, validUntil) and forgets an outdated answer', () => {
    const cache = availabilityCache<string>();
    cache.set('k', entry('week'));
    expect(cache.get('k', NOW)?.result).toBe('week');
    expect(cache.get('k', NOW + MIN - 1)?.result).toBe('week');
    // A clock set back (a test, a corrected host clock) gets no answer computed "later".
    expect(cache.get('k', NOW - 1)).toBeUndefined();
    expect(cache.size).toBe(0);
    cache.set('k', entry('week'));
    expect(cache.get('k', NOW + MIN)).toBeUndefined();
    expect(cache.get('k', NOW)).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the least recently used', () => {
    const cache = availabilityCache<string>({ maxEntries: 2 });
    cache.set('a', entry('A'));
    cache.set('b', entry('B'));
    expect(cache.get('a', NOW)?.result).toBe('A');
    cache.set('c', entry('C'));
    expect(cache.size).toBe(2);
    expect(cache.get('b', NOW)).toBeUndefined();
    expect(cache.get('a', NOW)?.result).toBe('A');
    expect(cache.get('c', NOW)?.result).toBe('C');
  });

  it('gives a request only what a load begun after it came read, under way or kept', async () => {
    const cache = availabilityCache<string>();
    const early = cache.ticket();
    const began = cache.ticket();
    let finish: (value: string) => void = () => {};
    const load = new Promise<string>((resolve) => (finish = resolve));
    cache.loading('k', began, load);
    const late = cache.ticket();
    expect(cache.newerThan('k', early, NOW)).toBe(load);
    // A request that came after the load began may have seen a change the load did not.
    expect(cache.newerThan('k', late, NOW)).toBeUndefined();
    expect(cache.newerThan('other', early, NOW)).toBeUndefined();
    cache.set('k', entry('fresh', NOW, NOW + MIN, began));
    finish('fresh');
    await load;
    await Promise.resolve();
    expect(cache.newerThan('k', early, NOW)).toBe('fresh');
    expect(cache.newerThan('k', late, NOW)).toBeUndefined();
    // Kept, but outdated by time.
    expect(cache.newerThan('k', early, NOW + MIN)).toBeUndefined();
  });

  it('forgets a failed load', async () => {
    const cache = availabilityCache<string>();
    const ticket = cache.ticket();
    const load = Promise.reject(new Error('gone'));
    cache.loading('k', cache.ticket(), load);
    await expect(load).rejects.toThrow('gone');
    await Promise.resolve();
    expect(cache.newerThan('k', ticket, NOW)).toBeUndefined();
  });
});

const input = (bookings: BookedTime[], policy: Partial<AvailabilityInput['policy']> = {}): AvailabilityInput => ({
  service: { id: 's', durationMin: 60, bufferBeforeMin: 0, bufferAfterMin: 0, requiredResourceKinds: [], seats: null },
  staff: [],
  bookings,
  policy: { minNoticeMin: 60, horizonDays: 60, slotStepMin: 30, ...policy },
  now: NOW,
});
const booking = (status: BookedTime['status'], holdExpiresAt: number | null): BookedTime => ({
  id: 'b',
  serviceId: 's',
  staffId: 'x',
  resourceIds: [],
  startsAt: NOW + DAY,
  endsAt: NOW + DAY + 60 * MIN,
  bufferBeforeMin: 0,
  bufferAfterMin: 0,
  status,
  holdExpiresAt,
});
const slot = (startsAt: number): FreeSlot => ({ startsAt, endsAt: startsAt + 60 * MIN, local: { date: '2031-03-04', time: '09:00', weekday: 2 } as FreeSlot['local'], staffIds: ['x'], assignedStaffId: 'x', seatsLeft: null });
const week = { to: NOW + 7 * DAY };

describe('how long free slots stay right with no change in the data', () => {
  it.each([
    ['nothing bounds it but the longest an answer is kept', [], [], NOW + MAX_CACHED_MS],
    ['a hold lapsing frees its time', [booking('held', NOW + 30_000)], [], NOW + 30_000],
    ['a hold with no expiry, a lapsed one and a confirmed booking do not bound it', [booking('held', null), booking('held', NOW - 1), booking('confirmed', null)], [], NOW + MAX_CACHED_MS],
    ['the first slot coming inside the hour of notice takes it away', [], [slot(NOW + 60 * MIN + 20_000), slot(NOW + 2 * DAY)], NOW + 20_000],
  ] as const)('%s', (_name, bookings, slots, until) => {
    expect(availabilityValidUntil(input([...bookings]), slots, week, NOW)).toBe(until);
  });

  it('keeps nothing for a range past the booking horizon, where slots appear as time moves', () => {
    expect(availabilityValidUntil(input([], { horizonDays: 3 }), [], week, NOW)).toBeNull();
    expect(availabilityValidUntil(input([], { horizonDays: 7 }), [], week, NOW)).toBe(NOW + MAX_CACHED_MS);
  });

  it('keeps nothing when the first slot is already at the notice line', () => {
    expect(availabilityValidUntil(input([]), [slot(NOW + 60 * MIN)], week, NOW)).toBeNull();
  });
});
