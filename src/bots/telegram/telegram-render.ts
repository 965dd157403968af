import type { InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'grammy/types';
import { z } from 'zod';
import type { Translator } from '../../i18n/translator.ts';
import type { ChatMessage, ChatText } from '../engine/chat-message.ts';

const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;

/**
 * An image (a payment QR) with its caption. When the message's text fits in a caption
 * it travels there, buttons included, as one message (`withText`): one send, so a
 * retried send can never repeat half of it. Otherwise the photo goes ahead of the text.
 */
export interface TelegramPhoto {
  png: Uint8Array;
  caption?: string;
  withText: boolean;
}

/** A message ready for `sendMessage` / `editMessageText`, with the photo to send before it, if any. */
export type TelegramMessage = (
  | /** Inline buttons (or none): the message can be edited in place. */ { inline: true; text: string; reply_markup?: InlineKeyboardMarkup }
  | /** A reply keyboard (the contact button) or its removal: must be sent as a new message. */ { inline: false; text: string; reply_markup: ReplyKeyboardMarkup | ReplyKeyboardRemove }
) & { photo?: TelegramPhoto; venue?: TelegramVenue };

/** A place on the map, sent as a venue right after the message's text. */
export interface TelegramVenue {
  latitude: number;
  longitude: number;
  title: string;
  address: string;
}

/**
 * Callback data of a choice: `<version>|<id>` for a menu drawn at a conversation
 * version, `g|<id>` for buttons that stay valid (notifications, team posts). Telegram
 * allows 64 bytes; choice ids are kept under 48.
 */
export const CallbackData = z
  .string()
  .max(64)
  .regex(/^(g|\d{1,10})\|.{1,60}$/)
  .transform((data) => {
    const bar = data.indexOf('|');
    const head = data.slice(0, bar);
    return { version: head === 'g' ? null : Number(head), id: data.slice(bar + 1) };
  });

/**
 * Renders an engine message for Telegram in a language: choices as an inline keyboard,
 * or a contact button; an image becomes a photo whose caption carries the text when it fits.
 */
export function renderForTelegram(translator: Translator, language: string, message: ChatMessage, version: number | null): TelegramMessage {
  const read = (t: ChatText) => ('raw' in t ? t.raw : translator.t(language, t.key, t.params));
  // A lasting message's buttons (a confirmation's Reschedule/Cancel) stay valid at any version.
  const rendered = renderText(translator, language, read, message, message.lasting ? null : version);
  // A venue needs a title and an address line: the place's street address, else its name again.
  const out = message.venue ? { ...rendered, venue: { ...message.venue, title: message.venue.title.slice(0, 256), address: (message.venue.address || message.venue.title).slice(0, 256) } } : rendered;
  if (!message.image) return out;
  const { png } = message.image;
  const caption = message.image.caption ? read(message.image.caption) : undefined;
  const together = caption ? `${caption}\n\n${out.text}` : out.text;
  if (together.length <= MAX_CAPTION) return { ...out, photo: { png, caption: together, withText: true } };
  return { ...out, photo: { png, ...(caption ? { caption: caption.slice(0, MAX_CAPTION) } : {}), withText: false } };
}

function renderText(translator: Translator, language: string, read: (t: ChatText) => string, message: ChatMessage, version: number | null): TelegramMessage {
  const text = message.lines.map(read).join('\n').slice(0, MAX_TEXT) || '…';
  if (message.dismissKeyboard) return { text, reply_markup: { remove_keyboard: true }, inline: false };
  if (message.requestContact) {
    // Telegram cannot mix a contact button with inline buttons: the choices become
    // keyboard buttons whose label, typed back, the engine recognises.
    const keyboard = [[{ text: translator.t(language, 'chat.checkout.share_contact'), request_contact: true }], ...message.choices.map((row) => row.map((c) => ({ text: read(c.label) })))];
    return { text, reply_markup: { keyboard, resize_keyboard: true, one_time_keyboard: true }, inline: false };
  }
  const rows = [
    ...message.choices.map((row) => row.map((c) => ({ text: read(c.label), callback_data: callbackData(version, c.id) }))),
    ...(message.links ?? []).map((l) => [{ text: read(l.label), url: l.url }]),
  ];
  return rows.length > 0 ? { text, reply_markup: { inline_keyboard: rows }, inline: true } : { text, inline: true };
}

/** A choice's callback data; Telegram refuses more than 64 bytes, so a longer id is a bug caught here. */
export function callbackData(version: number | null, id: string): string {
  const data = `${version ?? 'g'}|${id}`;
  if (Buffer.byteLength(data, 'utf8') > 64) throw new Error(`callback data over 64 bytes: ${data}`);
  return data;
}
