import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ChatRelaySchema, CHANNELS, CustomerSchema, OutboxMessageSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** Input of {@link forwardToTeam}. */
export const ForwardToTeamInput = z.object({
  customerId: z.uuid(),
  text: z.string().trim().min(1).max(3000),
});

/**
 * A customer asked to talk to a person: their message goes to the business's team
 * chats (`conversation.message`), where a reply to the post comes back to them.
 */
export async function forwardToTeam(ctx: UseCaseContext, businessId: string, raw: z.input<typeof ForwardToTeamInput>): Promise<void> {
  const input = ForwardToTeamInput.parse(raw);
  await emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const customer = await em.findOne(CustomerSchema, { id: input.customerId });
    if (!customer) throw new NotFound('customer');
    const id = randomUUID();
    em.create(OutboxMessageSchema, {
      id,
      business: businessId,
      topic: 'conversation.message',
      aggregateType: 'customer',
      aggregateId: customer.id,
      dedupeKey: `conversation.message:${id}`,
      payload: { customerId: customer.id, customerName: customer.name, phone: customer.phone ?? null, text: input.text },
    });
  });
}

/** Input of {@link rememberTeamPost}. */
export const RememberTeamPostInput = z.object({
  channel: z.enum(CHANNELS),
  teamChatId: z.string().min(1).max(128),
  teamMessageId: z.string().min(1).max(64),
  customerId: z.uuid(),
});

/** Records which customer a team-chat post came from, so replies to it reach them. Recording twice is harmless. */
export async function rememberTeamPost(ctx: UseCaseContext, businessId: string, raw: z.input<typeof RememberTeamPostInput>): Promise<void> {
  const input = RememberTeamPostInput.parse(raw);
  await emForBusiness(ctx.orm, businessId).upsert(
    ChatRelaySchema,
    { business: businessId, channel: input.channel, teamChatId: input.teamChatId, teamMessageId: input.teamMessageId, customer: input.customerId },
    { onConflictFields: ['business', 'channel', 'teamChatId', 'teamMessageId'], onConflictAction: 'ignore' },
  );
}

/** Input of {@link replyFromTeam}. */
export const ReplyFromTeamInput = z.object({
  channel: z.enum(CHANNELS),
  teamChatId: z.string().min(1).max(128),
  repliedToMessageId: z.string().min(1).max(64),
  text: z.string().trim().min(1).max(3000),
  staffName: z.string().trim().max(200).default(''),
});

/**
 * A staff member replied in the team chat to a customer's forwarded message: the reply
 * is queued to the customer (`conversation.reply`). Returns false when the post was not
 * a forwarded customer message (an ordinary reply in the group).
 */
export async function replyFromTeam(ctx: UseCaseContext, businessId: string, raw: z.input<typeof ReplyFromTeamInput>): Promise<boolean> {
  const input = ReplyFromTeamInput.parse(raw);
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const relay = await em.findOne(ChatRelaySchema, { channel: input.channel, teamChatId: input.teamChatId, teamMessageId: input.repliedToMessageId });
    if (!relay) return false;
    const id = randomUUID();
    em.create(OutboxMessageSchema, {
      id,
      business: businessId,
      topic: 'conversation.reply',
      aggregateType: 'customer',
      aggregateId: relay.customer.id,
      dedupeKey: `conversation.reply:${id}`,
      payload: { customerId: relay.customer.id, text: input.text, staffName: input.staffName },
    });
    return true;
  });
}
