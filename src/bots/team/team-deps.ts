import type { Logger } from 'pino';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import type { Translator } from '../../i18n/translator.ts';

/**
 * What the team side needs from the channel calling it: use cases' context, texts (to
 * read a typed action word in any language), logs, and the app secret the link codes are
 * made with. Every channel's own deps carry at least this (Telegram's `TelegramDeps` does).
 */
export interface TeamDeps {
  ctx: UseCaseContext;
  translator: Translator;
  logger: Logger;
  appSecret: string;
}
