import { z } from 'zod';
import { CustomerSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** Input of {@link pageCustomer}. */
export const PageCustomerInput = z.object({
  /** The card the visitor's cookie remembers for this business, if any. */
  customerId: z.uuid().nullable(),
  locale: z.enum(['en', 'ru', 'uk', 'kk']).nullable().default(null),
});

/**
 * The customer card behind a booking page visitor: the one their cookie remembers (while
 * it still exists: a merged card is gone), or a new blank one. A hold needs a customer
 * before the visitor has typed a name, as a chat's first message makes one. The page is
 * no chat channel, so the card has no chat identity: nothing is sent to a chat for it.
 */
export async function pageCustomer(ctx: UseCaseContext, businessId: string, raw: z.input<typeof PageCustomerInput>): Promise<string> {
  const input = PageCustomerInput.parse(raw);
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    if (input.customerId) {
      const known = await em.findOne(CustomerSchema, { id: input.customerId }, { fields: ['id'] });
      if (known) return known.id;
    }
    const customer = em.create(CustomerSchema, { business: businessId, name: '', phone: null, phoneTrusted: false, locale: input.locale });
    await em.flush();
    return customer.id;
  });
}
