import { InputFile, type Api } from 'grammy';
import type { Logger } from 'pino';
import type { TelegramMessage } from './telegram-render.ts';

/**
 * Sends one rendered message to a chat and returns the id of its text message. Its
 * photo (a payment QR) goes first, as a message of its own; the text with its buttons
 * follows. `editMessageId` (the menu a customer pressed) is edited in place instead
 * when the message can be — never when a photo comes with it, which would then sit
 * below the menu it belongs under. A failed edit (too old, unchanged) sends anew.
 */
export async function deliverToTelegram(api: Api, chatId: number | string, out: TelegramMessage, options: { editMessageId?: number; logger?: Logger } = {}): Promise<number> {
  const extra = out.reply_markup ? { reply_markup: out.reply_markup } : {};
  if (out.photo) {
    const { png, caption } = out.photo;
    await api.sendPhoto(chatId, new InputFile(Buffer.from(png), 'image.png'), caption ? { caption } : {});
  } else if (options.editMessageId !== undefined && out.inline) {
    try {
      await api.editMessageText(chatId, options.editMessageId, out.text, out.reply_markup ? { reply_markup: out.reply_markup } : {});
      return options.editMessageId;
    } catch (error) {
      options.logger?.debug({ err: error }, 'edit in place failed; sending a new message');
    }
  }
  const sent = await api.sendMessage(chatId, out.text, extra);
  return sent.message_id;
}
