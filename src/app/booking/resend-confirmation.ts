import { z } from 'zod';
import { ChannelIdentitySchema, CustomerSchema } from '../../db/entities/index.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { InvalidRequest } from '../shared/app-errors.ts';
import { ExpectedVersion } from '../shared/input-schemas.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { bookingForChange } from './booking-for-change.ts';
import { inBookingTransaction } from './booking-transaction.ts';
import { toBookingView, type BookingView } from './booking-view.ts';

/** Input of {@link resendConfirmation}. */
export const ResendConfirmationInput = z.object({ bookingId: z.uuid(), expectedVersion: ExpectedVersion });

/**
 * Sends a confirmed booking's confirmation to the customer again (they lost it, or wrote
 * "when was it?"): the same `booking.confirmed` message in their chat, recorded in the
 * audit log. Only for a confirmed booking still to come, and a customer with a chat or an
 * e-mail address (a walk-in booked by phone has neither); the booking itself is unchanged.
 * Marked `resent`: webhooks and calendars do not hear of it as a new confirmation.
 */
export async function resendConfirmation(ctx: UseCaseContext, businessId: string, actor: Extract<Actor, { kind: 'business' }>, raw: z.input<typeof ResendConfirmationInput>): Promise<BookingView> {
  const input = ResendConfirmationInput.parse(raw);
  return inBookingTransaction(ctx, businessId, null, async (em) => {
    const { booking } = await bookingForChange(em, businessId, input.bookingId, actor, input.expectedVersion);
    if (booking.status !== 'confirmed' || booking.startsAt.getTime() <= ctx.now()) throw new InvalidRequest('only a confirmed booking still to come', 'errors.not_resendable');
    // A walk-in booked by phone has no chat and no e-mail: nothing would go out.
    const customer = await em.findOneOrFail(CustomerSchema, { id: booking.customer.id });
    if (!customer.email && (await em.count(ChannelIdentitySchema, { customer: customer.id })) === 0) throw new InvalidRequest('the customer has no chat or e-mail', 'errors.resend_no_channel');
    recordBookingChange(em, ctx.now(), booking, 'booking.confirmed', actor, { resent: true });
    return toBookingView(booking);
  });
}
