import { z } from 'zod';
import { BusinessSchema, CustomerSchema } from '../../db/entities/index.ts';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { countryOfZone, knownCountry } from '../catalog/business-profile.ts';
import { InvalidRequest, NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import { queueNotification } from '../notifications/queue-notification.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { toCustomerView, type CustomerView } from './customer-view.ts';
import { releaseNumber } from './merge-customers.ts';
import { normalizePhone } from './phone-number.ts';

/** Input of {@link customerAtDesk}: a phone as the desk typed it, and a name for a new card. */
export const CustomerAtDeskInput = z.object({
  phone: z.string().trim().min(1, 'phone_required').max(32, 'invalid_phone'),
  name: z.string().trim().max(200).default(''),
});

/**
 * The customer the desk means by a phone number (a walk-in, a call): the card with that
 * number, or a new one. The number is the business's own word, so it is trusted: a card
 * whose number a chat customer merely typed gives it up to this one. A name fills a card
 * that has none; a card's own name is kept. Numbers typed without a country code are
 * read in the business's country. A new card is audited.
 */
export async function customerAtDesk(ctx: UseCaseContext, businessId: string, actor: Extract<Actor, { kind: 'business' }>, raw: z.input<typeof CustomerAtDeskInput>): Promise<CustomerView> {
  const input = CustomerAtDeskInput.parse(raw);
  const id = Id.parse(businessId);
  const run = () =>
    emForBusiness(ctx.orm, id).transactional(async (em) => {
      const business = await em.findOne(BusinessSchema, { id }, { fields: ['timeZone', 'phoneCountry'] });
      if (!business) throw new NotFound('business');
      const phone = normalizePhone(input.phone, knownCountry(business.phoneCountry ?? null) ?? countryOfZone(business.timeZone));
      if (!phone) throw new InvalidRequest('That does not look like a phone number', 'errors.invalid_phone');
      const owner = await em.findOne(CustomerSchema, { phone });
      if (owner && owner.phoneTrusted) {
        if (!owner.name && input.name) owner.name = input.name;
        await em.flush();
        return toCustomerView(owner);
      }
      if (owner) await releaseNumber(em, owner);
      const customer = em.create(CustomerSchema, { business: id, name: input.name, phone, phoneTrusted: true });
      recordAudit(em, ctx.now(), { businessId: id, actor, action: 'customer.created', entityType: 'customer', entityId: customer.id, details: { at: 'desk' } });
      queueNotification(em, ctx.now(), { businessId: id, topic: 'customer.created', aggregateId: customer.id, payload: { customerId: customer.id } });
      await em.flush();
      return toCustomerView(customer);
    });
  try {
    return await run();
  } catch (error) {
    // Two desks added the same number at once: the other card exists now.
    if (isUniqueViolation(error)) return run();
    throw error;
  }
}
