import { z } from 'zod';
import { CHANNELS } from '../../db/entities/index.ts';
import { textField } from '../shared/input-schemas.ts';

/** Input of `linkTeamChat` and `unlinkTeamChat`: a group chat on a channel. */
export const LinkTeamChatInput = z.object({
  channel: z.enum(CHANNELS),
  chatId: z.string().min(1).max(128),
  locale: z.string().max(8).nullable().default(null),
  /** The group's name on its channel, shown in the team's list of chats. */
  title: textField(128, { tooLong: 'too_big' }).nullable().default(null),
});

/** Which team chat: its channel and chat id. */
export const TeamChatAddress = LinkTeamChatInput.pick({ channel: true, chatId: true });
