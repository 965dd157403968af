import type { WebChatVisitors } from '../../app/channels/web-chat.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { ChatChannel } from '../channels/chat-channel.ts';
import { WEB_CHAT_MAX_TEXT } from './web-chat-render.ts';
import { webChatSender } from './web-chat-sender.ts';
import { WebChatSignals } from './web-chat-signals.ts';
import { webChatVisitors } from './web-chat-visitors.ts';

/** What the web chat needs from the composition root. */
export interface WebChatChannelDeps {
  ctx: UseCaseContext;
  translator: Translator;
  /** An unfinished booking flow gives its hold back after this long without an answer (the other channels' setting). */
  idleMinutes: number;
  /** How often an open page's poll looks for messages another process stored (default 3 s). */
  recheckMs?: number;
}

/** The web chat: a {@link ChatChannel} for the registry, and the visitors side its pages (`src/admin/webchat`) use. */
export interface WebChatChannel extends ChatChannel {
  visitors: WebChatVisitors;
}

/**
 * The web chat, the channel that needs no account: every business has one at
 * `/chat/<slug>`, so there is nothing to connect (attach and detach change nothing).
 * Visitors are known by a random id in a signed cookie; their conversation lives in
 * PostgreSQL like every chat's, and what was said in `web_chat_message`, which the page
 * reads. It cannot write first: a visitor's page only shows what is stored once they
 * come back.
 */
export function createWebChatChannel(deps: WebChatChannelDeps): WebChatChannel {
  const signals = new WebChatSignals();
  return {
    id: 'webchat',
    name: 'webchat',
    capabilities: { buttons: true, edits: false, images: true, documents: false, maxTextLength: WEB_CHAT_MAX_TEXT, startsConversations: false },
    sender: webChatSender({ ctx: deps.ctx, translator: deps.translator, signals }),
    // The pages and their routes are the HTTP layer's (`registerWebChat`): no provider calls in.
    routes: [],
    visitors: webChatVisitors({ ctx: deps.ctx, translator: deps.translator, signals, idleMinutes: deps.idleMinutes, ...(deps.recheckMs ? { recheckMs: deps.recheckMs } : {}) }),
    attach: async () => undefined,
    detach: async () => undefined,
    // Nothing to connect, so nothing to count as connecting or failing.
    readiness: () => ({ connected: 0, connecting: 0, failing: 0 }),
    async stop() {
      // Open pages' polls answer now instead of holding the HTTP server's shutdown.
      signals.close();
    },
  };
}
