import type { EntityManager } from '@mikro-orm/postgresql';
import { SlotTaken } from '../../domain/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { findByIdempotencyKey, isIdempotencyConflict, sameRequest, type BookingRequestIdentity } from './idempotency.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/**
 * Runs a booking-creating request under its idempotency key: a retry returns the
 * booking the first attempt made. When identical requests race, whichever lost — on
 * the key, or on the slot the winner just took — returns the winner's booking.
 */
export async function createOnce(
  ctx: UseCaseContext,
  businessId: string,
  key: string | null,
  request: BookingRequestIdentity,
  create: (em: EntityManager) => Promise<BookingView>,
  run: (work: (em: EntityManager) => Promise<BookingView>) => Promise<BookingView>,
): Promise<BookingView> {
  try {
    return await run(async (em) => {
      const existing = await findByIdempotencyKey(em, key, sameRequest(request));
      return existing ? toBookingView(existing) : create(em);
    });
  } catch (error) {
    if (key && (isIdempotencyConflict(error) || error instanceof SlotTaken)) {
      const existing = await findByIdempotencyKey(emForBusiness(ctx.orm, businessId), key, sameRequest(request));
      if (existing) return toBookingView(existing);
    }
    throw error;
  }
}
