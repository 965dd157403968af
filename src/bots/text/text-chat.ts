import type { ChatAddress } from '../../app/conversations/conversation-store.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import type { Language, Translator } from '../../i18n/translator.ts';
import { ChatEvent, type ChatProfile } from '../engine/chat-event.ts';
import { handleChatEvent } from '../engine/conversation-session.ts';
import { renderPlainText, textMenusFor, type PlainTextMessage, type PlainTextOptions } from './plain-text.ts';
import { parseTextCommand } from './text-command.ts';
import { clipText } from '../engine/clip-text.ts';

/** What a channel without buttons needs to run the engine. */
export interface TextChatDeps {
  ctx: UseCaseContext;
  translator: Translator;
  /** How long a flow may sit idle before its hold is released (the engine's `idleMinutes`). */
  idleMinutes: number;
}

/** What to send back to one inbound text. */
export interface TextReply {
  /** In order; empty for a duplicate. */
  messages: PlainTextMessage[];
  /** The language the messages are in. */
  language: Language;
  /** The event was handled before (a redelivered webhook): send nothing. */
  duplicate: boolean;
}

/**
 * One inbound text (or media caption) from a customer on a channel without buttons:
 * runs the engine, returns what to send back. The engine reads numbers against the page
 * of the numbered menu it last showed this chat (kept in the conversation's state, so
 * another process or a restart reads "3" the same way), and "0"/"back", "9"/"more",
 * "menu" and "help" on every step. `eventKey` (the provider's message id) makes a
 * redelivery a no-op. The caller identifies the customer first
 * (`findOrCreateCustomer` with the sender's number, `phoneVerified: true`), so checkout
 * never asks for the number.
 */
export async function replyToText(
  deps: TextChatDeps,
  address: ChatAddress,
  input: { text: string; eventKey: string | null; profile: ChatProfile },
  options: PlainTextOptions,
): Promise<TextReply> {
  const command = parseTextCommand(input.text);
  const event = ChatEvent.parse(command ? { kind: 'command', name: command.name, arg: command.arg } : { kind: 'text', text: clipText(input.text, 4096) });
  const reply = await handleChatEvent(
    { ctx: deps.ctx, translator: deps.translator, address, profile: input.profile, idleMinutes: deps.idleMinutes, textMenus: textMenusFor(options.maxLength) },
    event,
    input.eventKey,
  );
  if (reply.duplicate) return { messages: [], language: reply.language, duplicate: true };
  const last = reply.messages.length - 1;
  const messages = reply.messages.map((m, i) => renderPlainText(deps.translator, reply.language, m, { maxLength: options.maxLength, page: i === last ? reply.textPage : 0 }));
  return { messages, language: reply.language, duplicate: false };
}
