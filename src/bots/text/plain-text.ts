import type { Language, Translator } from '../../i18n/translator.ts';
import type { ChatMessage, ChatText } from '../engine/chat-message.ts';
import { BACK_NUMBER, MORE_NUMBER, numberedLine, textMenuPage, withoutIcons, type TextMenus } from '../engine/text-menu.ts';

/** A message for a channel without buttons: the text carries everything; the image (a payment QR) is extra. */
export interface PlainTextMessage {
  text: string;
  /** `caption` is the whole `text` when it fits a caption (then one send is enough), else the image's own caption. */
  image?: { png: Uint8Array; caption?: string };
}

/** How long a channel's messages may be. */
export interface PlainTextOptions {
  /** SMS: 320 (two segments of a Cyrillic text and a little more); WhatsApp: 4096. */
  maxLength: number;
}

/** Most numbered choices per page: "9" is "more", "0" is "back". */
const PER_PAGE = 8;
/** Longest caption sent with an image (WhatsApp's limit). */
const MAX_CAPTION = 1024;
const ELLIPSIS = '…';

/**
 * How a channel with messages of `maxLength` pages its menus: 8 numbered choices at most,
 * and on short channels (SMS) no more than half the message for them, so the question
 * above the list still fits — a long list simply gets more pages.
 */
export function textMenusFor(maxLength: number): TextMenus {
  return { perPage: PER_PAGE, choiceChars: Math.max(40, Math.floor(Math.min(maxLength, 4096) / 2)) };
}

/**
 * Renders an engine message as plain text in a language: its lines, then its choices as
 * a numbered list ("1 Haircut · 1 h · $20", a page at a time with "9 — more" and
 * "0 — back"), then its links printed whole ("Pay: https://…"). Keys with a
 * `text.variant.<key>` wording use it (no "press the button" where there are none).
 * The text fits `maxLength`: the lines are shortened first (at a word, with "…"), the
 * numbered lines only when they alone would not fit (each label cut, never a number),
 * and a link is never cut. `page` is the page the engine remembered (`ChatReply.textPage`).
 */
export function renderPlainText(translator: Translator, language: Language, message: ChatMessage, options: PlainTextOptions & { page?: number }): PlainTextMessage {
  const read = (t: ChatText): string => {
    if ('raw' in t) return t.raw;
    const variant = `text.variant.${t.key}`;
    return translator.t(language, translator.has(variant) ? variant : t.key, t.params);
  };
  const max = Math.max(1, options.maxLength);
  const layout = textMenuPage(translator, language, message, options.page ?? 0, textMenusFor(max));
  const nav: string[] = [];
  if (layout.more) nav.push(translator.t(language, 'text.more', { number: MORE_NUMBER }));
  if (layout.page > 0 || layout.back) nav.push(translator.t(language, 'text.back', { number: BACK_NUMBER }));
  else if (layout.menu) nav.push(translator.t(language, 'text.to_menu', { number: BACK_NUMBER }));
  const links = (message.links ?? []).map((l) => `${withoutIcons(read(l.label))}: ${l.url}`);
  const head = message.lines.map(read).join('\n').trim();

  const fitted = fit(head, layout.labels, nav, links, max);
  const text = fitted === '' ? ELLIPSIS : fitted;
  if (!message.image) return { text };
  const own = message.image.caption ? read(message.image.caption) : undefined;
  const caption = text.length <= MAX_CAPTION ? text : own === undefined ? undefined : cut(own, MAX_CAPTION);
  return { text, image: { png: message.image.png, ...(caption === undefined ? {} : { caption }) } };
}

/** Lays out the parts and shortens what may be shortened until the whole fits `max`. */
function fit(head: string, labels: readonly string[], nav: readonly string[], links: readonly string[], max: number): string {
  const menu = (cutTo: number | null) => [...labels.map((l, i) => numberedLine(i + 1, cutTo === null ? l : cut(l, cutTo))), ...nav].join('\n');
  const join = (parts: readonly string[]) => parts.filter((p) => p !== '').join('\n\n');
  let block = menu(null);
  // Numbered lines longer than the whole message allows: each label is cut the same way.
  for (let cutTo = 60; join([block, ...links]).length > max && cutTo >= 8; cutTo -= 8) block = menu(cutTo);
  const tail = join([block, ...links]);
  if (head === '') return tail.length <= max ? tail : cut(tail, max);
  const whole = join([head, tail]);
  if (whole.length <= max) return whole;
  const room = max - tail.length - 2;
  if (room >= 12) return join([cut(head, room), tail]);
  // No room for the question at all: the list and links are what the customer acts on.
  return tail.length <= max ? tail : cut(tail, max);
}

/** `text` shortened to `max` characters at a word boundary, ending in "…". */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = Math.max(0, max - ELLIPSIS.length);
  // A cut between the two halves of an emoji (a surrogate pair) would leave half of it:
  // not UTF-8 at all, refused by the providers. The whole character goes instead.
  const slice = text.slice(0, /[\uD800-\uDBFF]/u.test(text.charAt(room - 1)) ? room - 1 : room);
  const space = slice.search(/\s\S*$/u);
  return `${(space > room / 2 ? slice.slice(0, space) : slice).trimEnd()}${ELLIPSIS}`;
}
