import { z } from 'zod';
import { ChatRelaySchema, CHANNELS } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

// A booking gathers a post per change (new, moved, paid…); redrawing more than the
// latest few costs the group's send budget (20 a minute) for posts nobody scrolls to.
const AT_MOST = 5;

/** Input of {@link bookingTeamPosts}. */
export const BookingTeamPostsInput = z.object({
  channel: z.enum(CHANNELS),
  teamChatId: z.string().min(1).max(128),
  bookingId: z.uuid(),
});

/**
 * The channel's message ids of the posts about a booking in one team chat, newest
 * first (at most a few), so a channel that edits messages can redraw them when the
 * booking changes. Questions the bot asked about it are not posts and are left out.
 */
export async function bookingTeamPosts(ctx: UseCaseContext, businessId: string, raw: z.input<typeof BookingTeamPostsInput>): Promise<string[]> {
  const input = BookingTeamPostsInput.parse(raw);
  const rows = await emForBusiness(ctx.orm, Id.parse(businessId)).find(
    ChatRelaySchema,
    { channel: input.channel, teamChatId: input.teamChatId, booking: input.bookingId, asks: null },
    { orderBy: { createdAt: 'desc' }, limit: AT_MOST, fields: ['teamMessageId'] },
  );
  return rows.map((row) => row.teamMessageId);
}
