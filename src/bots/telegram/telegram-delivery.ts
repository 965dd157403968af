import { InputFile, type Api } from 'grammy';
import type { Logger } from 'pino';
import type { TelegramMessage } from './telegram-render.ts';

/**
 * Sends one rendered message to a chat and returns the id of the message holding its
 * text and buttons. A photo (a payment QR) carries them in its caption when they fit;
 * a longer text follows the photo as a message of its own (then a retry after a failed
 * text could repeat the photo). `editMessageId` (the menu a customer pressed) is edited
 * in place when the message can be — never when a photo comes with it, which would sit
 * below the menu it belongs under. A failed edit (too old, unchanged) sends anew. A
 * venue (the business's place) follows the text.
 */
export async function deliverToTelegram(api: Api, chatId: number | string, out: TelegramMessage, options: { editMessageId?: number; logger?: Logger } = {}): Promise<number> {
  const messageId = await deliverText(api, chatId, out, options);
  if (out.venue) {
    // The place on a map below the text that speaks of it. A venue that cannot be sent
    // (a bad point) leaves the text, which has the address and map link, as it is.
    const { latitude, longitude, title, address } = out.venue;
    await api.sendVenue(chatId, latitude, longitude, title, address).catch((error: unknown) => options.logger?.warn({ err: error }, 'a venue could not be sent'));
  }
  return messageId;
}

async function deliverText(api: Api, chatId: number | string, out: TelegramMessage, options: { editMessageId?: number; logger?: Logger }): Promise<number> {
  const extra = out.reply_markup ? { reply_markup: out.reply_markup } : {};
  if (out.photo) {
    const { png, caption, withText } = out.photo;
    const file = new InputFile(Buffer.from(png), 'image.png');
    if (withText) return (await api.sendPhoto(chatId, file, { ...(caption ? { caption } : {}), ...extra })).message_id;
    await api.sendPhoto(chatId, file, caption ? { caption } : {});
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
