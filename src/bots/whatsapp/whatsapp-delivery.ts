import type { PlainTextMessage } from '../text/plain-text.ts';
import type { WhatsAppNumber } from './whatsapp-number.ts';

/** How one rendered message went: sent (with the id a reply to it quotes), or the number is busy for a while. */
export type Delivery = { sent: true; messageId: string | null } | { sent: false; busyForMs: number };

/**
 * Sends one plain-text message from a linked number: the text, or an image (the
 * payment QR) whose caption is the whole text when it fits — one send — else the image
 * with its own caption, then the text. Returns the id of the message carrying the text
 * (what a team reply quotes). With `maxWaitMs`, a number busy for longer sends nothing
 * and says how long it is busy (a half-sent message is never left: the first part waits
 * no longer than the number's pace allows, the second follows it).
 */
export async function deliverPlainText(number: WhatsAppNumber, jid: string, out: PlainTextMessage, maxWaitMs?: number): Promise<Delivery> {
  if (!out.image) {
    const result = await number.send(jid, { text: out.text }, maxWaitMs);
    return 'busyForMs' in result ? { sent: false, busyForMs: result.busyForMs } : { sent: true, messageId: result.sent?.key.id ?? null };
  }
  const image = Buffer.from(out.image.png);
  const whole = out.image.caption === out.text;
  const first = await number.send(jid, out.image.caption === undefined ? { image } : { image, caption: out.image.caption }, maxWaitMs);
  if ('busyForMs' in first) return { sent: false, busyForMs: first.busyForMs };
  if (whole) return { sent: true, messageId: first.sent?.key.id ?? null };
  const second = await number.send(jid, { text: out.text });
  return { sent: true, messageId: 'sent' in second ? (second.sent?.key.id ?? null) : null };
}
