/**
 * How many SMS an outgoing text costs. A text in the GSM-7 alphabet (Latin letters,
 * digits, common punctuation) holds 160 characters in one SMS and 153 in each part of a
 * longer one; a single character outside it (Cyrillic, Kazakh letters, an emoji) turns the
 * whole text into UCS-2: 70 characters in one SMS, 67 in each part. Pure, no I/O.
 */

// GSM 03.38's basic alphabet (ESC, 0x1B, is not a character of its own).
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// Its extension table: each costs two septets (ESC + the character).
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

/** The encoding a text is sent in. */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** What a text costs as SMS. */
export interface SmsCost {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the text takes. */
  units: number;
  /** How many SMS it is sent as (0 for an empty text). */
  segments: number;
}

/** Units one SMS holds, alone and as a part of a longer message. */
const CAPACITY: Record<SmsEncoding, { single: number; part: number }> = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
};

/** The encoding a text needs: GSM-7 when every character is in its alphabet. */
export function smsEncoding(text: string): SmsEncoding {
  for (const ch of text) if (!GSM_BASIC.has(ch) && !GSM_EXTENDED.has(ch)) return 'UCS-2';
  return 'GSM-7';
}

// What each character costs, in order: a part never splits an escape pair or a surrogate pair.
function unitCosts(text: string, encoding: SmsEncoding): number[] {
  return [...text].map((ch) => (encoding === 'GSM-7' ? (GSM_EXTENDED.has(ch) ? 2 : 1) : ch.length));
}

/** The encoding, units and number of SMS a text is sent as. */
export function smsCost(text: string): SmsCost {
  const encoding = smsEncoding(text);
  const costs = unitCosts(text, encoding);
  const units = costs.reduce((sum, c) => sum + c, 0);
  const { single, part } = CAPACITY[encoding];
  if (units === 0) return { encoding, units, segments: 0 };
  if (units <= single) return { encoding, units, segments: 1 };
  // Parts are filled whole characters at a time, as phones and Twilio split them.
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > part) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, units, segments };
}

/**
 * The text cut to at most `maxChars` characters (code points), at a word boundary when
 * one is near, ending in "…" — a polite cut instead of a word broken off. Short texts
 * come back as they are.
 */
export function truncateForSms(text: string, maxChars: number): string {
  const chars = [...text];
  if (chars.length <= maxChars) return text;
  const room = chars.slice(0, Math.max(0, maxChars - 1)).join('');
  const space = room.search(/\s\S*$/);
  // A word boundary in the last fifth is worth cutting at; further back it wastes the room.
  const cut = space >= room.length * 0.8 ? room.slice(0, space) : room;
  return `${cut.trimEnd()}…`;
}
