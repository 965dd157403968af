import { z } from 'zod';
import { LocalDate } from '../shared/input-schemas.ts';
import { daysWithFreeSlots, type DayAvailability } from '../../domain/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { loadAvailability } from './load-availability.ts';
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

/** Which of the next days have any free slot (for a date picker), and which are full, in the business's zone. */
export async function listBookableDays(ctx: UseCaseContext, businessId: string, raw: z.input<typeof ListBookableDaysInput>): Promise<BookableDay[]> {
  const q = ListBookableDaysInput.parse(raw);
  const em = emForBusiness(ctx.orm, businessId);
  const from = Date.parse(`${q.firstDate}T00:00:00Z`) - 24 * 3600_000;
  const to = from + (q.days + 2) * 24 * 3600_000;
  const loaded = await loadAvailability(em, businessId, { serviceId: q.serviceId, staffId: q.staffId, from, to }, ctx.now());
  const zone = loaded.business.timeZone;
  const days = daysWithFreeSlots(loaded.input, q.firstDate, q.days, zone);
  if (days.every((d) => d.freeSlots > 0)) return days.map((d) => ({ ...d, full: false }));
  // The same days with no bookings at all: a day with times then, and none now, is full.
  const open = daysWithFreeSlots({ ...loaded.input, bookings: [] }, q.firstDate, q.days, zone);
  return days.map((d, i) => ({ ...d, full: d.freeSlots === 0 && (open[i]?.freeSlots ?? 0) > 0 }));
}
