import { acrossBusinessesSql } from '../../db/sql-statement.ts';

/**
 * The calendar sync statements: which bookings need their calendar events redone (the
 * outbox fan-out), and the queue of those the calendar job works through.
 */

const ONE_QUEUE = 'calendar pushes of every business go through one queue; each row joins only rows of its own business';

/**
 * One push per booking named by a claimed outbox message (`ids`, a PostgreSQL array
 * literal) whose business has a calendar connection: due now, however many changes came
 * (a later change makes it due again and starts its attempts over).
 */
export const FAN_OUT_TO_CALENDARS = acrossBusinessesSql<{ now: Date; ids: string }>(
  'calendars.fan-out',
  ONE_QUEUE,
  `insert into calendar_push (id, business_id, booking_id, due_at, attempts)
   select gen_random_uuid(), x.business_id, x.booking_id, :now, 0
     from (select distinct m.business_id, b.id as booking_id
             from outbox_message m
             join booking b on b.business_id = m.business_id and b.id = uuid_or_null(m.payload->>'bookingId')
            where m.id = any(:ids::uuid[]) and m.aggregate_type = 'booking'
              and exists (select 1 from calendar_connection cc where cc.business_id = m.business_id)) x
   on conflict (booking_id) do update set due_at = excluded.due_at, attempts = 0, last_error = null`,
);

/** Due pushes, oldest first. */
export const DUE_CALENDAR_PUSHES = acrossBusinessesSql<{ now: Date; limit: number }, { id: string; business_id: string; booking_id: string; attempts: number; due_at: Date }>(
  'calendars.due-pushes',
  ONE_QUEUE,
  `select id, business_id, booking_id, attempts, due_at from calendar_push where due_at <= :now order by due_at limit :limit`,
);

/** Connections whose busy calendars the pull reads (a revoked one waits for a reconnect). */
export const CONNECTIONS_TO_PULL = acrossBusinessesSql<Record<string, never>, { id: string; business_id: string }>(
  'calendars.connections-to-pull',
  'the pull job visits every business with a connected calendar',
  `select id, business_id from calendar_connection where state <> 'revoked' and cardinality(busy_calendar_ids) > 0 order by last_synced_at nulls first`,
);
