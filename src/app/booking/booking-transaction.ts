import type { EntityManager } from '@mikro-orm/postgresql';
import { SlotTaken } from '../../domain/index.ts';
import { isConcurrencyConflict, isUniqueViolation, toSlotTaken } from '../../db/pg-errors.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { alternativesAfter, type SlotRequest } from './place-slot.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/**
 * Runs `work` in one transaction of a business-scoped unit of work. A lost race for
 * the slot (the exclusion constraint firing at insert or commit) comes out as
 * `SlotTaken` carrying the next free alternatives for `request` (a value, or a getter
 * when the slot is known only inside the work), read after the failed transaction.
 * A deadlock — two transactions each waiting on the other's uncommitted row in the
 * exclusion check — and a race for a chat's one live hold are retried from the start:
 * the retry sees the winner's row.
 */
export async function inBookingTransaction<T>(
  ctx: UseCaseContext,
  businessId: string,
  request: SlotRequest | null | (() => SlotRequest | null),
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  return settleBookingRace(ctx, businessId, request, () => emForBusiness(ctx.orm, businessId).transactional(work));
}

/**
 * Runs `run` (a booking transaction, or one statement that writes a booking) retrying
 * deadlocks and a race for a chat's one live hold, and turns a lost race for the slot
 * into `SlotTaken` with the alternatives for `request`, read afterwards.
 */
export async function settleBookingRace<T>(
  ctx: UseCaseContext,
  businessId: string,
  request: SlotRequest | null | (() => SlotRequest | null),
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await withRetryOnDeadlock(run);
  } catch (error) {
    const mapped = toSlotTaken(error);
    const slot = typeof request === 'function' ? request() : request;
    if (mapped instanceof SlotTaken && mapped !== error && slot) {
      throw new SlotTaken(mapped.takenBy, await alternativesAfter(ctx, businessId, slot));
    }
    throw mapped;
  }
}

// Two first taps in one chat race to create its one live hold: the retry finds the
// winner's hold and replaces it, as a second tap would.
function isRetryable(error: unknown): boolean {
  return isConcurrencyConflict(error) || isUniqueViolation(error, 'booking_one_hold_per_conversation');
}

async function withRetryOnDeadlock<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      // A short random pause so the two sides do not meet again at once.
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(Math.random() * 20 * attempt)));
    }
  }
}
