import type { Logger } from 'pino';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import type { Translator } from '../../i18n/translator.ts';

/** What every Telegram handler needs: use cases' context, texts, logs and the app secret (link codes). */
export interface TelegramDeps {
  ctx: UseCaseContext;
  translator: Translator;
  logger: Logger;
  appSecret: string;
  /** The APP_SECRET before a rotation: bot tokens sealed under it still open. */
  previousAppSecret?: string | undefined;
  /** Minutes an unfinished flow may sit idle before its hold is released. */
  idleMinutes: number;
}

/** One business's bot as the handlers see it. */
export interface BotBinding {
  businessId: string;
  botId: string;
}
