import { z } from 'zod';
import { ChatRelaySchema, CHANNELS, TEAM_POST_QUESTIONS, type TeamPostQuestion } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** Which post in which team chat: the channel's ids of the chat and of the message. */
export const TeamPostAddress = z.object({
  channel: z.enum(CHANNELS),
  teamChatId: z.string().min(1).max(128),
  teamMessageId: z.string().min(1).max(64),
});

/** Input of {@link rememberTeamPost}: the post, its customer, and its booking when it is a booking post. */
export const RememberTeamPostInput = TeamPostAddress.extend({
  customerId: z.uuid(),
  /** Set for a post about a booking (its actions can be typed in reply); absent for a forwarded customer message. */
  bookingId: z.uuid().nullable().default(null),
  /** Set for a question the bot asked about the booking (why it is cancelled): a reply to it is the answer. */
  asks: z.enum(TEAM_POST_QUESTIONS).nullable().default(null),
});

/**
 * Records which customer (and which booking) a team-chat post is about, so a reply to
 * it reaches them: a reply to a forwarded message is relayed to the customer, an action
 * typed in reply to a booking post acts on that booking. Recording twice is harmless.
 */
export async function rememberTeamPost(ctx: UseCaseContext, businessId: string, raw: z.input<typeof RememberTeamPostInput>): Promise<void> {
  const input = RememberTeamPostInput.parse(raw);
  const id = Id.parse(businessId);
  await emForBusiness(ctx.orm, id).upsert(
    ChatRelaySchema,
    { business: id, channel: input.channel, teamChatId: input.teamChatId, teamMessageId: input.teamMessageId, customer: input.customerId, booking: input.bookingId, asks: input.asks },
    { onConflictFields: ['business', 'channel', 'teamChatId', 'teamMessageId'], onConflictAction: 'ignore' },
  );
}

/** A remembered team post: whose it is, and its booking for a booking post. */
export interface RememberedTeamPost {
  customerId: string;
  /** Null for a forwarded customer message. */
  bookingId: string | null;
  /** What the bot asked with this post, if it is a question; null for a post. */
  asks: TeamPostQuestion | null;
}

/** The post a team-chat message replies to, when it is one the channel remembered; else null. */
export async function rememberedTeamPost(ctx: UseCaseContext, businessId: string, raw: z.input<typeof TeamPostAddress>): Promise<RememberedTeamPost | null> {
  const input = TeamPostAddress.parse(raw);
  const row = await emForBusiness(ctx.orm, Id.parse(businessId)).findOne(ChatRelaySchema, { channel: input.channel, teamChatId: input.teamChatId, teamMessageId: input.teamMessageId });
  return row ? { customerId: row.customer.id, bookingId: row.booking?.id ?? null, asks: row.asks ?? null } : null;
}
