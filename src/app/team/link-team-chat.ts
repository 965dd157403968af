import type { z } from 'zod';
import { TeamChatSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { TeamChatLimitReached } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { queueNotification } from '../notifications/queue-notification.ts';
import { LinkTeamChatInput } from './team-chat-input.ts';
import type { TeamMember } from './team-member.ts';
import { recordAudit } from '../shared/record-audit.ts';

/**
 * How many group chats may receive a business's bookings (its customers' names and
 * phones) at once: a short list the whole team can see (`/chats`).
 */
export const MAX_TEAM_CHATS = 5;

/**
 * Makes a group chat a team chat of the business (again active if it was), on behalf
 * of the linked staff member who sent `/link`. Every team chat — the new one included —
 * is told (`team.chat_linked`) and the change is audited, so nobody adds a chat
 * unseen. Returns false when it already was one; `TeamChatLimitReached` past
 * {@link MAX_TEAM_CHATS}.
 */
export async function linkTeamChat(ctx: UseCaseContext, businessId: string, by: TeamMember, raw: z.input<typeof LinkTeamChatInput>): Promise<boolean> {
  const input = LinkTeamChatInput.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const existing = await em.findOne(TeamChatSchema, { channel: input.channel, chatId: input.chatId });
    if (existing?.active) {
      if (input.title && existing.title !== input.title) existing.title = input.title;
      return false;
    }
    if ((await em.count(TeamChatSchema, { active: true })) >= MAX_TEAM_CHATS) throw new TeamChatLimitReached(MAX_TEAM_CHATS);
    const chat = existing ?? em.create(TeamChatSchema, { business: id, channel: input.channel, chatId: input.chatId, locale: input.locale, title: input.title });
    chat.active = true;
    if (input.title) chat.title = input.title;
    recordAudit(em, ctx.now(), {
      businessId: id,
      actor: { kind: 'business', userId: by.userId, staffId: by.staffId },
      action: 'team.chat_linked',
      entityType: 'team_chat',
      entityId: chat.id,
      details: { channel: input.channel, chatTitle: input.title ?? '' },
    });
    queueNotification(em, ctx.now(), { businessId: id, topic: 'team.chat_linked', aggregateId: id, payload: { chatTitle: input.title ?? '', staffName: by.name } });
    return true;
  });
}
