import { z } from 'zod';
import { SLUG_PATTERN } from '../../app/catalog/business-slug.ts';
import type { WebChatVisitors } from '../../app/channels/web-chat.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import { BusinessSchema } from '../../db/entities/index.ts';
import { emAcrossBusinesses } from '../../db/tenant-scope.ts';
import type { Translator } from '../../i18n/translator.ts';
import { ChatEvent } from '../engine/chat-event.ts';
import { handleChatEvent } from '../engine/conversation-session.ts';
import { ChoiceValue } from './web-chat-body.ts';
import {
  appendWebChatMessages,
  hasWebChatMessagesAfter,
  offeredChoiceLabel,
  recentWebChatMessages,
  webChatMessagesAfter,
  type NewWebChatMessage,
} from './web-chat-messages.ts';
import { renderForWebChat } from './web-chat-render.ts';
import type { WebChatSignals } from './web-chat-signals.ts';

/** What the web chat's visitors side needs. */
export interface WebChatVisitorDeps {
  ctx: UseCaseContext;
  translator: Translator;
  signals: WebChatSignals;
  /** An unfinished booking flow gives its hold back after this long without an answer. */
  idleMinutes: number;
  /** How often a waiting poll looks at the database for messages another process stored. */
  recheckMs?: number;
}

const TypedText = z.string().trim().min(1).max(4096);
const SERVICE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The web chat's visitors side over PostgreSQL and the conversation engine. */
export function webChatVisitors(deps: WebChatVisitorDeps): WebChatVisitors {
  const orm = deps.ctx.orm;
  const recheckMs = deps.recheckMs ?? 3_000;
  return {
    async business(slug) {
      if (!SLUG_PATTERN.test(slug)) return null;
      const b = await emAcrossBusinesses(orm).findOne(BusinessSchema, { slug }, { fields: ['id', 'slug', 'name', 'defaultLocale', 'brandPrimaryColor', 'brandAccentColor', 'logoType', 'updatedAt'] });
      if (!b) return null;
      return {
        id: b.id,
        slug: b.slug,
        name: b.name,
        defaultLocale: b.defaultLocale,
        primaryColor: b.brandPrimaryColor,
        accentColor: b.brandAccentColor,
        hasLogo: Boolean(b.logoType),
        version: b.updatedAt.getTime(),
      };
    },
    recent: (chat, limit) => recentWebChatMessages(orm, chat, limit),
    after: (chat, seq, limit) => webChatMessagesAfter(orm, chat, seq, limit),
    async send(chat, input, options) {
      let event: ChatEvent;
      let said: string | null;
      if (input.kind === 'choice') {
        const pressed = ChoiceValue.safeParse(input.value);
        if (!pressed.success) return 'invalid';
        // A choice this visitor was never offered is not something the page sends.
        said = await offeredChoiceLabel(orm, chat, pressed.data.id);
        if (said === null) return 'invalid';
        event = { kind: 'choice', id: pressed.data.id, version: pressed.data.version };
      } else if (input.kind === 'start') {
        const serviceId = input.serviceId && SERVICE_ID.test(input.serviceId) ? input.serviceId : '';
        event = { kind: 'command', name: 'start', arg: serviceId };
        said = null;
      } else {
        const text = TypedText.safeParse(input.text);
        if (!text.success) return 'invalid';
        event = { kind: 'text', text: text.data };
        said = text.data;
      }
      const reply = await handleChatEvent(
        {
          ctx: deps.ctx,
          translator: deps.translator,
          address: { businessId: chat.businessId, channel: 'webchat', chatId: chat.visitorId },
          profile: { ...(options.language ? { language: options.language } : {}), ...(options.timeZone ? { timeZone: options.timeZone } : {}) },
          idleMinutes: deps.idleMinutes,
        },
        ChatEvent.parse(event),
        options.eventId ? `webchat:${chat.visitorId}:${options.eventId}` : null,
      );
      if (reply.duplicate) return 'duplicate';
      const visitor: NewWebChatMessage = { author: 'visitor', body: { text: said ?? deps.translator.t(reply.language, 'chat.web.start') } };
      const business = reply.messages.map((m): NewWebChatMessage => ({ author: 'business', body: renderForWebChat(deps.translator, reply.language, m, reply.version) }));
      await appendWebChatMessages(orm, chat, [visitor, ...business]);
      deps.signals.wake(chat.businessId, chat.visitorId);
      return 'sent';
    },
    async waitForNews(chat, seq, waitMs, signal) {
      const until = Date.now() + waitMs;
      // Ends this poll's own wait when it returns, whatever ended it.
      const own = new AbortController();
      const stop = () => own.abort();
      signal?.addEventListener('abort', stop, { once: true });
      try {
        for (;;) {
          const remaining = until - Date.now();
          if (remaining <= 0 || own.signal.aborted || deps.signals.closed) return;
          // Taken before the look, so a message stored in between wakes it.
          const woken = deps.signals.next(chat.businessId, chat.visitorId, Math.min(remaining, recheckMs), own.signal);
          if (await hasWebChatMessagesAfter(orm, chat, seq)) return;
          await woken;
        }
      } finally {
        own.abort();
        signal?.removeEventListener('abort', stop);
      }
    },
  };
}
