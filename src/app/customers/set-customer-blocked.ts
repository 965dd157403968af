import { z } from 'zod';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { findCustomer } from './customer-record.ts';
import { toCustomerView, type CustomerView } from './customer-view.ts';

/** Input of {@link setCustomerBlocked}. */
export const SetCustomerBlockedInput = z.object({ customerId: z.string(), blocked: z.boolean() });

/**
 * Puts a customer on the business's block list or takes them off it, audited as
 * `customer.blocked` / `customer.unblocked`. A blocked customer can hold no new slot and
 * join no waitlist (`CustomerBlocked` from placing a slot), cannot confirm a hold they
 * have, and is skipped by waitlist offers; bookings already confirmed stay for the team
 * to decide. Setting what is already set changes and records nothing.
 */
export async function setCustomerBlocked(ctx: UseCaseContext, businessId: string, actor: Actor, raw: z.input<typeof SetCustomerBlockedInput>): Promise<CustomerView> {
  const input = SetCustomerBlockedInput.parse(raw);
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const customer = await findCustomer(em, input.customerId);
    if (customer.blocked !== input.blocked) {
      customer.blocked = input.blocked;
      recordAudit(em, ctx.now(), { businessId, actor, action: input.blocked ? 'customer.blocked' : 'customer.unblocked', entityType: 'customer', entityId: customer.id, details: { name: customer.name } });
      await em.flush();
    }
    return toCustomerView(customer);
  });
}
