/**
 * What the conversation engine says, independent of any channel: lines of text (message
 * keys with parameters, or raw text such as a service name), choices in rows, link
 * buttons, an optional image and a request for the customer's phone contact. The
 * Telegram adapter renders choices as inline keyboards, WhatsApp and SMS as numbered
 * lists.
 */

/** A piece of text: a message key translated in the reader's language, or raw text shown as it is. */
export type ChatText = { key: string; params?: Readonly<Record<string, string | number>> } | { raw: string };

/** A choice the reader can press (or type its number or label). */
export interface ChatChoice {
  /** Compact id the engine understands back (≤ 48 characters: it travels in callback data). */
  id: string;
  label: ChatText;
}

/** A button that opens a link (a payment page, a map). */
export interface ChatLink {
  label: ChatText;
  url: string;
}

/** One outgoing message. */
export interface ChatMessage {
  lines: ChatText[];
  /** Rows of choices; empty when the reader should type. */
  choices: ChatChoice[][];
  links?: ChatLink[];
  /** A PNG image (a payment QR) shown with the message. */
  image?: { png: Uint8Array; caption?: ChatText };
  /** A place on the map (the business's), shown as a venue where the channel can (Telegram). */
  venue?: { latitude: number; longitude: number; title: string; address: string };
  /** Offer the channel's "share my phone number" button. */
  requestContact?: boolean;
  /** Take away the contact button offered before (the number was typed instead). */
  dismissKeyboard?: boolean;
  /**
   * A message the customer keeps (a booking confirmation): never edited in place by a
   * later reply, and its choices stay valid at any step (they name what they act on, like
   * a reminder's), so channels draw them with no conversation version.
   */
  lasting?: boolean;
}

/** A translated line. */
export function say(key: string, params?: Readonly<Record<string, string | number>>): ChatText {
  return params ? { key, params } : { key };
}

/** A line shown as it is (names the business typed, the customer's own words). */
export function raw(text: string): ChatText {
  return { raw: text };
}

/** A message of lines and choice rows. */
export function message(lines: ChatText[], choices: ChatChoice[][] = [], extra: Partial<Pick<ChatMessage, 'links' | 'image' | 'requestContact' | 'venue'>> = {}): ChatMessage {
  return { lines, choices, ...extra };
}

/** A choice. */
export function choice(id: string, label: ChatText): ChatChoice {
  return { id, label };
}

/** Lays choices out in rows of `perRow`. */
export function rows(choices: ChatChoice[], perRow: number): ChatChoice[][] {
  const out: ChatChoice[][] = [];
  for (let i = 0; i < choices.length; i += perRow) out.push(choices.slice(i, i + perRow));
  return out;
}

/** Every choice of a message in reading order: what a typed number refers to. */
export function flatChoices(msg: ChatMessage): ChatChoice[] {
  return msg.choices.flat();
}
