import { describe, expect, it } from 'vitest';
import { findFreeSlots, type AvailabilityInput } from '../../src/domain/index.ts';
import { at, baseInput, booking, DAY, HOUR, MIN, MONDAY_0900_ALMATY as MON, NOW, times, weekdayStaff } from './scheduling-fixtures.ts';

const monday = { from: MON - 9 * HOUR, to: MON + 15 * HOUR, labelZone: 'Asia/Almaty' };
const slotsOn = (input: AvailabilityInput, range = monday): string[] => times(findFreeSlots(input, range));

describe('findFreeSlots: one staff member, one day (Almaty, 09:00–17:00, 60-min service)', () => {
  it.each<[string, Partial<AvailabilityInput>, string[]]>([
    ['an empty day', {}, ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']],
    ['step 30', { policy: { minNoticeMin: 0, horizonDays: 60, slotStepMin: 30 } }, ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00']],
    ['a booking 10:00–11:00 blocks one slot', { bookings: [booking('ann', MON + HOUR, 60)] }, ['09:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']],
    ['a booking 10:30–11:00 blocks two slots', { bookings: [booking('ann', MON + 90 * MIN, 30)] }, ['09:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']],
    [
      "an existing booking's buffer after blocks the next slot",
      { bookings: [booking('ann', MON + HOUR, 60, { bufferAfterMin: 15 })] },
      ['09:00', '12:00', '13:00', '14:00', '15:00', '16:00'],
    ],
    [
      "the service's own buffers must be clear",
      {
        service: { id: 'svc', durationMin: 60, bufferBeforeMin: 15, bufferAfterMin: 0 },
        bookings: [booking('ann', MON + 2 * HOUR, 60)],
      },
      ['09:00', '10:00', '13:00', '14:00', '15:00', '16:00'],
    ],
    ['a cancelled booking does not block', { bookings: [booking('ann', MON + HOUR, 60, { status: 'cancelled' })] }, ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']],
    ['a completed booking does not block', { bookings: [booking('ann', MON + HOUR, 60, { status: 'completed' })] }, ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']],
    ['a live hold blocks', { bookings: [booking('ann', MON + HOUR, 60, { status: 'held', holdExpiresAt: NOW + MIN })] }, ['09:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']],
    ['an expired hold does not block', { bookings: [booking('ann', MON + HOUR, 60, { status: 'held', holdExpiresAt: NOW })] }, ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']],
    ["another staff member's booking does not block", { bookings: [booking('bob', MON + HOUR, 60)] }, ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']],
    ['external calendar busy blocks', { externalBusy: [{ staffId: 'ann', start: MON + 5 * HOUR, end: MON + 6 * HOUR + 1 }] }, ['09:00', '10:00', '11:00', '12:00', '13:00', '16:00']],
    ['time off blocks', { staff: [weekdayStaff('ann', { timeOff: [{ start: MON - DAY, end: MON + 3 * HOUR }] })] }, ['12:00', '13:00', '14:00', '15:00', '16:00']],
    ['a break 13:00–14:00', { staff: [weekdayStaff('ann', { breaks: [{ start: '13:00', end: '14:00' }] })] }, ['09:00', '10:00', '11:00', '12:00', '14:00', '15:00', '16:00']],
    ['a break on other weekdays only', { staff: [weekdayStaff('ann', { breaks: [{ start: '13:00', end: '14:00', weekdays: [2] }] })] }, ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']],
    ['two intervals a day', { staff: [weekdayStaff('ann', { weeklyHours: { 1: [{ start: '09:00', end: '11:00' }, { start: '14:30', end: '17:00' }] } })] }, ['09:00', '10:00', '14:30', '15:30']],
    ['a date override replaces the day', { staff: [weekdayStaff('ann', { dateOverrides: { '2026-06-01': [{ start: '12:00', end: '14:00' }] } })] }, ['12:00', '13:00']],
    ['an empty override closes the day', { staff: [weekdayStaff('ann', { dateOverrides: { '2026-06-01': [] } })] }, []],
    ['minimum notice (inclusive)', { now: MON + HOUR, policy: { minNoticeMin: 120, horizonDays: 60, slotStepMin: 60 } }, ['12:00', '13:00', '14:00', '15:00', '16:00']],
    ['horizon (now + 1 day, inclusive)', { now: MON - DAY + 2 * HOUR, policy: { minNoticeMin: 0, horizonDays: 1, slotStepMin: 60 } }, ['09:00', '10:00', '11:00']],
    ['step = service duration (90 min)', { service: { id: 'svc', durationMin: 90, bufferBeforeMin: 0, bufferAfterMin: 0 }, policy: { minNoticeMin: 0, horizonDays: 60, slotStepMin: 'duration' } }, ['09:00', '10:30', '12:00', '13:30', '15:00']],
    ['daily cap reached', { staff: [weekdayStaff('ann', { maxBookingsPerDay: 1 })], bookings: [booking('ann', MON, 60)] }, []],
    ['daily cap not yet reached', { staff: [weekdayStaff('ann', { maxBookingsPerDay: 2 })], bookings: [booking('ann', MON, 60)] }, ['10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']],
  ])('%s', (_name, extra, expected) => {
    expect(slotsOn(baseInput(extra))).toEqual(expected);
  });
});

describe('findFreeSlots: resources', () => {
  const needsRoom = { id: 'svc', durationMin: 60, bufferBeforeMin: 0, bufferAfterMin: 0, requiredResourceKinds: ['room'] };
  it.each<[string, Partial<AvailabilityInput>, string[]]>([
    ['no resource of the kind: nothing', { service: needsRoom, resources: [] }, []],
    ['a room under maintenance: nothing', { service: needsRoom, resources: [{ id: 'r1', kind: 'room', capacity: 1, status: 'maintenance' }] }, []],
    [
      'a room used by another staff member 10:00–12:00',
      { service: needsRoom, resources: [{ id: 'r1', kind: 'room', capacity: 1, status: 'active' }], bookings: [booking('bob', MON + HOUR, 120, { resourceIds: ['r1'] })] },
      ['09:00', '12:00', '13:00', '14:00', '15:00', '16:00'],
    ],
    [
      'capacity 2 with one use: still free',
      { service: needsRoom, resources: [{ id: 'r1', kind: 'room', capacity: 2, status: 'active' }], bookings: [booking('bob', MON + HOUR, 60, { resourceIds: ['r1'] })] },
      ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00'],
    ],
    [
      'capacity 2 with two overlapping uses: full only where both overlap',
      {
        service: needsRoom,
        resources: [{ id: 'r1', kind: 'room', capacity: 2, status: 'active' }],
        bookings: [booking('bob', MON + HOUR, 120, { resourceIds: ['r1'] }), booking('cid', MON + 2 * HOUR, 120, { resourceIds: ['r1'] })],
      },
      ['09:00', '10:00', '12:00', '13:00', '14:00', '15:00', '16:00'],
    ],
    [
      'two rooms: one busy, the other free',
      {
        service: needsRoom,
        resources: [{ id: 'r1', kind: 'room', capacity: 1, status: 'active' }, { id: 'r2', kind: 'room', capacity: 1, status: 'active' }],
        bookings: [booking('bob', MON, 480, { resourceIds: ['r1'] })],
      },
      ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00'],
    ],
    [
      'two rooms busy at different times: a slot needs one room for its whole span',
      {
        service: { ...needsRoom, durationMin: 120 },
        resources: [{ id: 'r1', kind: 'room', capacity: 1, status: 'active' }, { id: 'r2', kind: 'room', capacity: 1, status: 'active' }],
        bookings: [booking('bob', MON + HOUR, 60, { resourceIds: ['r1'] }), booking('cid', MON + 2 * HOUR, 60, { resourceIds: ['r2'] })],
      },
      ['09:00', '11:00', '12:00', '13:00', '14:00', '15:00'],
    ],
    [
      'a maintenance window blocks that room',
      { service: needsRoom, resources: [{ id: 'r1', kind: 'room', capacity: 1, status: 'active', unavailable: [{ start: MON, end: MON + 4 * HOUR }] }] },
      ['13:00', '14:00', '15:00', '16:00'],
    ],
  ])('%s', (_name, extra, expected) => {
    expect(slotsOn(baseInput(extra))).toEqual(expected);
  });
});

describe('findFreeSlots: any specialist', () => {
  const three = [weekdayStaff('cid'), weekdayStaff('ann'), weekdayStaff('bob')];
  it('lists every staff member who can take each slot, sorted by id', () => {
    const slots = findFreeSlots(baseInput({ staff: three, bookings: [booking('ann', MON, 60)] }), monday);
    expect(slots[0]?.staffIds).toEqual(['bob', 'cid']);
    expect(slots[1]?.staffIds).toEqual(['ann', 'bob', 'cid']);
  });

  it.each<[string, ReturnType<typeof booking>[], string]>([
    ['nobody booked that day: smallest id', [], 'ann'],
    ['ann has one booking that day: bob', [booking('ann', MON + 7 * HOUR, 60)], 'bob'],
    ['ann and bob booked: cid', [booking('ann', MON + 7 * HOUR, 60), booking('bob', MON + 6 * HOUR, 60)], 'cid'],
    ['bookings on other days do not count', [booking('ann', MON + DAY, 60)], 'ann'],
    ['cancelled bookings do not count', [booking('ann', MON + 7 * HOUR, 60, { status: 'cancelled' })], 'ann'],
  ])('assigns the 09:00 slot fairly: %s', (_name, bookings, expected) => {
    const first = findFreeSlots(baseInput({ staff: three, bookings }), monday)[0];
    expect(first?.local.time).toBe('09:00');
    expect(first?.assignedStaffId).toBe(expected);
  });

  it('merges staff with different hours into one sorted list', () => {
    const early = weekdayStaff('ann', { weeklyHours: { 1: [{ start: '08:00', end: '10:00' }] } });
    const late = weekdayStaff('bob', { weeklyHours: { 1: [{ start: '09:30', end: '11:30' }] } });
    const slots = findFreeSlots(baseInput({ staff: [late, early] }), monday);
    expect(slots.map((s) => `${s.local.time} ${s.staffIds.join('+')}`)).toEqual(['08:00 ann', '09:00 ann', '09:30 bob', '10:30 bob']);
  });
});

describe('findFreeSlots: group sessions', () => {
  const yoga = { id: 'yoga', durationMin: 60, bufferBeforeMin: 0, bufferAfterMin: 0, seats: 3 };
  const seat = (startsAt: number, seats = 1) => booking('ann', startsAt, 60, { serviceId: 'yoga', seats });
  it.each<[string, ReturnType<typeof booking>[], string[]]>([
    ['empty day: every session has all seats', [], ['09:00/3', '10:00/3', '11:00/3', '12:00/3', '13:00/3', '14:00/3', '15:00/3', '16:00/3']],
    ['one seat taken at 10:00', [seat(MON + HOUR)], ['09:00/3', '10:00/2', '11:00/3', '12:00/3', '13:00/3', '14:00/3', '15:00/3', '16:00/3']],
    ['a full 10:00 session disappears', [seat(MON + HOUR, 2), seat(MON + HOUR)], ['09:00/3', '11:00/3', '12:00/3', '13:00/3', '14:00/3', '15:00/3', '16:00/3']],
    ['a one-to-one booking blocks sessions it overlaps', [booking('ann', MON + 90 * MIN, 30)], ['09:00/3', '11:00/3', '12:00/3', '13:00/3', '14:00/3', '15:00/3', '16:00/3']],
  ])('%s', (_name, bookings, expected) => {
    const slots = findFreeSlots(baseInput({ service: yoga, bookings }), monday);
    expect(slots.map((s) => `${s.local.time}/${s.seatsLeft}`)).toEqual(expected);
  });
});

describe('findFreeSlots: time zones and DST', () => {
  const kyiv = (hours: { start: string; end: string }[]) => ({ id: 'ann', timeZone: 'Europe/Kyiv', weeklyHours: { 7: hours } });
  const nightService = { id: 'svc', durationMin: 60, bufferBeforeMin: 0, bufferAfterMin: 0 };
  const range = (fromIso: string) => ({ from: at(fromIso), to: at(fromIso) + DAY, labelZone: 'Europe/Kyiv' });
  it.each<[string, string, { start: string; end: string }[], string[]]>([
    ['Kyiv spring forward: 01:00–06:00 has 4 real hours', '2026-03-28T22:00:00Z', [{ start: '01:00', end: '06:00' }], ['01:00', '02:00', '04:00', '05:00']],
    ['Kyiv fall back: 01:00–06:00 has 6 real hours', '2026-10-24T21:00:00Z', [{ start: '01:00', end: '06:00' }], ['01:00', '02:00', '03:00', '03:00', '04:00', '05:00']],
    ['an ordinary Kyiv Sunday', '2026-03-21T22:00:00Z', [{ start: '01:00', end: '06:00' }], ['01:00', '02:00', '03:00', '04:00', '05:00']],
    ['hours starting inside the gap start at its forward image', '2026-03-28T22:00:00Z', [{ start: '03:30', end: '07:00' }], ['04:30', '05:30']],
  ])('%s', (_name, from, hours, expected) => {
    const input = baseInput({ staff: [kyiv(hours)], service: nightService, now: at('2026-01-01T00:00:00Z'), policy: { minNoticeMin: 0, horizonDays: 365, slotStepMin: 60 } });
    expect(times(findFreeSlots(input, range(from)))).toEqual(expected);
  });

  const ny = { id: 'ann', timeZone: 'America/New_York', weeklyHours: { 7: [{ start: '00:00', end: '04:00' }] } };
  it.each<[string, string, string[]]>([
    ['New York spring forward (2026-03-08): 3 real hours', '2026-03-08T05:00:00Z', ['00:00', '01:00', '03:00']],
    ['New York fall back (2026-11-01): 5 real hours', '2026-11-01T04:00:00Z', ['00:00', '01:00', '01:00', '02:00', '03:00']],
  ])('%s', (_name, from, expected) => {
    const input = baseInput({ staff: [ny], service: nightService, now: at('2026-01-01T00:00:00Z'), policy: { minNoticeMin: 0, horizonDays: 365, slotStepMin: 60 } });
    const slots = findFreeSlots(input, { from: at(from), to: at(from) + DAY, labelZone: 'America/New_York' });
    expect(times(slots)).toEqual(expected);
    expect(new Set(slots.map((s) => s.startsAt)).size).toBe(slots.length);
  });

  it('never offers a start twice when the spring-forward gap pushes one interval into the next', () => {
    // 00:30–02:30 and 03:00–05:00 on 2026-03-08: 02:30 does not exist and reads as 03:30 EDT.
    const twoIntervals = { ...ny, weeklyHours: { 7: [{ start: '00:30', end: '02:30' }, { start: '03:00', end: '05:00' }] } };
    const input = baseInput({ staff: [twoIntervals], service: { ...nightService, durationMin: 30 }, now: at('2026-01-01T00:00:00Z'), policy: { minNoticeMin: 0, horizonDays: 365, slotStepMin: 30 } });
    const slots = findFreeSlots(input, { from: at('2026-03-08T05:00:00Z'), to: at('2026-03-08T05:00:00Z') + DAY, labelZone: 'America/New_York' });
    expect(times(slots)).toEqual(['00:30', '01:00', '01:30', '03:00', '03:30', '04:00', '04:30']);
    expect(slots.map((s) => s.staffIds)).toEqual(slots.map(() => ['ann']));
  });

  it('labels slots in the zone asked for, starts stay UTC', () => {
    const [first] = findFreeSlots(baseInput(), { ...monday, labelZone: 'Europe/Kyiv' });
    expect(first?.startsAt).toBe(MON);
    expect(first?.endsAt).toBe(MON + HOUR);
    expect(first?.local).toEqual({ date: '2026-06-01', time: '07:00' });
  });

  it('a staff zone differing from the label zone (Almaty staff, New York customer)', () => {
    const slots = findFreeSlots(baseInput(), { ...monday, labelZone: 'America/New_York' });
    expect(slots[0]?.local).toEqual({ date: '2026-06-01', time: '00:00' });
    expect(slots[7]?.local).toEqual({ date: '2026-06-01', time: '07:00' });
  });
});
