import { expect } from 'vitest';
import type { UseCaseContext } from '../../../src/app/shared/use-case-context.ts';
import { findOrCreateCustomer } from '../../../src/app/customers/find-or-create-customer.ts';
import type { ChatMessage } from '../../../src/bots/engine/chat-message.ts';
import { replyToText, type TextReply } from '../../../src/bots/text/text-chat.ts';
import { textNotification } from '../../../src/bots/text/text-notification.ts';
import type { Channel } from '../../../src/db/entities/index.ts';
import type { Language, Translator } from '../../../src/i18n/translator.ts';

/** A customer on a channel without buttons, reading plain text and typing answers. */
export interface TextCustomer {
  address: { businessId: string; channel: Channel; chatId: string };
  customerId: string;
  /** Sends a text; returns every message of the reply, joined by a blank line. */
  send(text: string): Promise<string>;
  /**
   * Finds the numbered line whose label contains `label` on the page shown, asking for
   * more pages ("9") until it shows, then types its number. Returns the reply.
   */
  pick(label: string): Promise<string>;
  /** The numbered lines of the last message: label by number. */
  numbered(): Map<number, string>;
  /** The last message's text. */
  last(): string;
  /** A notification sent to this chat as text (the numbers of its actions are remembered). */
  notify(notice: ChatMessage, language: Language): Promise<string>;
}

const CHOICE_LINE = /^([1-8]) (?!— )(.+)$/u;

/** Checks what every reply must be: non-empty, within the limit, numbered 1, 2, 3… without gaps. */
export function checkTextReply(reply: TextReply, maxLength: number, context: string): void {
  for (const m of reply.messages) {
    expect(m.text.trim(), context).not.toBe('');
    expect(m.text.length, `${context}: ${m.text}`).toBeLessThanOrEqual(maxLength);
    const numbers = m.text.split('\n').flatMap((line) => {
      const match = CHOICE_LINE.exec(line);
      return match ? [Number(match[1])] : [];
    });
    expect(numbers, `${context}: numbered lines of\n${m.text}`).toEqual(numbers.map((_, i) => i + 1));
    if (m.image?.caption !== undefined) expect(m.image.caption.length).toBeLessThanOrEqual(1024);
  }
}

/** The numbered choice lines of a text. */
export function numberedLines(text: string): Map<number, string> {
  const lines = new Map<number, string>();
  for (const line of text.split('\n')) {
    const match = CHOICE_LINE.exec(line);
    if (match) lines.set(Number(match[1]), match[2]!);
  }
  return lines;
}

/**
 * A customer writing from `chatId` (their number), known to the business as the adapters
 * make them known before the first reply: with the number as a verified phone unless
 * `phone` is false.
 */
export async function textCustomer(options: {
  ctx: UseCaseContext;
  translator: Translator;
  businessId: string;
  chatId: string;
  channel: Channel;
  maxLength: number;
  language?: string;
  phone?: boolean;
}): Promise<TextCustomer> {
  const address = { businessId: options.businessId, channel: options.channel, chatId: options.chatId };
  const customer = await findOrCreateCustomer(options.ctx, options.businessId, {
    channel: options.channel,
    externalId: options.chatId,
    ...(options.phone === false ? {} : { phone: options.chatId, phoneVerified: true }),
  });
  let events = 0;
  let lastText = '';
  const deps = { ctx: options.ctx, translator: options.translator, idleMinutes: 30 };
  const send = async (text: string): Promise<string> => {
    events += 1;
    const reply = await replyToText(deps, address, { text, eventKey: `${options.chatId}:${events}`, profile: options.language ? { language: options.language } : {} }, { maxLength: options.maxLength });
    checkTextReply(reply, options.maxLength, `after "${text}"`);
    expect(reply.messages.length, `after "${text}"`).toBeGreaterThan(0);
    lastText = reply.messages.at(-1)!.text;
    return reply.messages.map((m) => m.text).join('\n\n');
  };
  const customerApi: TextCustomer = {
    address,
    customerId: customer.id,
    send,
    async pick(label) {
      for (let pages = 0; pages < 12; pages += 1) {
        const found = [...numberedLines(lastText)].find(([, text]) => text.toLocaleLowerCase().includes(label.toLocaleLowerCase()));
        if (found) return send(String(found[0]));
        if (!/^9 — /mu.test(lastText)) break;
        await send('9');
      }
      throw new Error(`no numbered line "${label}" in:\n${lastText}`);
    },
    numbered: () => numberedLines(lastText),
    last: () => lastText,
    async notify(notice, language) {
      const out = await textNotification(deps, address, notice, language, { maxLength: options.maxLength });
      checkTextReply({ messages: [out], language, duplicate: false }, options.maxLength, 'notification');
      lastText = out.text;
      return out.text;
    },
  };
  return customerApi;
}
