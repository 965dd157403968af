import { DAY_MS } from '../../domain/index.ts';
import { BookingSchema, BusinessSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { markNoShow } from '../booking/mark-no-show.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/**
 * For a business that opted in (`autoNoShowAfterMinutes`): confirmed bookings whose
 * end passed that long ago and that nobody marked are marked no-show by the system,
 * through the ordinary use case (count, audit, notices). Returns the booking ids.
 */
export async function markUnattendedNoShows(ctx: UseCaseContext, businessId: string, limit = 100): Promise<string[]> {
  const em = emForBusiness(ctx.orm, businessId);
  const business = await em.findOne(BusinessSchema, { id: businessId }, { fields: ['autoNoShowAfterMinutes'] });
  const after = business?.autoNoShowAfterMinutes;
  if (after === null || after === undefined) return [];
  const now = ctx.now();
  const due = await em.find(
    BookingSchema,
    { status: 'confirmed', endsAt: { $lte: new Date(now - after * 60_000), $gt: new Date(now - 7 * DAY_MS) } },
    { fields: ['id'], orderBy: { endsAt: 'asc' }, limit },
  );
  const marked: string[] = [];
  for (const { id } of due) {
    const view = await markNoShow(ctx, businessId, { kind: 'system' }, { bookingId: id });
    if (view.status === 'no_show') marked.push(id);
  }
  return marked;
}
