import { describe, expect, it } from 'vitest';
import { checkSlot, type AvailabilityInput } from '../../src/domain/index.ts';
import { baseInput, booking, DAY, HOUR, MIN, MONDAY_0900_ALMATY as MON, weekdayStaff } from './scheduling-fixtures.ts';

describe('checkSlot', () => {
  const room = { id: 'svc', durationMin: 60, bufferBeforeMin: 0, bufferAfterMin: 0, requiredResourceKinds: ['room'] };
  it.each<[string, Partial<AvailabilityInput>, number, unknown]>([
    ['a free 10:00', {}, MON + HOUR, { ok: true, staffIds: ['ann'], assignedStaffId: 'ann', seatsLeft: null }],
    ['off-grid starts are checked as asked (10:10)', {}, MON + 70 * MIN, { ok: true, staffIds: ['ann'], assignedStaffId: 'ann', seatsLeft: null }],
    ['before opening', {}, MON - MIN, { ok: false, reason: 'outside_working_hours' }],
    ['running past closing', {}, MON + 7 * HOUR + MIN, { ok: false, reason: 'outside_working_hours' }],
    ['Saturday', {}, MON + 5 * DAY + HOUR, { ok: false, reason: 'outside_working_hours' }],
    ['taken', { bookings: [booking('ann', MON + HOUR, 60)] }, MON + HOUR, { ok: false, reason: 'staff_busy' }],
    ['too soon', { now: MON, policy: { minNoticeMin: 120, horizonDays: 30, slotStepMin: 60 } }, MON + HOUR, { ok: false, reason: 'too_soon' }],
    ['beyond the horizon', { policy: { minNoticeMin: 0, horizonDays: 1, slotStepMin: 60 } }, MON + HOUR, { ok: false, reason: 'beyond_horizon' }],
    ['daily cap', { staff: [weekdayStaff('ann', { maxBookingsPerDay: 1 })], bookings: [booking('ann', MON, 60)] }, MON + 2 * HOUR, { ok: false, reason: 'daily_cap_reached' }],
    ['no room', { service: room, resources: [{ id: 'r', kind: 'room', capacity: 1, status: 'active' }], bookings: [booking('bob', MON + HOUR, 60, { resourceIds: ['r'] })] }, MON + HOUR, { ok: false, reason: 'resource_unavailable' }],
    ['no staff', { staff: [] }, MON + HOUR, { ok: false, reason: 'no_staff' }],
    [
      'the closest candidate explains (busy beats closed)',
      { staff: [weekdayStaff('ann'), weekdayStaff('bob', { weeklyHours: {} })], bookings: [booking('ann', MON + HOUR, 60)] },
      MON + HOUR,
      { ok: false, reason: 'staff_busy' },
    ],
    [
      'any specialist: fair pick among those free',
      { staff: [weekdayStaff('ann'), weekdayStaff('bob'), weekdayStaff('cid')], bookings: [booking('ann', MON, 60), booking('bob', MON + 3 * HOUR, 60)] },
      MON + HOUR,
      { ok: true, staffIds: ['ann', 'bob', 'cid'], assignedStaffId: 'cid', seatsLeft: null },
    ],
    [
      'joining a group session with seats left',
      { service: { id: 'yoga', durationMin: 60, bufferBeforeMin: 0, bufferAfterMin: 0, seats: 4 }, bookings: [booking('ann', MON + HOUR, 60, { serviceId: 'yoga', seats: 3 })] },
      MON + HOUR,
      { ok: true, staffIds: ['ann'], assignedStaffId: 'ann', seatsLeft: 1 },
    ],
    [
      'a full group session',
      { service: { id: 'yoga', durationMin: 60, bufferBeforeMin: 0, bufferAfterMin: 0, seats: 4 }, bookings: [booking('ann', MON + HOUR, 60, { serviceId: 'yoga', seats: 4 })] },
      MON + HOUR,
      { ok: false, reason: 'session_full' },
    ],
  ])('%s', (_name, extra, start, expected) => {
    expect(checkSlot(baseInput(extra), start)).toEqual(expected);
  });
});
