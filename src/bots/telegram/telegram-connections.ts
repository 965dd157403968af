import { z } from 'zod';
import { TelegramBotSchema } from '../../db/entities/index.ts';
import { openSecret, sealSecret, type AppSecrets } from '../../db/secret-box.ts';
import { emAcrossBusinesses, emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../../app/shared/input-schemas.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';

const TOKEN_PURPOSE = 'telegram-bot-token';

/** A bot token as @BotFather issues it: `<bot id>:<secret>`. */
export const TelegramToken = z.string().trim().regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'not a Telegram bot token');

/** A connected bot, token decrypted, ready to run. */
export interface TelegramConnection {
  businessId: string;
  botId: string;
  token: string;
}

/**
 * Connects a business's own Telegram bot (white-label): the token is stored encrypted.
 * Connecting another token replaces the business's previous bot; a token already
 * connected to another business is refused.
 */
export async function connectTelegramBot(ctx: UseCaseContext, businessId: string, appSecret: string, rawToken: string): Promise<TelegramConnection & { newlyConnected: boolean }> {
  const token = TelegramToken.parse(rawToken);
  const botId = token.split(':')[0]!;
  const id = Id.parse(businessId);
  const newlyConnected = await emForBusiness(ctx.orm, id).transactional(async (em) => {
    const current = await em.findOne(TelegramBotSchema, { business: id });
    const tokenCiphertext = sealSecret(appSecret, TOKEN_PURPOSE, token, `${id}:${botId}`);
    const already = current !== null && current.botId === botId && current.active;
    if (current) em.assign(current, { botId, tokenCiphertext, active: true });
    else em.create(TelegramBotSchema, { business: id, botId, tokenCiphertext });
    return !already;
  });
  return { businessId: id, botId, token, newlyConnected };
}

/** Every active bot of every business, tokens decrypted (a token sealed under another APP_SECRET is skipped and reported). */
export async function activeTelegramBots(ctx: UseCaseContext, appSecret: AppSecrets): Promise<{ connections: TelegramConnection[]; unreadable: string[] }> {
  const rows = await emAcrossBusinesses(ctx.orm).find(TelegramBotSchema, { active: true });
  const connections: TelegramConnection[] = [];
  const unreadable: string[] = [];
  for (const row of rows) {
    try {
      connections.push({ businessId: row.business.id, botId: row.botId, token: openSecret(appSecret, TOKEN_PURPOSE, row.tokenCiphertext, `${row.business.id}:${row.botId}`) });
    } catch {
      unreadable.push(row.botId);
    }
  }
  return { connections, unreadable };
}
