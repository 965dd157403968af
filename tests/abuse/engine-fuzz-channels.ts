import { findOrCreateCustomer } from '../../src/app/customers/find-or-create-customer.ts';
import type { UseCaseContext } from '../../src/app/shared/use-case-context.ts';
import { ChatEvent } from '../../src/bots/engine/chat-event.ts';
import { clipText } from '../../src/bots/engine/clip-text.ts';
import type { ChatMessage } from '../../src/bots/engine/chat-message.ts';
import { handleChatEvent } from '../../src/bots/engine/conversation-session.ts';
import { TELEGRAM_CAPABILITIES } from '../../src/bots/telegram/telegram-chat-channel.ts';
import { renderForTelegram, type TelegramMessage } from '../../src/bots/telegram/telegram-render.ts';
import { replyToText } from '../../src/bots/text/text-chat.ts';
import { TWILIO_MAX_TEXT } from '../../src/bots/twilio/twilio-text.ts';
import { renderForWebChat, WEB_CHAT_MAX_TEXT } from '../../src/bots/webchat/web-chat-render.ts';
import { WHATSAPP_MAX_TEXT } from '../../src/bots/whatsapp/whatsapp-inbound.ts';
import type { Channel } from '../../src/db/entities/index.ts';
import type { Translator } from '../../src/i18n/translator.ts';

/** What a fuzzed customer can do: abstract, resolved against the chat's last reply when it runs (so it shrinks well). */
export type FuzzAction =
  | { kind: 'press'; pick: number }
  | { kind: 'stale'; pick: number; versionsBack: number }
  | { kind: 'forged_choice'; id: string; version: number | null }
  | { kind: 'number'; n: number }
  | { kind: 'text'; text: string }
  | { kind: 'command'; name: string; arg: string }
  | { kind: 'contact'; phone: string; own: boolean }
  | { kind: 'location'; latitude: number; longitude: number }
  | { kind: 'media'; icon: string; name: string; caption: string };

/** One chat on one channel: what it last showed, and the rendered replies checked against the channel's limits. */
export interface FuzzChat {
  act(action: FuzzAction): Promise<string[]>;
}

/** A channel as the fuzz drives it: its engine address, how its adapter turns an action into an event, its renderer and limits. */
export interface FuzzChannel {
  name: string;
  open(deps: { ctx: UseCaseContext; translator: Translator; businessId: string }, chatId: string): Promise<FuzzChat>;
}

// Telegram's Bot API limits: 4096 characters of text, 1024 of a caption, 64 bytes of callback data, 100 inline buttons, 8 in a row.
function telegramProblems(m: TelegramMessage): string[] {
  const problems: string[] = [];
  if (m.text.length === 0 || m.text.length > TELEGRAM_CAPABILITIES.maxTextLength) problems.push(`text of ${m.text.length} characters`);
  if (!wellFormed(m.text)) problems.push('text with a lone surrogate (not UTF-8)');
  if (m.photo?.caption !== undefined && (m.photo.caption.length > 1024 || !wellFormed(m.photo.caption))) problems.push(`caption of ${m.photo.caption.length}`);
  const markup = m.reply_markup;
  const rows = markup && 'inline_keyboard' in markup ? markup.inline_keyboard : markup && 'keyboard' in markup ? markup.keyboard : [];
  if (rows.flat().length > 100) problems.push(`${rows.flat().length} buttons`);
  for (const row of rows) {
    if (row.length > 8) problems.push(`a row of ${row.length} buttons`);
    for (const button of row) {
      const label = typeof button === 'string' ? button : button.text;
      if (label.trim() === '' || !wellFormed(label)) problems.push(`button label "${label}"`);
      const data = typeof button === 'object' && 'callback_data' in button ? button.callback_data : undefined;
      if (typeof data === 'string' && Buffer.byteLength(data) > 64) problems.push(`callback data of ${Buffer.byteLength(data)} bytes`);
    }
  }
  return problems;
}

/** No lone surrogate: text every provider (UTF-8) and PostgreSQL take. */
const wellFormed = (text: string) => !/\p{Cs}/u.test(text);

function plainTextProblems(text: string, max: number): string[] {
  const problems: string[] = [];
  if (text.length === 0 || text.length > max) problems.push(`text of ${text.length} characters (max ${max})`);
  if (!wellFormed(text)) problems.push(`text with a lone surrogate: ${JSON.stringify(text.replace(/\p{Extended_Pictographic}/gu, 'E')).slice(0, 600)}`);
  return problems;
}

/** A chat driven through the engine with buttons (Telegram, web chat): presses resolve against the last message's choices. */
function buttonChat(env: Parameters<typeof handleChatEvent>[0], render: (message: ChatMessage, version: number) => string[]): FuzzChat {
  let last: { choices: string[]; version: number } = { choices: [], version: 0 };
  const history: { choices: string[]; version: number }[] = [];
  let keys = 0;
  return {
    async act(action) {
      const event = buttonEvent(action, last, history);
      if (!event) return [];
      // As the adapters do: every event is read through the engine's schema at the edge.
      const reply = await handleChatEvent(env, ChatEvent.parse(event), `fuzz:${env.address.chatId}:${(keys += 1)}`);
      if (reply.duplicate) return ['a fresh event answered as a duplicate'];
      if (reply.messages.length === 0) return ['no reply'];
      const problems = reply.messages.flatMap((m) => render(m, reply.version));
      const final = reply.messages.at(-1)!;
      history.push(last);
      last = { choices: final.choices.flat().map((c) => c.id), version: final.lasting ? -1 : reply.version };
      return problems;
    },
  };
}

function buttonEvent(action: FuzzAction, last: { choices: string[]; version: number }, history: { choices: string[]; version: number }[]): ChatEvent | null {
  const pickOf = (from: { choices: string[]; version: number }, pick: number): ChatEvent | null =>
    from.choices.length === 0 ? null : { kind: 'choice', id: from.choices[pick % from.choices.length]!, version: from.version < 0 ? null : from.version };
  switch (action.kind) {
    case 'press':
      return pickOf(last, action.pick) ?? { kind: 'text', text: String(action.pick) };
    case 'stale':
      return pickOf(history[Math.max(0, history.length - 1 - action.versionsBack)] ?? last, action.pick) ?? { kind: 'choice', id: 'menu', version: 0 };
    case 'forged_choice':
      return { kind: 'choice', id: action.id, version: action.version };
    case 'number':
      return { kind: 'text', text: String(action.n) };
    case 'text':
      // Telegram and the web chat take at most 4096 characters of a message (the platform, the form's schema).
      return { kind: 'text', text: clipText(action.text, 4096) };
    case 'command':
      return { kind: 'command', name: action.name, arg: action.arg };
    case 'contact':
      return { kind: 'contact', phone: action.phone, own: action.own };
    case 'location':
      return { kind: 'location', latitude: action.latitude, longitude: action.longitude };
    case 'media':
      // What the adapters pass on for a photo or a file: a short note (or nothing, outside a talk).
      return { kind: 'text', text: clipText([action.icon, action.name, action.caption].filter((p) => p !== '').join(' '), 3000) };
  }
}

/** The text a customer on a channel without buttons sends for an action (they can only type). */
function typedText(action: FuzzAction): string {
  switch (action.kind) {
    case 'press':
    case 'stale':
      return String((action.pick % 10) + (action.kind === 'stale' ? 1 : 0));
    case 'forged_choice':
      return action.id;
    case 'number':
      return String(action.n);
    case 'text':
      return action.text;
    case 'command':
      return `/${action.name}${action.arg ? ` ${action.arg}` : ''}`;
    case 'contact':
      return action.phone;
    case 'location':
      return `${action.latitude}, ${action.longitude}`;
    case 'media':
      return [action.icon, action.name, action.caption].filter((p) => p !== '').join(' ');
  }
}

/** A channel without buttons (numbered menus): the customer is known by their number first, as the adapters do. */
function textChannel(name: string, channel: Extract<Channel, 'whatsapp' | 'sms'>, maxLength: number): FuzzChannel {
  return {
    name,
    async open(deps, chatId) {
      const number = `+3806${chatId.padStart(8, '0').slice(-8)}`;
      await findOrCreateCustomer(deps.ctx, deps.businessId, { channel, externalId: number, phone: number, phoneVerified: true });
      let keys = 0;
      return {
        async act(action) {
          const reply = await replyToText(
            { ctx: deps.ctx, translator: deps.translator, idleMinutes: 30 },
            { businessId: deps.businessId, channel, chatId: number },
            { text: typedText(action), eventKey: `fuzz:${number}:${(keys += 1)}`, profile: {} },
            { maxLength },
          );
          if (reply.duplicate) return ['a fresh message answered as a duplicate'];
          if (reply.messages.length === 0) return ['no reply'];
          return reply.messages.flatMap((m) => [...plainTextProblems(m.text, maxLength), ...(m.image?.caption !== undefined && m.image.caption.length > 1024 ? ['caption over 1024'] : [])]);
        },
      };
    },
  };
}

/** Every channel renderer the engine's replies go through, with its limits. */
export const FUZZ_CHANNELS: FuzzChannel[] = [
  {
    name: 'Telegram (inline keyboards)',
    async open(deps, chatId) {
      const env = { ctx: deps.ctx, translator: deps.translator, address: { businessId: deps.businessId, channel: 'telegram' as const, chatId }, profile: { name: 'Fuzz', language: 'en' }, idleMinutes: 30 };
      return buttonChat(env, (m, version) => {
        try {
          return telegramProblems(renderForTelegram(deps.translator, 'en', m, version));
        } catch (error) {
          return [`renderForTelegram threw: ${(error as Error).message}`];
        }
      });
    },
  },
  {
    name: 'web chat (buttons)',
    async open(deps, chatId) {
      const env = { ctx: deps.ctx, translator: deps.translator, address: { businessId: deps.businessId, channel: 'webchat' as const, chatId }, profile: { language: 'ru' }, idleMinutes: 30 };
      return buttonChat(env, (m, version) => {
        const body = renderForWebChat(deps.translator, 'ru', m, version);
        const total = body.lines.reduce((sum, line) => sum + line.length, 0);
        const problems: string[] = [];
        if (total > WEB_CHAT_MAX_TEXT) problems.push(`${total} characters of lines`);
        if (body.lines.length === 0 && body.choices.length === 0) problems.push('an empty message');
        if (!body.lines.every((l) => wellFormed(l))) problems.push('a line with a lone surrogate');
        for (const c of body.choices.flat()) if (c.id.length > 64 || c.label.trim() === '') problems.push(`choice ${c.id} "${c.label}"`);
        return problems;
      });
    },
  },
  textChannel('WhatsApp (numbered menus)', 'whatsapp', WHATSAPP_MAX_TEXT),
  textChannel('Twilio SMS', 'sms', TWILIO_MAX_TEXT.sms),
  textChannel('Twilio WhatsApp', 'whatsapp', TWILIO_MAX_TEXT.whatsapp),
];
