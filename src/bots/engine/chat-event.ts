import { z } from 'zod';
import { wellFormedText } from './clip-text.ts';

/**
 * What a customer did in a chat, as every channel adapter reports it: typed text, a
 * pressed choice, a shared contact or location, or a command (`/start`, `/help`).
 * Validated at the adapter's edge with this schema.
 */
export const ChatEvent = z.discriminatedUnion('kind', [
  // Half an emoji (a lone surrogate, which JSON can carry as an escape) is not text PostgreSQL or any provider takes: made a U+FFFD.
  z.object({ kind: z.literal('text'), text: z.string().max(4096).transform(wellFormedText) }),
  z.object({
    kind: z.literal('choice'),
    id: z.string().min(1).max(64),
    /** The conversation version the pressed menu was drawn for; null for buttons on notifications, which stay valid. */
    version: z.number().int().nonnegative().nullable(),
  }),
  z.object({
    kind: z.literal('contact'),
    phone: z.string().min(3).max(32),
    /** The contact is the sender's own (Telegram's user_id matches): the number is verified. */
    own: z.boolean(),
    name: z.string().max(200).optional(),
  }),
  z.object({ kind: z.literal('location'), latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }),
  z.object({ kind: z.literal('command'), name: z.string().min(1).max(32), arg: z.string().max(64).default('') }),
]);
/** A validated chat event. */
export type ChatEvent = z.output<typeof ChatEvent>;

/** What the channel knows about the person writing (a Telegram profile). */
export interface ChatProfile {
  name?: string;
  /** The app's language (Telegram's `language_code`), a first guess before they choose. */
  language?: string;
  /** The person's IANA time zone, where the channel knows it (the web chat's browser). */
  timeZone?: string;
}
