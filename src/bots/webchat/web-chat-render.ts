import type { Translator } from '../../i18n/translator.ts';
import type { ChatMessage, ChatText } from '../engine/chat-message.ts';
import type { BusinessBody } from './web-chat-body.ts';

/** The longest text one web-chat message carries (the channel's `maxTextLength`). */
export const WEB_CHAT_MAX_TEXT = 4096;

/**
 * An engine message worded for the web chat in a language: lines as text, choices as
 * buttons (with the version they were drawn for), links, and the image (a payment QR)
 * as base64 to show inline. A contact request has no button here: the visitor types
 * their number, and keys with a `chat.web.variant.<key>` wording use it (no "share it
 * with the button below" on a page without that button).
 */
export function renderForWebChat(translator: Translator, language: string, message: ChatMessage, version: number | null): BusinessBody {
  const read = (t: ChatText) => {
    if ('raw' in t) return t.raw;
    const variant = `chat.web.variant.${t.key}`;
    return translator.t(language, translator.has(variant) ? variant : t.key, t.params);
  };
  let budget = WEB_CHAT_MAX_TEXT;
  const lines: string[] = [];
  for (const line of message.lines.map(read)) {
    if (budget <= 0) break;
    lines.push(line.slice(0, budget));
    budget -= line.length;
  }
  return {
    lines,
    choices: message.choices.map((row) => row.map((c) => ({ id: c.id, label: read(c.label) }))),
    // A lasting message's buttons (a confirmation's Reschedule/Cancel) stay valid at any version.
    version: message.lasting ? null : version,
    links: (message.links ?? []).map((l) => ({ label: read(l.label), url: l.url })),
    ...(message.image
      ? { image: { png: Buffer.from(message.image.png).toString('base64'), ...(message.image.caption ? { caption: read(message.image.caption) } : {}) } }
      : {}),
  };
}
