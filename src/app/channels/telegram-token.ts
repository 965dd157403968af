import { z } from 'zod';

/**
 * A bot token as @BotFather issues it: `<bot id>:<secret>`. The message is an i18n key
 * under `panel.errors`, so the panel's form shows it next to the field.
 */
export const TelegramBotToken = z
  .string()
  .trim()
  .regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'channels_token_format');

/** Input of connecting a Telegram bot (the panel's form, the connector). */
export const ConnectTelegramBotInput = z.object({ token: TelegramBotToken });

const MASK = '••••••••';

/**
 * A token as it may be shown again: the bot id (public anyway: it names the bot) and the
 * last four characters of the secret, `123456:••••••••wxyz`. Tokens are write-only.
 */
export function maskTelegramToken(token: string): string {
  const [botId = '', secret = ''] = token.split(':');
  return `${botId}:${MASK}${secret.length > 8 ? secret.slice(-4) : ''}`;
}
