import Fastify, { type FastifyBaseLogger, type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import pino from 'pino';
import type { WebChatDeps } from '../../../src/admin/webchat/web-chat-deps.ts';
import { registerWebChat } from '../../../src/admin/webchat/web-chat-plugin.ts';
import { createWebChatChannel, type WebChatChannel } from '../../../src/bots/webchat/web-chat-channel.ts';
import { WebChatMessageSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages, type Translator } from '../../../src/i18n/translator.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';

/** The APP_SECRET web chat tests run with. */
export const WEB_CHAT_TEST_SECRET = 'web-chat-test-secret-0123456789abcdef';

/** The web chat over a booking world: the channel, and an HTTP app serving only its pages. */
export interface WebChatHarness {
  app: FastifyInstance;
  world: BookingWorld;
  channel: WebChatChannel;
  translator: Translator;
  deps: WebChatDeps;
  /** `/chat/<the world's slug>`. */
  base: string;
  /** A browser of its own: its own visitor cookie. */
  visitor(options?: { language?: string }): ChatVisitor;
  /** Every stored message of the world's business, oldest first. */
  stored(): Promise<{ visitorId: string; author: string; body: Record<string, unknown> }[]>;
  close(): Promise<void>;
}

/** A visitor's browser without the page's script: keeps the cookie and the form token. */
export interface ChatVisitor {
  open(url?: string): Promise<LightMyRequestResponse>;
  /** Posts the chat's form with this visitor's token (unless `_token` is given). */
  post(form: Record<string, string>, options?: { script?: boolean; url?: string }): Promise<LightMyRequestResponse>;
  /** What the page's script asks for: messages after `after` (waits for news). */
  poll(after: number): Promise<LightMyRequestResponse>;
  cookie(): string | undefined;
  token(): string | undefined;
}

/** Starts the web chat over a fresh booking world (an HTTP app with only the chat, not listening). */
export async function startWebChatHarness(orm: MikroORM, options: { publicUrl?: string; deps?: Partial<WebChatDeps>; slug?: string } = {}): Promise<WebChatHarness> {
  const world = await makeBookingWorld(orm, options.slug ? { slug: options.slug } : {});
  const translator = await createTranslator(await loadMessages());
  const channel = createWebChatChannel({ ctx: world.ctx, translator, idleMinutes: 30, recheckMs: 100 });
  const deps: WebChatDeps = {
    ctx: world.ctx,
    translator,
    appSecret: WEB_CHAT_TEST_SECRET,
    publicUrl: options.publicUrl ?? 'http://127.0.0.1:3000',
    visitors: channel.visitors,
    pollWaitMs: 300,
    ...options.deps,
  };
  const loggerInstance: FastifyBaseLogger = pino({ level: 'silent' });
  const app = Fastify({ loggerInstance });
  registerWebChat(app, deps);
  await app.ready();
  const base = `/chat/${world.business.slug}`;
  return {
    app,
    world,
    channel,
    translator,
    deps,
    base,
    visitor: (visitorOptions = {}) => chatVisitor(app, base, visitorOptions.language ?? 'en-GB'),
    async stored() {
      const rows = await emForBusiness(orm, world.business.id).find(WebChatMessageSchema, {}, { orderBy: { seq: 'asc' } });
      return rows.map((r) => ({ visitorId: r.visitorId, author: r.author, body: r.body }));
    },
    async close() {
      await channel.stop();
      await app.close();
    },
  };
}

function chatVisitor(app: FastifyInstance, base: string, language: string): ChatVisitor {
  let cookie: string | undefined;
  let token: string | undefined;
  const remember = (response: LightMyRequestResponse) => {
    // light-my-request hands the value back decoded; a browser sends it as it was set (the
    // sealed value holds `;` and `+`, which must stay encoded in a Cookie header).
    for (const c of response.cookies) if (c.name === 'bookchat_visitor') cookie = `${c.name}=${encodeURIComponent(c.value)}`;
    const found = /name="_token" value="([^"]+)"/.exec(response.body)?.[1];
    if (found) token = found;
    return response;
  };
  const headers = (extra: Record<string, string> = {}) => ({ 'accept-language': language, ...(cookie ? { cookie } : {}), ...extra });
  return {
    open: async (url = base) => remember(await app.inject({ method: 'GET', url, headers: headers() })),
    async post(form, options = {}) {
      const params = new URLSearchParams({ ...(token && !('_token' in form) ? { _token: token } : {}), ...form });
      const response = await app.inject({
        method: 'POST',
        url: options.url ?? `${base}/messages`,
        headers: headers({ 'content-type': 'application/x-www-form-urlencoded', ...(options.script ? { 'x-web-chat': '1' } : {}) }),
        payload: params.toString(),
      });
      return remember(response);
    },
    poll: async (after) => remember(await app.inject({ method: 'GET', url: `${base}/messages?after=${after}`, headers: headers({ 'x-web-chat': '1' }) })),
    cookie: () => cookie,
    token: () => token,
  };
}

/** The text of the messages in an HTML page or fragment, one string per message (tags stripped, entities decoded). */
export function messagesIn(html: string): { author: string; text: string; seq: number }[] {
  const out: { author: string; text: string; seq: number }[] = [];
  for (const m of html.matchAll(/<div class="msg from-(visitor|business)" data-seq="(\d+)"[^>]*>([\s\S]*?)(?=<div class="msg |$)/g)) {
    out.push({ author: m[1]!, seq: Number(m[2]), text: textOf(m[3]!) });
  }
  return out;
}

/** The choices offered in an HTML fragment: label → value. */
export function choicesIn(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<button type="submit" name="choice" value="([^"]+)">([^<]*)<\/button>/g)) out.set(decode(m[2]!), decode(m[1]!));
  return out;
}

function textOf(html: string): string {
  return decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}

function decode(text: string): string {
  return text
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
