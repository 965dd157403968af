import { z } from 'zod';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { findCustomer } from './customer-record.ts';

/** Input of {@link clearEmailBounce}. */
export const ClearEmailBounceInput = z.object({ customerId: z.string() });

/**
 * The team takes the bounce mark off a customer's address (they fixed their mailbox):
 * e-mail goes to it again, and a new hard bounce marks it again. Audited as
 * `customer.email_bounce_cleared` with when it had bounced. An unsubscribe is not
 * touched: that was the customer's own choice. True when a mark was cleared; false when
 * there was none (nothing changes, nothing is recorded). Another business's customer is
 * `NotFound`.
 */
export async function clearEmailBounce(ctx: UseCaseContext, businessId: string, actor: Actor, raw: z.input<typeof ClearEmailBounceInput>): Promise<boolean> {
  const input = ClearEmailBounceInput.parse(raw);
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const customer = await findCustomer(em, input.customerId);
    const bouncedAt = customer.emailBouncedAt;
    if (!bouncedAt) return false;
    customer.emailBouncedAt = null;
    recordAudit(em, ctx.now(), { businessId, actor, action: 'customer.email_bounce_cleared', entityType: 'customer', entityId: customer.id, details: { bouncedAt: bouncedAt.toISOString() } });
    await em.flush();
    return true;
  });
}
