import type { WebChatVisitors } from '../../app/channels/web-chat.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import type { Translator } from '../../i18n/translator.ts';

/** Requests per minute the chat takes, per client address and per visitor. */
export interface WebChatLimits {
  pagesPerMinutePerAddress: number;
  sendsPerMinutePerAddress: number;
  sendsPerMinutePerVisitor: number;
  pollsPerMinutePerAddress: number;
  pollsPerMinutePerVisitor: number;
}

/** The defaults: far above a person chatting, far below a script. */
export const DEFAULT_WEB_CHAT_LIMITS: WebChatLimits = {
  pagesPerMinutePerAddress: 60,
  sendsPerMinutePerAddress: 60,
  sendsPerMinutePerVisitor: 30,
  pollsPerMinutePerAddress: 240,
  pollsPerMinutePerVisitor: 120,
};

/** What the web chat's pages need, passed in by `main.ts` (or a test). */
export interface WebChatDeps {
  /** For the business's logo (a use case). */
  ctx: UseCaseContext;
  translator: Translator;
  /** APP_SECRET: the visitor cookie's key and the form token are derived from it. */
  appSecret: string;
  /** PUBLIC_URL: an https one makes the visitor cookie Secure. */
  publicUrl: string;
  /** The channel's visitors side (`createWebChatChannel(...).visitors` in `src/bots/webchat`). */
  visitors: WebChatVisitors;
  limits?: Partial<WebChatLimits>;
  /** How long an open page's poll waits for news before answering empty (default 25 s). */
  pollWaitMs?: number;
}
