import type { AvailabilityInput, BookedTime, StaffSchedule } from '../../src/domain/index.ts';

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** UTC instant from an ISO string with an explicit offset or Z. */
export const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad ISO ${iso}`);
  return ms;
};

/** A staff member working Mon–Fri 09:00–17:00 in Almaty (UTC+5, no DST). */
export function weekdayStaff(id: string, overrides: Partial<StaffSchedule> = {}): StaffSchedule {
  const day = [{ start: '09:00', end: '17:00' }];
  return {
    id,
    timeZone: 'Asia/Almaty',
    weeklyHours: { 1: day, 2: day, 3: day, 4: day, 5: day },
    ...overrides,
  };
}

let seq = 0;
/** A confirmed one-to-one booking. */
export function booking(staffId: string, startsAt: number, minutes: number, extra: Partial<BookedTime> = {}): BookedTime {
  seq += 1;
  return {
    id: `b${seq}`,
    serviceId: 'svc',
    staffId,
    resourceIds: [],
    startsAt,
    endsAt: startsAt + minutes * MIN,
    bufferBeforeMin: 0,
    bufferAfterMin: 0,
    status: 'confirmed',
    ...extra,
  };
}

/** 2026-06-01 is a Monday; 09:00 Almaty = 04:00Z. `now` is the Sunday before. */
export const MONDAY_0900_ALMATY = at('2026-06-01T04:00:00Z');
export const NOW = at('2026-05-31T00:00:00Z');

/** One 60-minute service, one Almaty staff member, no bookings, step 60, no notice. */
export function baseInput(extra: Partial<AvailabilityInput> = {}): AvailabilityInput {
  return {
    service: { id: 'svc', durationMin: 60, bufferBeforeMin: 0, bufferAfterMin: 0 },
    staff: [weekdayStaff('ann')],
    bookings: [],
    policy: { minNoticeMin: 0, horizonDays: 60, slotStepMin: 60 },
    now: NOW,
    ...extra,
  };
}

/** Local `HH:mm` labels of the slots, for compact assertions. */
export const times = (slots: readonly { local: { time: string } }[]): string[] => slots.map((s) => s.local.time);
