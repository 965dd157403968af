import { describe, expect, it } from 'vitest';
import { pickFreeResource, type BookedTime, type Resource } from '../../src/domain/index.ts';

const H = 3_600_000;
const room = (id: string, capacity: number, status: Resource['status'] = 'active'): Resource => ({ id, kind: 'room', capacity, status });
const use = (id: string, resourceId: string, fromH: number, toH: number, extra: Partial<BookedTime> & { sessionKey?: string } = {}) => ({
  id,
  serviceId: 'svc',
  staffId: 'st',
  resourceIds: [resourceId],
  startsAt: fromH * H,
  endsAt: toH * H,
  bufferBeforeMin: 0,
  bufferAfterMin: 0,
  status: 'confirmed' as const,
  ...extra,
});

describe('pickFreeResource', () => {
  it.each([
    ['an empty room', [room('a', 1)], [], [9, 10], 'a'],
    ['the next room when the first is busy', [room('a', 1), room('b', 1)], [use('x', 'a', 9, 10)], [9, 10], 'b'],
    ['nothing when every room is busy', [room('a', 1)], [use('x', 'a', 9.5, 10.5)], [9, 10], null],
    ['a room whose booking ends as ours starts', [room('a', 1)], [use('x', 'a', 8, 9)], [9, 10], 'a'],
    ['no room under maintenance', [room('a', 1, 'maintenance')], [], [9, 10], null],
    ['a capacity-2 room with one use', [room('a', 2)], [use('x', 'a', 9, 10)], [9, 10], 'a'],
    ['a capacity-2 room used by two bookings that never overlap each other', [room('a', 2)], [use('x', 'a', 9, 10), use('y', 'a', 10, 11)], [9.5, 10.5], 'a'],
    ['not a capacity-2 room used twice at once', [room('a', 2)], [use('x', 'a', 9, 10), use('y', 'a', 9.5, 11)], [9.5, 10.5], null],
    ['ignores cancelled bookings', [room('a', 1)], [use('x', 'a', 9, 10, { status: 'cancelled' })], [9, 10], 'a'],
    ['counts seats of one group session once', [room('a', 2)], [use('x', 'a', 9, 10, { sessionKey: 's1' }), use('y', 'a', 9, 10, { sessionKey: 's1' })], [9, 10], 'a'],
  ] as const)('%s', (_label, resources, bookings, [from, to], expected) => {
    expect(pickFreeResource(resources, bookings, { start: from * H, end: to * H }, 0)).toBe(expected);
  });

  it("joins the room of its own group session even when that room is full", () => {
    const seats = [use('x', 'a', 9, 10, { sessionKey: 'yoga' }), use('y', 'b', 9, 10)];
    expect(pickFreeResource([room('a', 1), room('b', 1)], seats, { start: 9 * H, end: 10 * H }, 0, 'yoga')).toBe('a');
  });
});
