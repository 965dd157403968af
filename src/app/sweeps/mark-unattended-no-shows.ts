import { emForBusiness } from '../../db/tenant-scope.ts';
import { markNoShow } from '../booking/mark-attendance.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/**
 * For a business that opted in (`autoNoShowAfterMinutes`): confirmed bookings whose
 * end passed that long ago and that nobody marked are marked no-show by the system,
 * through the ordinary use case (count, audit, notices). Returns the booking ids.
 */
export async function markUnattendedNoShows(ctx: UseCaseContext, businessId: string, limit = 100): Promise<string[]> {
  const em = emForBusiness(ctx.orm, businessId);
  const due = await em.getConnection().execute<{ id: string }[]>(
    `select b.id from booking b join business bz on bz.id = b.business_id
      where b.business_id = ? and bz.auto_no_show_after_minutes is not null and b.status = 'confirmed'
        and b.ends_at + make_interval(mins => bz.auto_no_show_after_minutes) <= ?
        and b.ends_at > ?::timestamptz - interval '7 days'
      order by b.ends_at limit ?`,
    [businessId, new Date(ctx.now()), new Date(ctx.now()), limit],
  );
  const marked: string[] = [];
  for (const { id } of due) {
    const view = await markNoShow(ctx, businessId, { kind: 'system' }, { bookingId: id });
    if (view.status === 'no_show') marked.push(id);
  }
  return marked;
}
