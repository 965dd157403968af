import type { ChatAddress } from '../../app/conversations/conversation-store.ts';
import type { Language } from '../../i18n/translator.ts';
import type { ChatMessage } from '../engine/chat-message.ts';
import { rememberNotificationMenu } from '../engine/conversation-session.ts';
import { renderPlainText, textMenusFor, type PlainTextMessage, type PlainTextOptions } from './plain-text.ts';
import type { TextChatDeps } from './text-chat.ts';

/**
 * A notification for a customer's chat without buttons (an outbox message: a reminder,
 * a rating request, a waitlist offer), rendered as plain text. When it has actions
 * they are numbered, and the chat remembers them: the customer's "2" then answers this
 * message (reschedules that booking) rather than the step the chat was at. Call it
 * right before sending; a notification without actions changes nothing stored.
 */
export async function textNotification(deps: Pick<TextChatDeps, 'ctx' | 'translator'>, address: ChatAddress, notice: ChatMessage, language: Language, options: PlainTextOptions): Promise<PlainTextMessage> {
  await rememberNotificationMenu({ ctx: deps.ctx, translator: deps.translator, address, menus: textMenusFor(options.maxLength) }, notice, language);
  return renderPlainText(deps.translator, language, notice, { maxLength: options.maxLength, page: 0 });
}
