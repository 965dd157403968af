import { z } from 'zod';
import { LocalDate } from '../shared/input-schemas.ts';
import { DAY_MS, daysWithFreeSlots, findFreeSlots, type DayAvailability, type FreeSlot } from '../../domain/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { findEarliestSlot } from './find-earliest-slot.ts';
import { loadAvailability, loadSlotAvailability, type LoadedAvailability } from './load-availability.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** Input of {@link listBookableDays}. */
export const ListBookableDaysInput = z.object({
  serviceId: z.uuid(),
  staffId: z.uuid().nullable().default(null),
  /** First local date (business zone), YYYY-MM-DD. */
  firstDate: LocalDate,
  days: z.number().int().min(1).max(62),
});

/** One day of a date picker, and whether it is full rather than closed. */
export interface BookableDay extends DayAvailability {
  /**
   * No free time left, though the day has working time ahead: bookings (or a daily cap)
   * took it all. A full day is worth a waitlist; a closed day (a day off, time off, or
   * today after hours) is not.
   */
  readonly full: boolean;
}

// Up to this many days (a chat's week) facts and bookings come in one round trip.
const ONE_TRIP_DAYS = 10;

/** Which of the next days have any free slot (for a date picker), and which are full, in the business's zone. */
export async function listBookableDays(ctx: UseCaseContext, businessId: string, raw: z.input<typeof ListBookableDaysInput>): Promise<BookableDay[]> {
  const q = ListBookableDaysInput.parse(raw);
  return bookableDays(await loadDays(ctx, businessId, q), q);
}

/** A date picker's days and the soonest free time (null: none within the booking horizon). */
export interface DaysAndEarliest {
  days: BookableDay[];
  earliest: FreeSlot | null;
}

/**
 * {@link listBookableDays} with the soonest free time from now, as a chat's day list
 * offers it ("⚡ Today 15:30 with Dana"). When the days start today and one has a free
 * time, the soonest is found in what was loaded for them — one read for both; otherwise
 * it is looked for from now on (`findEarliestSlot`).
 */
export async function listBookableDaysAndEarliest(ctx: UseCaseContext, businessId: string, raw: z.input<typeof ListBookableDaysInput>): Promise<DaysAndEarliest> {
  const q = ListBookableDaysInput.parse(raw);
  const loaded = await loadDays(ctx, businessId, q);
  const days = bookableDays(loaded, q);
  const now = ctx.now();
  const { from, to } = loadedRange(q);
  if (from <= now && days.some((d) => d.freeSlots > 0)) {
    const [first] = findFreeSlots(loaded.input, { from: now, to, labelZone: loaded.business.timeZone });
    if (first) return { days, earliest: first };
  }
  return { days, earliest: await findEarliestSlot(ctx, businessId, { serviceId: q.serviceId, staffId: q.staffId }) };
}

type DaysQuery = z.output<typeof ListBookableDaysInput>;

// The days asked for with a day either side, so every local day is whole in any zone.
function loadedRange(q: DaysQuery): { from: number; to: number } {
  const from = Date.parse(`${q.firstDate}T00:00:00Z`) - DAY_MS;
  return { from, to: from + (q.days + 2) * DAY_MS };
}

function loadDays(ctx: UseCaseContext, businessId: string, q: DaysQuery): Promise<LoadedAvailability> {
  const load = q.days <= ONE_TRIP_DAYS ? loadSlotAvailability : loadAvailability;
  return load(emForBusiness(ctx.orm, businessId), businessId, { serviceId: q.serviceId, staffId: q.staffId, ...loadedRange(q) }, ctx.now());
}

function bookableDays(loaded: LoadedAvailability, q: DaysQuery): BookableDay[] {
  const zone = loaded.business.timeZone;
  const days = daysWithFreeSlots(loaded.input, q.firstDate, q.days, zone);
  if (days.every((d) => d.freeSlots > 0)) return days.map((d) => ({ ...d, full: false }));
  // The same days with no bookings at all: a day with times then, and none now, is full.
  const open = daysWithFreeSlots({ ...loaded.input, bookings: [] }, q.firstDate, q.days, zone);
  return days.map((d, i) => ({ ...d, full: d.freeSlots === 0 && (open[i]?.freeSlots ?? 0) > 0 }));
}
