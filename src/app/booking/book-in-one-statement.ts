import { lapsedHoldInTheWay, SlotTaken } from '../../domain/index.ts';
import { SlotUnavailable } from '../shared/app-errors.ts';
import { isIdempotencyConflict } from './idempotency.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { runPreparedSql } from '../../db/sql-statement.ts';
import { loadSlotAvailability, type LoadedAvailability } from '../availability/load-availability.ts';
import { bookingChangeRows } from '../notifications/record-booking-change.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { bookOnKnownSchedule, keepScheduleFacts } from './book-on-known-schedule.ts';
import { changedOfNewRow, newBookingRow, newBookingView, type NewBookingFields } from './booking-from-placement.ts';
import { INSERT_BOOKING_WITH_CHANGES } from './booking-sql.ts';
import { settleBookingRace } from './booking-transaction.ts';
import type { BookingView } from './booking-view.ts';
import { placeLoadedSlot, type SlotPlacement, type SlotRequest } from './place-slot.ts';

/** A confirmed booking the business makes directly: the slot, the customer and how it came. */
export interface DirectBookingRequest extends SlotRequest {
  customerId: string;
  force: boolean;
  fields: Omit<NewBookingFields, 'customerId' | 'status' | 'holdExpiresAt'>;
}

/**
 * A confirmed booking in at most two round trips and no transaction, when nothing needs
 * one. With the specialist's schedule facts known (`book-on-known-schedule.ts`), one
 * statement: checked against them, written under a guard that they still hold.
 * Otherwise the slot's facts and bookings are read in one statement (for one
 * specialist with no daily cap, only the bookings in the slot's way; a refused slot
 * reads the days around it for alternatives), every rule checked here, then the
 * booking, its audit entries and its outbox messages written in one statement — all or
 * nothing, and the exclusion constraint still refuses an overlap that slipped in
 * between (a lost race, answered with alternatives as in a transaction).
 *
 * Returns null — use the transaction — for what needs more than one statement: a
 * service counted under a lock (group seats, resources), a lapsed hold in the way (it
 * is released first), an idempotency key already taken (the transaction looks it up).
 */
export async function bookInOneStatement(
  ctx: UseCaseContext,
  businessId: string,
  actor: Actor,
  request: DirectBookingRequest,
): Promise<BookingView | null> {
  const now = ctx.now();
  const em = emForBusiness(ctx.orm, businessId);
  const write = async (placement: SlotPlacement, scheduleSnapshot: string | null, slot: SlotRequest | null): Promise<BookingView | null> => {
    const row = newBookingRow(businessId, placement, { ...request.fields, customerId: request.customerId, status: 'confirmed', holdExpiresAt: null });
    const changed = changedOfNewRow(row);
    const created = bookingChangeRows(now, changed, 'booking.created', actor, { manual: true });
    const confirmed = bookingChangeRows(now, changed, 'booking.confirmed', actor, { manual: true });
    const written = await settleBookingRace(ctx, businessId, slot, () =>
      runPreparedSql(em, INSERT_BOOKING_WITH_CHANGES, {
        businessId,
        booking: JSON.stringify(row),
        audits: JSON.stringify([created.audit, confirmed.audit]),
        outbox: JSON.stringify([created.outbox, confirmed.outbox].filter((o) => o !== null)),
        scheduleSnapshot,
        ownStatement: true,
      }),
    );
    return written.length > 0 ? newBookingView(row) : null;
  };

  // A lost race comes back as SlotTaken without alternatives (no slot given): the read below finds them.
  const known = await bookOnKnownSchedule(ctx, businessId, request, now, (placement, snapshot) => write(placement, snapshot, null)).catch(toTransaction);
  if (known === null) return null;
  if (known.kind === 'written') return known.written;

  const slot = { ...request, from: request.startsAt, to: request.startsAt + 1 };
  // After a lost race the slot is taken or a lapsed hold is in its way: both need the wide read.
  const loaded = await loadSlotAvailability(em, businessId, { ...slot, aroundSlotOnly: known.kind !== 'raced' }, now);
  if (loaded.service.capacity > 1 || loaded.service.requiresResourceKind !== null) return null;
  keepScheduleFacts(ctx, businessId, request, loaded, now);
  const placement = await placeOrRefuse(loaded, () => loadSlotAvailability(em, businessId, slot, now), request, now);
  if (lapsedHoldInTheWay(placement.loaded.input.bookings, placement, now)) return null;
  return write(placement, null, request).catch(toTransaction);
}

// An idempotency key already taken: the transaction looks it up (null); anything else goes on.
function toTransaction(error: unknown): null {
  if (isIdempotencyConflict(error)) return null;
  throw error;
}

// The slot's decision on bookings read around it alone; a refusal offers alternatives
// from a full read of the days around it.
async function placeOrRefuse(loaded: LoadedAvailability, loadAll: () => Promise<LoadedAvailability>, request: DirectBookingRequest, now: number): Promise<SlotPlacement> {
  try {
    return placeLoadedSlot(loaded, request, now, request.force);
  } catch (error) {
    if (!loaded.narrowed || !(error instanceof SlotTaken || error instanceof SlotUnavailable)) throw error;
    return placeLoadedSlot(await loadAll(), request, now, request.force);
  }
}
