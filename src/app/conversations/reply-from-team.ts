import { z } from 'zod';
import { ChatRelaySchema, CHANNELS } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { queueNotification } from '../notifications/queue-notification.ts';

/** Input of {@link replyFromTeam}. */
export const ReplyFromTeamInput = z.object({
  channel: z.enum(CHANNELS),
  teamChatId: z.string().min(1).max(128),
  repliedToMessageId: z.string().min(1).max(64),
  text: z.string().trim().min(1).max(3000),
  staffName: z.string().trim().max(200).default(''),
  /** The reply quotes a booking post (`/msg <text>` under it): its customer is written to. */
  aboutBooking: z.boolean().default(false),
});

/**
 * A staff member replied in the team chat to a customer's forwarded message: the reply
 * is queued to the customer (`conversation.reply`). Returns false when the post was not
 * a forwarded customer message (an ordinary reply in the group). A booking post is
 * remembered too (for its typed actions), but staff talking under it are talking to
 * each other: only what they address to the customer (`aboutBooking`, the `/msg`
 * command) reaches them. A question the bot asked is never relayed.
 */
export async function replyFromTeam(ctx: UseCaseContext, businessId: string, raw: z.input<typeof ReplyFromTeamInput>): Promise<boolean> {
  const input = ReplyFromTeamInput.parse(raw);
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const relay = await em.findOne(ChatRelaySchema, {
      channel: input.channel,
      teamChatId: input.teamChatId,
      teamMessageId: input.repliedToMessageId,
      booking: input.aboutBooking ? { $ne: null } : null,
      asks: null,
    });
    if (!relay) return false;
    queueNotification(em, ctx.now(), {
      businessId,
      topic: 'conversation.reply',
      aggregateId: relay.customer.id,
      payload: { customerId: relay.customer.id, text: input.text, staffName: input.staffName },
    });
    return true;
  });
}
