import { AuditEntrySchema } from '../../db/entities/index.ts';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { toDeskBooking, type DeskBooking } from './desk-booking.ts';
import { DESK_BOOKING } from './desk-sql.ts';

/** One change in a booking's history, as the audit log recorded it. */
export interface BookingHistoryEntry {
  /** Epoch ms. */
  at: number;
  /** The dotted verb (`booking.rescheduled`). */
  action: string;
  /** `customer`, `user` (the business: the panel or the team chat) or `system`. */
  actorKind: string;
  /** The reason given, when the change had one. */
  reason: string | null;
}

/** A booking's card at the desk: the booking and its history, newest change first. */
export interface DeskBookingCard {
  booking: DeskBooking;
  history: BookingHistoryEntry[];
}

/** The booking and its history, or `NotFound` for an id that is not this business's. */
export async function deskBookingCard(ctx: UseCaseContext, businessId: string, rawBookingId: string): Promise<DeskBookingCard> {
  const id = Id.parse(businessId);
  const bookingId = Id.safeParse(rawBookingId);
  if (!bookingId.success) throw new NotFound('booking');
  const em = emForBusiness(ctx.orm, id);
  const [row] = await runSql(em, DESK_BOOKING, { businessId: id, bookingId: bookingId.data });
  if (!row) throw new NotFound('booking');
  const entries = await em.find(AuditEntrySchema, { entityType: 'booking', entityId: bookingId.data }, { orderBy: { createdAt: 'desc' }, limit: 50 });
  return {
    booking: toDeskBooking(row),
    history: entries.map((e) => ({
      at: e.createdAt.getTime(),
      action: e.action,
      actorKind: e.actorKind,
      reason: typeof e.details['reason'] === 'string' && e.details['reason'] !== '' ? e.details['reason'] : null,
    })),
  };
}
