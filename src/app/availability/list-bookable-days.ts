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

/** Which of the next days have any free slot (for a date picker), in the business's zone. */
export async function listBookableDays(ctx: UseCaseContext, businessId: string, raw: z.input<typeof ListBookableDaysInput>): Promise<DayAvailability[]> {
  const q = ListBookableDaysInput.parse(raw);
  const em = emForBusiness(ctx.orm, businessId);
  const from = Date.parse(`${q.firstDate}T00:00:00Z`) - 24 * 3600_000;
  const to = from + (q.days + 2) * 24 * 3600_000;
  const loaded = await loadAvailability(em, businessId, { serviceId: q.serviceId, staffId: q.staffId, from, to }, ctx.now());
  return daysWithFreeSlots(loaded.input, q.firstDate, q.days, loaded.business.timeZone);
}
