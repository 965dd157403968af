import { z } from 'zod';
import { ChannelIdentitySchema, CustomerSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { queueNotification } from '../notifications/queue-notification.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';

/** Input of {@link messageCustomer}. */
export const MessageCustomerInput = z.object({
  customerId: z.uuid(),
  text: z.string().trim().min(1, 'message_required').max(3000, 'too_big'),
  /** Who writes, as the customer sees it (the panel user's name). */
  staffName: z.string().trim().max(200).default(''),
  /** The booking the message is about, for the audit log. */
  bookingId: z.uuid().optional(),
});

/** Whether a message to the customer was queued, or why not. */
export type MessageCustomerOutcome = { kind: 'queued' } | { kind: 'no_chat' };

/**
 * The desk writes to a customer in their chat (as a team reply from the team chat
 * would): queued through the outbox (`conversation.reply`) to the channel they are
 * notified on, and audited. A customer who never wrote to the business (booked by phone
 * at the desk) has no chat to write to: `no_chat`, nothing queued.
 */
export async function messageCustomer(ctx: UseCaseContext, businessId: string, actor: Extract<Actor, { kind: 'business' }>, raw: z.input<typeof MessageCustomerInput>): Promise<MessageCustomerOutcome> {
  const input = MessageCustomerInput.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const customer = await em.findOne(CustomerSchema, { id: input.customerId });
    if (!customer) throw new NotFound('customer');
    if ((await em.count(ChannelIdentitySchema, { customer: customer.id })) === 0) return { kind: 'no_chat' };
    queueNotification(em, ctx.now(), { businessId: id, topic: 'conversation.reply', aggregateId: customer.id, payload: { customerId: customer.id, text: input.text, staffName: input.staffName } });
    recordAudit(em, ctx.now(), { businessId: id, actor, action: 'customer.messaged', entityType: input.bookingId ? 'booking' : 'customer', entityId: input.bookingId ?? customer.id, details: { text: input.text } });
    return { kind: 'queued' };
  });
}
