import { z } from 'zod';
import { TeamChatSchema } from '../../db/entities/index.ts';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { TeamChatAddress } from './team-chat-input.ts';
import { RECORD_TEAM_CHAT_EVENT } from './team-sql.ts';

/** Input of {@link firstTimeFromTeamChat}: the team chat and the update's key. */
export const FirstTimeFromTeamChatInput = TeamChatAddress.extend({ key: z.string().min(1).max(64) });

/**
 * True the first time an update from a team chat is seen (by its channel key, e.g.
 * `telegram:<update_id>`): a redelivered update returns false and must change nothing.
 * Chats that are not (yet) team chats have nothing to protect and always return true.
 */
export async function firstTimeFromTeamChat(ctx: UseCaseContext, businessId: string, raw: z.input<typeof FirstTimeFromTeamChatInput>): Promise<boolean> {
  const input = FirstTimeFromTeamChatInput.parse(raw);
  const id = Id.parse(businessId);
  const em = emForBusiness(ctx.orm, id);
  const fresh = await runSql(em, RECORD_TEAM_CHAT_EVENT, { businessId: id, channel: input.channel, chatId: input.chatId, key: input.key });
  if (fresh.length > 0) return true;
  return (await em.count(TeamChatSchema, { channel: input.channel, chatId: input.chatId })) === 0;
}
