import type { Context } from 'grammy';
import { ChatEvent } from '../engine/chat-event.ts';
import { handleChatEvent, type ChatReply } from '../engine/conversation-session.ts';
import { parseChatCommand } from './chat-command.ts';
import { deliverToTelegram } from './telegram-delivery.ts';
import { CallbackData, renderForTelegram } from './telegram-render.ts';
import type { BotBinding, TelegramDeps } from './telegram-context.ts';
import { chatForwardsFiles } from '../engine/stored-step.ts';
import { listTeamChats } from '../../app/team/list-team-chats.ts';
import { clipText } from '../engine/clip-text.ts';

/** Turns a private-chat update into an engine event, or null for updates the engine does not take. */
function eventOf(tg: Context): ChatEvent | null {
  const callback = tg.callbackQuery?.data;
  if (callback !== undefined) {
    const parsed = CallbackData.safeParse(callback);
    return parsed.success ? { kind: 'choice', id: parsed.data.id, version: parsed.data.version } : null;
  }
  const msg = tg.message;
  if (!msg) return null;
  if (msg.contact) return { kind: 'contact', phone: msg.contact.phone_number.slice(0, 32), own: msg.contact.user_id === tg.from?.id, name: clipText(msg.contact.first_name, 200) };
  if (msg.location) return { kind: 'location', latitude: msg.location.latitude, longitude: msg.location.longitude };
  const text = msg.text ?? '';
  const command = parseChatCommand(text);
  if (command) return { kind: 'command', name: command.name, arg: command.arg };
  // Stickers, photos, voice: the engine answers with the current step and its choices.
  return { kind: 'text', text: clipText(text, 4096) };
}

/**
 * A customer's private chat with the business's bot: each update becomes one engine
 * event; the reply edits the pressed menu in place when it can, else is sent anew.
 */
export async function handleCustomerUpdate(deps: TelegramDeps, binding: BotBinding, tg: Context): Promise<void> {
  const chatId = tg.chat?.id;
  if (chatId === undefined) return;
  const event = (await forwardedFile(deps, binding, tg, chatId)) ?? eventOf(tg);
  // Stops the button's spinner: in webhook mode it rides back on our answer to the
  // webhook (no request of its own); polling, it goes out while the engine works.
  const answered = tg.callbackQuery ? tg.answerCallbackQuery().catch(() => undefined) : Promise.resolve();
  if (!event) return void (await answered);
  const from = tg.from;
  const reply = await handleChatEvent(
    {
      ctx: deps.ctx,
      translator: deps.translator,
      address: { businessId: binding.businessId, channel: 'telegram', chatId: String(chatId) },
      profile: {
        ...(from ? { name: clipText([from.first_name, from.last_name].filter(Boolean).join(' '), 200) } : {}),
        ...(from?.language_code ? { language: from.language_code } : {}),
      },
      idleMinutes: deps.idleMinutes,
    },
    ChatEvent.parse(event),
    `telegram:${tg.update.update_id}`,
  );
  await Promise.all([sendReply(deps, tg, chatId, reply), answered]);
}

/**
 * A photo, a file, a voice message, audio or a video while the chat talks to a person or
 * pays a deposit (a receipt): the message is copied into each of the business's Telegram
 * team chats, and the engine gets a short note of it (an icon, the file's name, the
 * caption), which it passes on to every team chat (others see the note only). Null when
 * the chat is elsewhere: the engine answers with its current step.
 */
async function forwardedFile(deps: TelegramDeps, binding: BotBinding, tg: Context, chatId: number): Promise<ChatEvent | null> {
  const msg = tg.message;
  const icon = msg ? mediaIcon(msg) : null;
  if (!msg || !icon) return null;
  if (!(await chatForwardsFiles(deps.ctx, { businessId: binding.businessId, channel: 'telegram', chatId: String(chatId) }))) return null;
  const teamChats = (await listTeamChats(deps.ctx, binding.businessId)).filter((c) => c.channel === 'telegram');
  for (const team of teamChats) {
    await tg.api.copyMessage(team.chatId, chatId, msg.message_id).catch((error: unknown) => deps.logger.warn({ err: error, business: binding.businessId }, 'a customer file could not be copied to a team chat'));
  }
  const note = [icon, msg.document?.file_name ?? msg.audio?.file_name ?? '', msg.caption ?? ''].filter((part) => part !== '').join(' ');
  return { kind: 'text', text: clipText(note, 3000) };
}

/** The icon of a message the team gets a copy of; null for text and everything not forwarded. */
function mediaIcon(msg: NonNullable<Context['message']>): string | null {
  if (msg.photo) return '📷';
  if (msg.voice || msg.audio) return '🎤';
  if (msg.video || msg.video_note) return '🎬';
  if (msg.document) return '📄';
  return null;
}

async function sendReply(deps: TelegramDeps, tg: Context, chatId: number, reply: ChatReply): Promise<void> {
  const pressed = tg.callbackQuery?.message;
  // A button on a notification (a reminder's "I'll be there", a waitlist offer) is not a
  // menu: the message it sits on is what the customer keeps, so the answer comes below it.
  const onNotification = CallbackData.safeParse(tg.callbackQuery?.data ?? '').data?.version === null;
  for (const [index, message] of reply.messages.entries()) {
    const out = renderForTelegram(deps.translator, reply.language, message, reply.version);
    // The first message answers the press: it replaces the menu that was pressed.
    // A pressed photo (a QR with its buttons in the caption) has no text to edit.
    const editable = index === 0 && pressed !== undefined && pressed.photo === undefined && !onNotification;
    await deliverToTelegram(tg.api, chatId, out, { ...(editable ? { editMessageId: pressed.message_id } : {}), logger: deps.logger });
  }
}
