import { z } from 'zod';
import { CHANNELS } from '../../db/entities/index.ts';

/**
 * A staff member's own account on a chat channel, as the team chat sees them press a
 * button or send `/iam`: a Telegram user id, a WhatsApp id (`77011234567@s.whatsapp.net`,
 * `123@lid`), a phone number.
 */
export const StaffChatAccount = z.object({
  channel: z.enum(CHANNELS),
  externalId: z.string().regex(/^[\w.@:+-]{1,128}$/),
});
/** A staff member's chat account, as callers write it. */
export type StaffChatAccount = z.input<typeof StaffChatAccount>;
