import { z } from 'zod';
import { BusinessSchema } from '../../db/entities/index.ts';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { createZoneClock, formatEpochDay } from '../../domain/index.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { toDeskBooking, type DeskBooking } from './desk-booking.ts';
import { DESK_ATTENTION, DESK_BOOKINGS, DESK_STAMP } from './desk-sql.ts';

// The latest change of each kind, in ms (0: none yet).
const latest = z.union([z.date(), z.string()]).nullable().transform((v) => (v === null ? 0 : new Date(v).getTime()));
const StampRow = z.object({ bookings: latest, payments: latest });

/** The most of either list the page shows; a salon's day is far shorter. */
const LIMIT = 300;

/** The panel's home page for a day at the desk. */
export interface TodayBoard {
  /** Today, `YYYY-MM-DD` in the business's zone. */
  date: string;
  timeZone: string;
  /** Today's bookings by time (cancelled ones too, so a call about one can be answered). */
  bookings: DeskBooking[];
  /** Waiting for the business's approval, any day. */
  approvals: DeskBooking[];
  /** Waiting for a deposit, any day. */
  unpaid: DeskBooking[];
  /** The change mark the page polls with (see {@link deskStamp}). */
  stamp: string;
}

/**
 * What the desk needs in the morning: today's bookings with customers and phones, and
 * what waits for someone whatever its day (approvals, unpaid deposits) at the top.
 */
export async function todayBoard(ctx: UseCaseContext, businessId: string): Promise<TodayBoard> {
  const id = Id.parse(businessId);
  const em = emForBusiness(ctx.orm, id);
  const business = await em.findOne(BusinessSchema, { id }, { fields: ['timeZone'] });
  if (!business) throw new NotFound('business');
  const clock = createZoneClock(business.timeZone);
  const day = clock.epochDayOf(ctx.now());
  const [stamp, today, pending] = await Promise.all([
    deskStamp(ctx, id),
    runSql(emForBusiness(ctx.orm, id), DESK_BOOKINGS, {
      businessId: id,
      from: new Date(clock.toInstant(day, 0)),
      until: new Date(clock.toInstant(day + 1, 0)),
      staffId: null,
      serviceId: null,
      status: null,
      awaiting: null,
      source: null,
      nameLike: null,
      phoneLike: null,
      afterStartsAt: null,
      afterId: null,
      limit: LIMIT,
    }),
    runSql(emForBusiness(ctx.orm, id), DESK_ATTENTION, { businessId: id, limit: LIMIT }),
  ]);
  const waiting = pending.map(toDeskBooking);
  return {
    date: formatEpochDay(day),
    timeZone: business.timeZone,
    bookings: today.map(toDeskBooking),
    approvals: waiting.filter((b) => b.awaiting === 'approval'),
    unpaid: waiting.filter((b) => b.awaiting === 'payment'),
    stamp,
  };
}

/**
 * A short mark that changes whenever any booking or payment of the business changes:
 * the Today page sends it back when it polls and is redrawn only when it moved.
 */
export async function deskStamp(ctx: UseCaseContext, businessId: string): Promise<string> {
  const id = Id.parse(businessId);
  const [row] = await runSql(emForBusiness(ctx.orm, id), DESK_STAMP, { businessId: id });
  const stamp = StampRow.parse(row);
  return `${stamp.bookings}-${stamp.payments}`;
}
