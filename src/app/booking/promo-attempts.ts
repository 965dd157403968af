import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntrySchema, CustomerSchema, type Booking } from '../../db/entities/index.ts';
import { TooManyPromoAttempts } from '../shared/app-errors.ts';
import { recordAudit } from '../shared/record-audit.ts';

/**
 * How many wrong promo codes a customer may type per window. Past it, codes are refused
 * unchecked until the oldest wrong one leaves the window — a right code too, so guessing
 * on learns nothing.
 */
export const PROMO_ATTEMPT_LIMIT = { wrongCodes: 5, windowMinutes: 15 } as const;

/** The audit action of a wrong promo code typed by a customer. */
export const WRONG_PROMO_CODE_ACTION = 'promo_code.rejected';

/**
 * Throws `TooManyPromoAttempts` when the booking's customer has typed
 * {@link PROMO_ATTEMPT_LIMIT} wrong codes within the window. Counted from the audit log
 * (the customer's own rows, under the existing business/entity index) with the
 * customer's row locked, so concurrent tries are counted one after another.
 */
export async function assertPromoAttemptsLeft(em: EntityManager, booking: Booking, now: number): Promise<void> {
  const customerId = booking.customer.id;
  await em.findOne(CustomerSchema, { id: customerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const since = new Date(now - PROMO_ATTEMPT_LIMIT.windowMinutes * 60_000);
  const wrong = await em.count(AuditEntrySchema, {
    entityType: 'customer',
    entityId: customerId,
    action: WRONG_PROMO_CODE_ACTION,
    createdAt: { $gt: since },
  });
  if (wrong >= PROMO_ATTEMPT_LIMIT.wrongCodes) throw new TooManyPromoAttempts(PROMO_ATTEMPT_LIMIT.windowMinutes);
}

/**
 * Records a wrong code a customer typed (in the caller's transaction, which must
 * commit: the caller returns the refusal rather than throwing it). The business sees
 * what was typed and why it did not apply; the customer was told neither.
 */
export function recordWrongPromoCode(em: EntityManager, booking: Booking, code: string, reason: string, now: number): void {
  recordAudit(em, now, {
    businessId: booking.business,
    actor: { kind: 'customer', customerId: booking.customer.id },
    action: WRONG_PROMO_CODE_ACTION,
    entityType: 'customer',
    entityId: booking.customer.id,
    details: { bookingId: booking.id, code, reason },
  });
}
