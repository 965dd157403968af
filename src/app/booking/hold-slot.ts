import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { BookingSchema, BOOKING_SOURCES } from '../../db/entities/index.ts';
import { HoldsPerMinuteReached, TooManyHolds } from '../shared/app-errors.ts';
import { bookingChangeRows, recordBookingChange } from '../notifications/record-booking-change.ts';
import { applyToBooking } from './booking-lifecycle-adapter.ts';
import type { BookingView } from './booking-view.ts';
import { Instant } from '../shared/input-schemas.ts';
import { runSql } from '../../db/sql-statement.ts';
import { HOLD_COUNTS, INSERT_BOOKING_WITH_CHANGES, LOCK_HOLDER } from './booking-sql.ts';
import { createOnce } from './create-once.ts';
import { changedOfNewRow, newBookingRow, newBookingView } from './booking-from-placement.ts';
import { placeSlot } from './place-slot.ts';
import { releaseLapsedHoldsUnder } from './release-lapsed-holds.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { closeWaitlistOffer } from '../waitlist/offer-freed-slot.ts';

/** Input of {@link holdSlot}. */
export const HoldSlotInput = z.object({
  customerId: z.uuid(),
  serviceId: z.uuid(),
  /** A chosen specialist, or null for "anyone". */
  staffId: z.uuid().nullable(),
  startsAt: Instant,
  source: z.enum(BOOKING_SOURCES),
  /** The chat that holds the slot: a new hold there replaces the previous one. */
  conversationKey: z.string().min(1).max(200).nullable().default(null),
  idempotencyKey: z.string().min(1).max(128).nullable().default(null),
  /** The campaign of the link the customer came by (a `/start` deep link), recorded on the booking. */
  campaign: z.string().regex(/^[A-Za-z0-9]{1,32}$/).nullable().default(null),
});
/** Input of {@link holdSlot}, as callers write it. */
export type HoldSlotInput = z.input<typeof HoldSlotInput>;

/**
 * How many live holds one customer may have at once in a business. A phone number
 * lives on one customer card per business (a proven number joins or takes over the card
 * that has it), so this is also the cap per phone number.
 */
export const MAX_LIVE_HOLDS_PER_CUSTOMER = 3;

/**
 * How many slots the chats may hold in one business per minute: far above a real
 * shop's rush, far below many fresh accounts each holding their three.
 */
export const MAX_HOLDS_PER_MINUTE = 60;

/**
 * Holds a slot for a customer for the business's hold time while they finish the
 * booking (or pay): a `held` booking nobody else can take. A conversation keeps at
 * most one live hold — a new one releases the previous — and a customer at most
 * {@link MAX_LIVE_HOLDS_PER_CUSTOMER}. Expired holds never block.
 * Throws `SlotTaken` / `SlotUnavailable` with the next free alternatives,
 * `TooManyHolds`, `CustomerBlocked`, `NotFound`. The same idempotency key returns the
 * same booking.
 */
export async function holdSlot(ctx: UseCaseContext, businessId: string, rawInput: HoldSlotInput): Promise<BookingView> {
  return (await holdSlotFor(ctx, businessId, rawInput)).hold;
}

/** Whom a new hold is for, as the hold read their card: what a chat may still have to ask. */
export interface HoldHolder {
  name: string;
  phone: string | null;
}

/**
 * {@link holdSlot}, also answering with the holder's name and phone as its transaction
 * read them (null when the hold was an earlier request's, answered again by its key):
 * a chat deciding what to ask next needs no read of its own.
 */
export async function holdSlotFor(ctx: UseCaseContext, businessId: string, rawInput: HoldSlotInput): Promise<{ hold: BookingView; holder: HoldHolder | null }> {
  const input = HoldSlotInput.parse(rawInput);
  const actor = { kind: 'customer' as const, customerId: input.customerId };
  const seen: { holder: HoldHolder | null } = { holder: null };
  const hold = await createOnce(ctx, businessId, input, async (em) => {
    const now = ctx.now();
    const [holder] = await runSql(em, LOCK_HOLDER, { businessId, customerId: input.customerId, conversationKey: input.conversationKey });
    seen.holder = holder ? { name: holder.name, phone: holder.phone } : null;
    if (holder?.previous_hold_id) await releasePreviousHold(em, businessId, holder.previous_hold_id, now);
    if (holder) await assertHoldsLeft(em, businessId, input.customerId, now); // no such customer: placing the slot answers NotFound
    const placement = await placeSlot(em, businessId, input, now);
    await releaseLapsedHoldsUnder(em, businessId, placement, now);
    await em.flush();
    const row = newBookingRow(businessId, placement, {
      customerId: input.customerId,
      status: 'held',
      holdExpiresAt: new Date(now + placement.loaded.business.holdMinutes * 60_000),
      source: input.source,
      conversationKey: input.conversationKey,
      idempotencyKey: input.idempotencyKey,
      campaign: input.campaign,
    });
    // The hold and its audit entry (and outbox message, if the topic had one) in one statement, in this transaction.
    const { audit, outbox } = bookingChangeRows(now, changedOfNewRow(row), 'booking.held', actor);
    await runSql(em, INSERT_BOOKING_WITH_CHANGES, {
      businessId,
      booking: JSON.stringify(row),
      audits: JSON.stringify([audit]),
      outbox: JSON.stringify(outbox ? [outbox] : []),
      scheduleSnapshot: null,
      ownStatement: false,
    });
    return newBookingView(row);
  });
  return { hold, holder: seen.holder };
}

/**
 * Refuses a hold when the customer already has {@link MAX_LIVE_HOLDS_PER_CUSTOMER} live
 * ones — one person with several chats (or accounts sharing one proven phone, which all
 * lead to the card that has the number) cannot take a day's slots — or when the chats
 * took {@link MAX_HOLDS_PER_MINUTE} in the business in the last minute. Counted with the
 * customer's row locked (`LOCK_HOLDER`, in a statement of its own: a count in the locking
 * statement would read its snapshot from before the wait); a hold this one replaces is
 * already released, a lapsed one does not count.
 */
async function assertHoldsLeft(em: EntityManager, businessId: string, customerId: string, now: number): Promise<void> {
  const [caps] = await runSql(em, HOLD_COUNTS, { businessId, customerId, now: new Date(now) });
  if (!caps) return;
  if (caps.live >= MAX_LIVE_HOLDS_PER_CUSTOMER) throw new TooManyHolds(MAX_LIVE_HOLDS_PER_CUSTOMER);
  if (caps.recent >= MAX_HOLDS_PER_MINUTE) throw new HoldsPerMinuteReached(MAX_HOLDS_PER_MINUTE);
}

/** The chat's previous live hold gives its slot back: the new hold replaces it. */
async function releasePreviousHold(em: EntityManager, businessId: string, holdId: string, now: number): Promise<void> {
  const previous = await em.findOne(BookingSchema, { id: holdId, status: 'held' }, { populate: ['business'], strategy: 'joined', lockMode: LockMode.PESSIMISTIC_WRITE, lockTableAliases: ['b0'] });
  if (!previous) return; // confirmed or released meanwhile
  await closeWaitlistOffer(em, previous.id);
  applyToBooking(previous, { type: 'cancel', by: 'customer', reason: 'hold_replaced' }, now, previous.business.getEntity());
  recordBookingChange(em, now, previous, 'booking.hold_released', { kind: 'customer', customerId: previous.customer.id }, { reason: 'hold_replaced' });
  await em.flush();
}
