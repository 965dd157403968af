import type { z } from 'zod';
import { TeamChatSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { LinkTeamChatInput } from './team-chat-input.ts';

/** Makes a group chat a team chat of the business (again active if it was). Returns false when it already was. */
export async function linkTeamChat(ctx: UseCaseContext, businessId: string, raw: z.input<typeof LinkTeamChatInput>): Promise<boolean> {
  const input = LinkTeamChatInput.parse(raw);
  return emForBusiness(ctx.orm, Id.parse(businessId)).transactional(async (em) => {
    const existing = await em.findOne(TeamChatSchema, { channel: input.channel, chatId: input.chatId });
    if (existing?.active) return false;
    if (existing) existing.active = true;
    else em.create(TeamChatSchema, { business: businessId, channel: input.channel, chatId: input.chatId, locale: input.locale });
    return true;
  });
}
