import { clipText } from '../engine/clip-text.ts';

const SLASHED_MSG = /^\/msg(?:@[a-z0-9_]{1,64})?(?=\s|$)/i;

/**
 * Reads `/msg <text>` (a Telegram `@bot` suffix allowed), typed in reply to a booking
 * post: the text for the booking's customer ('' for a bare `/msg`), or null when the
 * reply is not it. Talk under a post stays in the team chat; only this reaches the
 * customer, so nobody writes to a customer by accident.
 */
export function readMessageCommand(text: string): { text: string } | null {
  const head = text.trimStart();
  const slashed = SLASHED_MSG.exec(head);
  return slashed ? { text: clipText(head.slice(slashed[0].length).trim(), 3000) } : null;
}
