import { z } from 'zod';

/**
 * What a `/start` link can carry (Telegram's `t.me/<bot>?start=<payload>`, WhatsApp's
 * prefilled "start <payload>"): a service to open, a specialist, a promo code to offer,
 * and the campaign the link belongs to (recorded on bookings made from it).
 */
export interface DeepLink {
  serviceId: string | null;
  staffId: string | null;
  promo: string | null;
  campaign: string | null;
}

// Telegram allows 64 characters of A–Z, a–z, 0–9, _ and -. Ids travel as 22 base64url
// characters (fixed length, so their own _ and - need no escaping); a promo code and a
// campaign as letters and digits ended by "_" (or the end): "s<22>t<22>pSUMMER_cinsta".
const MAX_PAYLOAD = 64;
const Word = z.string().regex(/^[A-Za-z0-9]{1,20}$/);
const Uuid = z.uuid();

function idToText(uuid: string): string {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex').toString('base64url');
}

function textToId(text: string): string | null {
  if (!/^[A-Za-z0-9_-]{22}$/.test(text)) return null;
  const hex = Buffer.from(text, 'base64url').toString('hex');
  if (hex.length !== 32) return null;
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return Uuid.safeParse(uuid).success ? uuid : null;
}

/** The payload of a link (null when it would not fit Telegram's 64 characters or a word is not letters and digits). */
export function deepLinkPayload(link: Partial<DeepLink>): string | null {
  const parts: string[] = [];
  if (link.serviceId) parts.push(`s${idToText(link.serviceId)}`);
  if (link.staffId) parts.push(`t${idToText(link.staffId)}`);
  for (const [key, word] of [['p', link.promo], ['c', link.campaign]] as const) {
    if (!word) continue;
    if (!Word.safeParse(word).success) return null;
    parts.push(`${key}${word}_`);
  }
  const payload = parts.join('').replace(/_$/, '');
  return payload.length > 0 && payload.length <= MAX_PAYLOAD ? payload : null;
}

/**
 * Reads a `/start` payload; null for anything that is not a whole, well-formed link (a
 * forged or cut link opens the menu, never half of what it meant). A bare service id
 * (links made before this format) still opens that service.
 */
export function readDeepLink(payload: string): DeepLink | null {
  const text = payload.trim();
  if (Uuid.safeParse(text).success) return { serviceId: text.toLowerCase(), staffId: null, promo: null, campaign: null };
  if (text === '' || text.length > MAX_PAYLOAD) return null;
  const link: DeepLink = { serviceId: null, staffId: null, promo: null, campaign: null };
  let at = 0;
  while (at < text.length) {
    const key = text[at];
    if (key === 's' || key === 't') {
      const id = textToId(text.slice(at + 1, at + 23));
      if (!id) return null;
      if (key === 's') link.serviceId = id;
      else link.staffId = id;
      at += 23;
    } else if (key === 'p' || key === 'c') {
      const end = text.indexOf('_', at + 1);
      const word = text.slice(at + 1, end < 0 ? text.length : end);
      if (!Word.safeParse(word).success) return null;
      if (key === 'p') link.promo = word;
      else link.campaign = word;
      at = end < 0 ? text.length : end + 1;
    } else return null;
  }
  return link;
}
