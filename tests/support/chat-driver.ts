import { expect } from 'vitest';
import type { UseCaseContext } from '../../src/app/shared/use-case-context.ts';
import type { ChatEvent } from '../../src/bots/engine/chat-event.ts';
import type { ChatMessage, ChatText } from '../../src/bots/engine/chat-message.ts';
import { handleChatEvent, type ChatReply } from '../../src/bots/engine/conversation-session.ts';
import type { Channel } from '../../src/db/entities/index.ts';
import type { Translator } from '../../src/i18n/translator.ts';
import type { TextMenus } from '../../src/bots/engine/text-menu.ts';

/** A customer talking to the engine with no channel at all: what they read, what they press. */
export interface ChatDriver {
  /** Sends an event and returns the reply. */
  send(event: ChatEvent): Promise<ChatReply>;
  type(text: string): Promise<ChatReply>;
  /** Presses the choice whose label contains `label` (or whose id is `label`) in the last message. */
  press(label: string): Promise<ChatReply>;
  /** The last message as the customer reads it, lines joined by newlines. */
  text(): string;
  /** Every message of the last reply (a confirmation kept above the menu, then the menu), as read. */
  transcript(): string;
  /** The labels of the last message's choices. */
  labels(): string[];
  last(): ChatMessage;
  version(): number;
}

export function chatDriver(options: { ctx: UseCaseContext; translator: Translator; businessId: string; chatId: string; channel?: Channel; language?: string; name?: string; idleMinutes?: number; textMenus?: TextMenus; timeZone?: string }): ChatDriver {
  let reply: ChatReply | null = null;
  const read = (t: ChatText) => ('raw' in t ? t.raw : options.translator.t(reply?.language ?? options.language ?? 'en', t.key, t.params));
  const env = {
    ctx: options.ctx,
    translator: options.translator,
    address: { businessId: options.businessId, channel: options.channel ?? 'telegram', chatId: options.chatId },
    profile: { ...(options.name ? { name: options.name } : {}), ...(options.language ? { language: options.language } : {}), ...(options.timeZone ? { timeZone: options.timeZone } : {}) },
    idleMinutes: options.idleMinutes ?? 30,
    ...(options.textMenus ? { textMenus: options.textMenus } : {}),
  };
  const last = () => {
    const message = reply?.messages.at(-1);
    if (!message) throw new Error('no reply yet');
    return message;
  };
  const driver: ChatDriver = {
    async send(event) {
      reply = await handleChatEvent(env, event);
      return reply;
    },
    type: (text) => driver.send({ kind: 'text', text }),
    async press(label) {
      const choices = last().choices.flat();
      const found = choices.find((c) => c.id === label) ?? choices.find((c) => read(c.label).toLowerCase().includes(label.toLowerCase()));
      if (!found) throw new Error(`no choice "${label}" in: ${choices.map((c) => read(c.label)).join(' | ')}`);
      return driver.send({ kind: 'choice', id: found.id, version: reply!.version });
    },
    text: () => last().lines.map(read).join('\n'),
    transcript: () => (reply?.messages ?? []).map((m) => m.lines.map(read).join('\n')).join('\n\n'),
    labels: () => last().choices.flat().map((c) => read(c.label)),
    last,
    version: () => reply?.version ?? 0,
  };
  return driver;
}

/** One scripted move of a transcript: type or press `input`, then the reply must contain (or match) `expected`. */
export type ScriptStep = [action: 'type' | 'press', input: string, expected: string | RegExp];

/**
 * Plays a scripted conversation: each event in, and what the customer then reads — every
 * message of the reply (a kept confirmation above the menu) and the last one's choices —
 * must contain (or match) the expected text.
 */
export async function playScript(chat: ChatDriver, script: readonly ScriptStep[]): Promise<void> {
  for (const [action, input, expected] of script) {
    await (action === 'type' ? chat.type(input) : chat.press(input));
    const shown = `${chat.transcript()}\n[${chat.labels().join(' | ')}]`;
    if (typeof expected === 'string') expect(shown, `after ${action} "${input}"`).toContain(expected);
    else expect(shown, `after ${action} "${input}"`).toMatch(expected);
  }
}
