import { z } from 'zod';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { TeamChatAddress } from './team-chat-input.ts';
import { TEAM_CHAT_LANGUAGE } from './team-sql.ts';

const LanguageRow = z.object({ language: z.string().nullable() });

/** The language posts in a chat are written in: the team chat's own, else the business's. */
export async function teamChatLanguage(ctx: UseCaseContext, businessId: string, raw: z.input<typeof TeamChatAddress>): Promise<string> {
  const input = TeamChatAddress.parse(raw);
  const id = Id.parse(businessId);
  const [row] = await runSql(emForBusiness(ctx.orm, id), TEAM_CHAT_LANGUAGE, { businessId: id, channel: input.channel, chatId: input.chatId });
  return (row ? LanguageRow.parse(row).language : null) ?? 'en';
}
