import { isoUtc, OUTBOX_INSERT } from './outbox-sql.ts';
import { affectedRows } from '../../db/affected-rows.ts';
import { createZoneClock, formatEpochDay, isoWeekday } from '../../domain/index.ts';
import { BusinessSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** A digest is still worth sending this long after opening; later ones are skipped. */
export const DIGEST_LATEST_AFTER_OPENING_MS = 4 * 3_600_000;

/**
 * At the business's opening time (its own opening hours for the weekday, else the
 * earliest specialist's start) queues the day's digest for the team chat
 * (`business.daily_digest`): every active booking of the local day, grouped by
 * specialist, as it stands at opening. Once per business and local date; a closed day
 * (no hours) gets none. Returns true when a digest was queued by this call.
 */
export async function queueDailyDigest(ctx: UseCaseContext, businessId: string): Promise<boolean> {
  const em = emForBusiness(ctx.orm, businessId);
  const business = await em.findOne(BusinessSchema, { id: businessId });
  if (!business) throw new NotFound('business');
  const now = ctx.now();
  const clock = createZoneClock(business.timeZone);
  const day = clock.epochDayOf(now);
  const connection = em.getConnection();
  // Business opening hours; without them, the earliest active specialist who works in
  // the business's own zone (another zone's minutes would mean another instant).
  const [opening] = await connection.execute<{ minute: number | null }[]>(
    `select coalesce(min(h.start_minute) filter (where h.staff_member_id is null),
                     min(h.start_minute) filter (where sm.active and sm.time_zone is null)) as minute
       from working_hours h left join staff_member sm on sm.id = h.staff_member_id
      where h.business_id = ? and h.weekday = ?`,
    [businessId, isoWeekday(day)],
  );
  if (opening?.minute === null || opening?.minute === undefined) return false;
  const opensAt = clock.toInstant(day, opening.minute);
  // Too late to be useful (the service was down all morning): skip this day's digest.
  if (now < opensAt || now >= opensAt + DIGEST_LATEST_AFTER_OPENING_MS) return false;

  const date = formatEpochDay(day);
  const dayStart = new Date(clock.toInstant(day, 0));
  const dayEnd = new Date(clock.toInstant(day + 1, 0));
  const result = await connection.execute(
    `${OUTBOX_INSERT}
     select gen_random_uuid(), ?, 'business.daily_digest', 'business', ?::text,
            jsonb_build_object('date', ?::text, 'staff', coalesce((
              select jsonb_agg(jsonb_build_object('staffId', s.id, 'name', s.name, 'bookings', s.bookings) order by s.position, s.name)
                from (select sm.id, sm.name, sm.position,
                             jsonb_agg(jsonb_build_object('bookingId', b.id, 'startsAt', ${isoUtc('b.starts_at')},
                                                          'service', sv.name, 'customer', c.name, 'status', b.status) order by b.starts_at) as bookings
                        from booking b
                        join staff_member sm on sm.id = b.staff_member_id
                        join service sv on sv.id = b.service_id
                        join customer c on c.id = b.customer_id
                       where b.business_id = ? and b.status in ('pending', 'confirmed') and b.starts_at >= ? and b.starts_at < ?
                       group by sm.id, sm.name, sm.position) s), '[]'::jsonb)),
            'business.daily_digest:' || ? || ':' || ?, 'pending', 0, ?, ?
     on conflict (dedupe_key) do nothing`,
    [businessId, businessId, date, businessId, dayStart, dayEnd, businessId, date, new Date(now), new Date(now)],
    'run',
  );
  return affectedRows(result) === 1;
}
