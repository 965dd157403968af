import type { EntityManager } from '@mikro-orm/postgresql';
import { SlotTaken } from '../../domain/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { findByIdempotencyKey, isIdempotencyConflict, sameRequest, type BookingRequestIdentity } from './idempotency.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { inBookingTransaction } from './booking-transaction.ts';
import { countBookingError, countBookingOutcome } from './booking-outcomes.ts';

/** A booking-creating request: who, which slot, and its idempotency key. */
export interface NewBookingRequest extends BookingRequestIdentity {
  staffId: string | null;
  idempotencyKey: string | null;
}

/**
 * Runs a booking-creating request in one booking transaction (`inBookingTransaction`:
 * a lost race comes back as `SlotTaken` with alternatives for its slot) under its
 * idempotency key: a retry returns the booking the first attempt made. When identical
 * requests race, whichever lost — on the key, or on the slot the winner just took —
 * returns the winner's booking. Each request's outcome (held, created, replayed, an
 * expected refusal by its code, failed) is counted in `ctx.metrics`.
 */
export async function createOnce(
  ctx: UseCaseContext,
  businessId: string,
  request: NewBookingRequest,
  create: (em: EntityManager) => Promise<BookingView>,
): Promise<BookingView> {
  const key = request.idempotencyKey;
  const slot = { serviceId: request.serviceId, staffId: request.staffId, startsAt: request.startsAt };
  try {
    let replayed = false;
    const view = await inBookingTransaction(ctx, businessId, slot, async (em) => {
      const existing = await findByIdempotencyKey(em, key, sameRequest(request));
      replayed = existing !== null;
      return existing ? toBookingView(existing) : create(em);
    });
    countBookingOutcome(ctx, replayed ? 'replayed' : view.status === 'held' ? 'held' : 'created');
    return view;
  } catch (error) {
    if (key && (isIdempotencyConflict(error) || error instanceof SlotTaken)) {
      const existing = await findByIdempotencyKey(emForBusiness(ctx.orm, businessId), key, sameRequest(request));
      if (existing) {
        countBookingOutcome(ctx, 'replayed');
        return toBookingView(existing);
      }
    }
    countBookingError(ctx, error);
    throw error;
  }
}
