import { z } from 'zod';
import { BookingSchema, ChannelIdentitySchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { InvalidRequest } from '../shared/app-errors.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { findCustomer } from './customer-record.ts';
import { toCustomerView, type CustomerView } from './customer-view.ts';
import { mergeCustomerInto } from './merge-customers.ts';

/** Input of {@link mergeCustomerCards}: the card that stays and the duplicate folded into it. */
export const MergeCustomerCardsInput = z.object({ intoCustomerId: z.string(), fromCustomerId: z.string() });

/**
 * The team merges a duplicate card into this one, in one transaction: the duplicate's
 * chat identities, bookings, waitlist entries, open chats and queued notifications move
 * (see `mergeCustomerInto`), its number too when this card has none, and the duplicate is
 * removed; audited as `customer.merged` on the card that stays, naming the one merged.
 * Either card of another business is `NotFound`; a card merged into itself is refused.
 */
export async function mergeCustomerCards(ctx: UseCaseContext, businessId: string, actor: Actor, raw: z.input<typeof MergeCustomerCardsInput>): Promise<CustomerView> {
  const input = MergeCustomerCardsInput.parse(raw);
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const into = await findCustomer(em, input.intoCustomerId);
    const from = await findCustomer(em, input.fromCustomerId);
    if (into.id === from.id) throw new InvalidRequest('A customer cannot be merged into itself');
    const [bookings, identities] = await Promise.all([em.count(BookingSchema, { customer: from.id }), em.count(ChannelIdentitySchema, { customer: from.id })]);
    // The number moves with the person when the card that stays has none: taken off the
    // duplicate first, since a number lives on one card of a business.
    const phone = into.phone ? null : (from.phone ?? null);
    if (phone) {
      from.phone = null;
      await em.flush();
    }
    const details = { mergedCustomerId: from.id, mergedName: from.name, mergedPhone: from.phone ?? phone, bookings, identities };
    await mergeCustomerInto(em, ctx.conversations, businessId, from, into);
    if (phone) {
      into.phone = phone;
      into.phoneTrusted = from.phoneTrusted;
    }
    recordAudit(em, ctx.now(), { businessId, actor, action: 'customer.merged', entityType: 'customer', entityId: into.id, details });
    await em.flush();
    return toCustomerView(into);
  });
}
