import { z } from 'zod';

/**
 * A staff member's own account on a chat channel, as the team chat sees them press a
 * button or send `/iam`. Telegram only for now (stored on the staff member); the
 * channel registry widens this with a table of identities per channel.
 */
export const StaffChatAccount = z.object({
  channel: z.literal('telegram'),
  externalId: z.string().regex(/^\d{1,20}$/),
});
/** A staff member's chat account, as callers write it. */
export type StaffChatAccount = z.input<typeof StaffChatAccount>;
