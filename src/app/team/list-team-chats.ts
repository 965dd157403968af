import { TeamChatSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** A chat that receives the business's bookings. */
export interface TeamChatView {
  channel: string;
  chatId: string;
  title: string | null;
  linkedAt: number;
}

/** The business's active team chats, oldest first: who sees its customers' names and phones. */
export async function listTeamChats(ctx: UseCaseContext, businessId: string): Promise<TeamChatView[]> {
  const chats = await emForBusiness(ctx.orm, Id.parse(businessId)).find(TeamChatSchema, { active: true }, { orderBy: { createdAt: 'asc' } });
  return chats.map((c) => ({ channel: c.channel, chatId: c.chatId, title: c.title ?? null, linkedAt: c.createdAt.getTime() }));
}
