import { TelegramBotSchema } from '../../db/entities/index.ts';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import { openSecret, sealSecret, type AppSecrets } from '../../db/secret-box.ts';
import { emAcrossBusinesses, emForBusiness } from '../../db/tenant-scope.ts';
import { TelegramBotToken } from '../../app/channels/telegram-token.ts';
import { Id } from '../../app/shared/input-schemas.ts';
import { recordAudit } from '../../app/shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../../app/shared/use-case-context.ts';

const TOKEN_PURPOSE = 'telegram-bot-token';

/** A bot token as @BotFather issues it: `<bot id>:<secret>` (the schema lives with the panel's contract). */
export const TelegramToken = TelegramBotToken;

/** A connected bot, token decrypted, ready to run. */
export interface TelegramConnection {
  businessId: string;
  botId: string;
  token: string;
}

/** The bot is connected to another business already (a bot serves one business). */
export class TelegramBotTaken extends Error {
  constructor(botId: string) {
    super(`Telegram bot ${botId} is connected to another business`);
  }
}

/** What connecting changed: whether the bot is new to the business, and the bot it replaced. */
export interface TelegramConnected extends TelegramConnection {
  newlyConnected: boolean;
  /** The business's previous bot, when another one was connected until now. */
  replacedBotId: string | null;
}

const taken = (error: unknown) => isUniqueViolation(error, 'telegram_bot_bot_id_unique');

/**
 * Connects a business's own Telegram bot (white-label): the token is stored encrypted.
 * Connecting another token replaces the business's previous bot; a bot already
 * connected to another business is refused ({@link TelegramBotTaken}). With an `actor`
 * (the panel) the connection is audited; without one (the token from the environment)
 * only a new connection is, as the system's.
 */
export async function connectTelegramBot(
  ctx: UseCaseContext,
  businessId: string,
  appSecret: string,
  rawToken: string,
  options: { username?: string; actor?: Actor } = {},
): Promise<TelegramConnected> {
  const token = TelegramToken.parse(rawToken);
  const botId = token.split(':')[0]!;
  const id = Id.parse(businessId);
  const elsewhere = await emAcrossBusinesses(ctx.orm).findOne(TelegramBotSchema, { botId, business: { $ne: id } });
  if (elsewhere) throw new TelegramBotTaken(botId);
  try {
    return await emForBusiness(ctx.orm, id).transactional(async (em) => {
      const current = await em.findOne(TelegramBotSchema, { business: id });
      const tokenCiphertext = sealSecret(appSecret, TOKEN_PURPOSE, token, `${id}:${botId}`);
      const already = current !== null && current.botId === botId && current.active;
      const replacedBotId = current && current.botId !== botId && current.active ? current.botId : null;
      const username = options.username ?? (current?.botId === botId ? current.username : null) ?? null;
      const row = current ?? em.create(TelegramBotSchema, { business: id, botId, tokenCiphertext, username });
      em.assign(row, { botId, tokenCiphertext, active: true, username });
      if (options.actor || !already) {
        recordAudit(em, ctx.now(), {
          businessId: id,
          actor: options.actor ?? { kind: 'system' },
          action: 'channel.telegram_connected',
          entityType: 'telegram_bot',
          entityId: row.id,
          details: { botId, username: username ?? '', replacedBotId: replacedBotId ?? '' },
        });
      }
      return { businessId: id, botId, token, newlyConnected: !already, replacedBotId };
    });
  } catch (error) {
    // Another business connected the same bot at the same moment.
    if (taken(error)) throw new TelegramBotTaken(botId);
    throw error;
  }
}

/**
 * Disconnects a business's bot: the row and its sealed token are deleted (a bot no
 * longer connected leaves no secret behind, and may be connected elsewhere). Audited.
 * Returns the bot's id, or null when the business had none.
 */
export async function disconnectTelegramBot(ctx: UseCaseContext, businessId: string, actor: Actor): Promise<string | null> {
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const current = await em.findOne(TelegramBotSchema, { business: id });
    if (!current) return null;
    recordAudit(em, ctx.now(), {
      businessId: id,
      actor,
      action: 'channel.telegram_disconnected',
      entityType: 'telegram_bot',
      entityId: current.id,
      details: { botId: current.botId, username: current.username ?? '' },
    });
    em.remove(current);
    return current.botId;
  });
}

/** A business's stored bot: its id and username, and its token when it can be opened. */
export interface StoredTelegramBot {
  botId: string;
  username: string | null;
  /** Null when sealed under an APP_SECRET this service does not have. */
  token: string | null;
}

/** The business's active bot, or null. */
export async function storedTelegramBot(ctx: UseCaseContext, businessId: string, appSecret: AppSecrets): Promise<StoredTelegramBot | null> {
  const id = Id.parse(businessId);
  const row = await emForBusiness(ctx.orm, id).findOne(TelegramBotSchema, { business: id, active: true });
  if (!row) return null;
  let token: string | null = null;
  try {
    token = openSecret(appSecret, TOKEN_PURPOSE, row.tokenCiphertext, `${id}:${row.botId}`);
  } catch {
    token = null;
  }
  return { botId: row.botId, username: row.username ?? null, token };
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
