import { z } from 'zod';
import { BookingSchema, CustomerSchema, PageConfirmationCodeSchema } from '../../db/entities/index.ts';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { normalizePhone, PhoneCountry } from '../customers/phone-number.ts';
import { InvalidRequest, NotFound } from '../shared/app-errors.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { queueNotification } from '../notifications/queue-notification.ts';

/** How many bookings waiting for approval or payment (or held) a phone may have before the page sends it to a chat. */
export const MAX_UNCONFIRMED_PER_PHONE = 3;

/** Input of {@link setPageCustomerDetails}: what the visitor typed on the page's last step. */
export const SetPageCustomerDetailsInput = z.object({
  customerId: z.uuid(),
  /** The hold being booked: not counted among the phone's unconfirmed bookings. */
  holdId: z.uuid(),
  name: z.string().trim().min(1).max(200),
  phone: z.string().trim().min(1).max(32),
  email: z.email().max(254).nullable().default(null),
  defaultCountry: PhoneCountry.optional(),
  /**
   * The visitor typed the one-time code sent for this hold and this phone
   * (`check-page-confirmation-code.ts`): the unconfirmed bookings do not hold it back.
   * Checked here again against the used code.
   */
  confirmedByCode: z.boolean().default(false),
});

/**
 * How saving the details went: `saved`; `phone_elsewhere` (another card has the number:
 * a typed number never opens someone else's bookings — the person proves it in a chat);
 * `too_many_unconfirmed` (the number already has {@link MAX_UNCONFIRMED_PER_PHONE}
 * bookings not yet confirmed — confirm those in a chat first, or by a one-time code:
 * `phone` is the number as read, for the code).
 */
export type PageCustomerDetailsOutcome = { kind: 'saved' } | { kind: 'phone_elsewhere' } | { kind: 'too_many_unconfirmed'; limit: number; phone: string };

/**
 * Names the page visitor's card and gives it the phone (and e-mail) they typed. A typed
 * number is not trusted, as in the chats: taken by another card it is refused, never
 * joined. Throws `InvalidRequest` (`errors.invalid_phone`) for what is no phone number.
 */
export async function setPageCustomerDetails(ctx: UseCaseContext, businessId: string, raw: z.input<typeof SetPageCustomerDetailsInput>): Promise<PageCustomerDetailsOutcome> {
  const input = SetPageCustomerDetailsInput.parse(raw);
  const phone = normalizePhone(input.phone, input.defaultCountry);
  if (!phone) throw new InvalidRequest('That does not look like a phone number', 'errors.invalid_phone');
  const run = () =>
    emForBusiness(ctx.orm, businessId).transactional(async (em): Promise<PageCustomerDetailsOutcome> => {
      const customer = await em.findOne(CustomerSchema, { id: input.customerId });
      if (!customer) throw new NotFound('customer');
      const owner = await em.findOne(CustomerSchema, { phone, id: { $ne: customer.id } }, { fields: ['id'] });
      if (owner) return { kind: 'phone_elsewhere' };
      const waiting = await em.count(BookingSchema, { customer: customer.id, status: { $in: ['held', 'pending'] }, id: { $ne: input.holdId } });
      if (waiting >= MAX_UNCONFIRMED_PER_PHONE) {
        const proven =
          input.confirmedByCode && (await em.count(PageConfirmationCodeSchema, { booking: input.holdId, customer: customer.id, phone, usedAt: { $ne: null } })) > 0;
        if (!proven) return { kind: 'too_many_unconfirmed', limit: MAX_UNCONFIRMED_PER_PHONE, phone };
      }
      // The card a visitor's first hold made is blank until now: it becomes a customer here.
      const firstDetails = customer.phone === null && customer.name === '';
      if (customer.phone !== phone) {
        customer.phone = phone;
        customer.phoneTrusted = false;
      }
      customer.name = input.name;
      if (input.email && input.email.toLowerCase() !== (customer.email ?? '').toLowerCase()) {
        customer.email = input.email;
        // A new address may be mailed again (the old one bounced, not this one).
        customer.emailBouncedAt = null;
      }
      if (firstDetails) queueNotification(em, ctx.now(), { businessId, topic: 'customer.created', aggregateId: customer.id, payload: { customerId: customer.id } });
      await em.flush();
      return { kind: 'saved' };
    });
  try {
    return await run();
  } catch (error) {
    // The same number was being saved by a concurrent request: the retry sees its card.
    if (isUniqueViolation(error)) return run();
    throw error;
  }
}
