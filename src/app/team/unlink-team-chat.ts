import type { z } from 'zod';
import { TeamChatSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { LinkTeamChatInput } from './team-chat-input.ts';

/** Stops posting to a team chat (`/unlink` in it). */
export async function unlinkTeamChat(ctx: UseCaseContext, businessId: string, raw: z.input<typeof LinkTeamChatInput>): Promise<void> {
  const input = LinkTeamChatInput.parse(raw);
  await emForBusiness(ctx.orm, Id.parse(businessId)).nativeUpdate(TeamChatSchema, { channel: input.channel, chatId: input.chatId }, { active: false });
}
