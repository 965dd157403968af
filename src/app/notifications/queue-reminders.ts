import { isoUtc, OUTBOX_INSERT } from './outbox-sql.ts';
import { affectedRows } from '../../db/affected-rows.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/**
 * A reminder is due from `offset` minutes before the start until this much later; a
 * reminder missed by more (the service was down) is skipped — the next, closer one
 * still comes — rather than arriving late and out of order.
 */
export const REMINDER_GRACE_MINUTES = 30;

/**
 * Queues the business's due reminders into the outbox (`booking.reminder`), one per
 * confirmed booking and reminder offset (the business's `reminderOffsetsMinutes`,
 * default 24 h and 2 h). The dedupe key holds the start time, so a rescheduled booking
 * is reminded of its new time and a cancelled one of nothing; running this again, or
 * on several workers at once, queues nothing twice. Returns how many were queued.
 */
export async function queueDueReminders(ctx: UseCaseContext, businessId: string): Promise<number> {
  return queueInBusiness(ctx, businessId, (em, now) =>
    em.getConnection().execute(
      `${OUTBOX_INSERT}
       select gen_random_uuid(), b.business_id, 'booking.reminder', 'booking', b.id::text,
              jsonb_build_object('bookingId', b.id, 'customerId', b.customer_id, 'staffId', b.staff_member_id, 'serviceId', b.service_id,
                                 'startsAt', ${isoUtc('b.starts_at')},
                                 'endsAt', ${isoUtc('b.ends_at')},
                                 'offsetMinutes', o.minutes, 'status', b.status),
              'booking.reminder:' || b.id || ':' || o.minutes || ':' || (extract(epoch from b.starts_at))::bigint,
              'pending', 0, ?, ?
         from booking b
         join business bz on bz.id = b.business_id
         cross join lateral (select value::int as minutes from jsonb_array_elements_text(bz.reminder_offsets_minutes)) o
        where b.business_id = ? and b.status = 'confirmed' and b.starts_at > ?
          and b.starts_at - make_interval(mins => o.minutes) <= ?
          and b.starts_at - make_interval(mins => o.minutes - ?) > ?
       on conflict (dedupe_key) do nothing`,
      [now, now, businessId, now, now, REMINDER_GRACE_MINUTES, now],
      'run',
      em.getTransactionContext(),
    ),
  );
}

/** How long after the end of an appointment the customer is asked how it went. */
export const FOLLOW_UP_DELAY_MINUTES = 120;

/**
 * Queues a follow-up (`booking.follow_up`: a 1–5 rating and a comment) for each
 * appointment of the business that ended at least two hours ago within the last week
 * and was not cancelled or missed — once per booking, however often it runs.
 */
export async function queueDueFollowUps(ctx: UseCaseContext, businessId: string): Promise<number> {
  return queueInBusiness(ctx, businessId, (em, now) =>
    em.getConnection().execute(
      `${OUTBOX_INSERT}
       select gen_random_uuid(), b.business_id, 'booking.follow_up', 'booking', b.id::text,
              jsonb_build_object('bookingId', b.id, 'customerId', b.customer_id, 'staffId', b.staff_member_id, 'serviceId', b.service_id, 'status', b.status),
              'booking.follow_up:' || b.id, 'pending', 0, ?, ?
         from booking b
        where b.business_id = ? and b.status in ('confirmed', 'completed')
          and b.ends_at + make_interval(mins => ?) <= ?
          and b.ends_at > ?::timestamptz - interval '7 days'
       on conflict (dedupe_key) do nothing`,
      [now, now, businessId, FOLLOW_UP_DELAY_MINUTES, now, now],
      'run',
      em.getTransactionContext(),
    ),
  );
}

async function queueInBusiness(
  ctx: UseCaseContext,
  businessId: string,
  insert: (em: EntityManager, now: Date) => Promise<unknown>,
): Promise<number> {
  const em = emForBusiness(ctx.orm, businessId);
  const result = await insert(em, new Date(ctx.now()));
  return affectedRows(result);
}
