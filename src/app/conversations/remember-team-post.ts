import { z } from 'zod';
import { ChatRelaySchema, CHANNELS } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

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
