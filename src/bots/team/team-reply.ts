import type { z } from 'zod';
import { bookingDetails } from '../../app/booking/booking-details.ts';
import { rememberedTeamPost } from '../../app/conversations/remember-team-post.ts';
import { replyFromTeam } from '../../app/conversations/reply-from-team.ts';
import { staffByChatAccount } from '../../app/team/staff-by-chat-account.ts';
import { teamChatLanguage } from '../../app/team/team-chat-language.ts';
import { supportedLanguage } from '../../i18n/translator.ts';
import { message, raw, say, type ChatText } from '../engine/chat-message.ts';
import { teamBookingPost } from '../notification-messages.ts';
import { actOnBooking, postActions } from './team-actions.ts';
import { askCancelReason, cancelWithReason, readCancelCommand } from './team-cancel.ts';
import { readMessageCommand } from './team-message-customer.ts';
import type { TeamDeps } from './team-deps.ts';
import { TeamReplyInput, type TeamAnswer, type TeamPostMemo } from './team-input.ts';
import { readTypedTeamAction } from './typed-team-action.ts';
import { clipText } from '../engine/clip-text.ts';

type ReplyInput = z.output<typeof TeamReplyInput>;

/**
 * A message in a team chat that replies to (quotes) one of the bot's posts:
 * - under a booking post, an action's number or word ("1", "Confirm") acts on the
 *   booking (linked staff only), and the post is redrawn as a new message;
 * - under a booking post, `/cancel <reason>` cancels it and the customer reads the
 *   reason; "Cancel" (or a bare `/cancel`) asks for the reason first; `/msg <text>`
 *   writes to the booking's customer;
 * - under the bot's question why a booking is cancelled, the text is the reason;
 * - under a forwarded customer message, the text is relayed to the customer (linked
 *   staff only; anyone else is simply talking in the group).
 *
 * Null when there is nothing to answer: the quoted message is not a remembered post,
 * or the reply is just talk. Every channel remembers its booking posts
 * (`rememberSentTeamPost`); Telegram's buttons do the same as these replies.
 */
export async function handleTeamReply(deps: TeamDeps, rawInput: z.input<typeof TeamReplyInput>): Promise<TeamAnswer | null> {
  const input = TeamReplyInput.parse(rawInput);
  const post = await rememberedTeamPost(deps.ctx, input.businessId, { channel: input.channel, teamChatId: input.chatId, teamMessageId: input.repliedToMessageId });
  if (!post) return null;
  if (post.bookingId === null) return relayToCustomer(deps, input, { text: input.text, aboutBooking: false });
  const memo = { customerId: post.customerId, bookingId: post.bookingId };
  return post.asks === 'cancel_reason' ? reasonGiven(deps, input, memo.bookingId) : typedAction(deps, input, memo);
}

// The answer to "why is it cancelled?": the whole reply (a `/cancel` before it dropped), never empty.
async function reasonGiven(deps: TeamDeps, input: ReplyInput, bookingId: string): Promise<TeamAnswer | null> {
  const reason = clipText((readCancelCommand(input.text)?.reason ?? input.text).trim(), 500);
  if (reason === '') return null;
  return cancelWithReason(deps, { businessId: input.businessId, channel: input.channel, chatId: input.chatId, sender: input.sender, bookingId, reason });
}

// A reply to a forwarded customer message, or `/msg <text>` under a booking post
// (`aboutBooking`), to the customer. Under a forwarded message anyone not linked is just
// talking; the command is answered either way.
async function relayToCustomer(deps: TeamDeps, input: ReplyInput, relay: { text: string; aboutBooking: boolean }): Promise<TeamAnswer | null> {
  const member = await staffByChatAccount(deps.ctx, input.businessId, { channel: input.channel, externalId: input.sender.externalId });
  const text = clipText(relay.text.trim(), 3000);
  const language = async () => supportedLanguage(input.sender.language ?? (await teamChatLanguage(deps.ctx, input.businessId, { channel: input.channel, chatId: input.chatId }))) ?? 'en';
  const answer = async (key: string): Promise<TeamAnswer> => ({ language: await language(), messages: [{ message: message([say(key)]) }] });
  if (relay.aboutBooking && !member) return answer('telegram.group.not_staff');
  if (relay.aboutBooking && text === '') return answer('chat.team.message_usage');
  if (!member || text === '') return null;
  const relayed = await replyFromTeam(deps.ctx, input.businessId, {
    channel: input.channel,
    teamChatId: input.chatId,
    repliedToMessageId: input.repliedToMessageId,
    text,
    staffName: member.name,
    aboutBooking: relay.aboutBooking,
  });
  return relayed ? answer('telegram.group.reply_sent') : null;
}

async function typedAction(deps: TeamDeps, input: ReplyInput, post: TeamPostMemo & { bookingId: string }): Promise<TeamAnswer | null> {
  const { businessId, channel, chatId } = input;
  const cancelling = { businessId, channel, chatId, sender: input.sender, bookingId: post.bookingId };
  const cancel = readCancelCommand(input.text);
  if (cancel) return cancel.reason === '' ? askCancelReason(deps, cancelling) : cancelWithReason(deps, { ...cancelling, reason: cancel.reason });
  const note = readMessageCommand(input.text);
  if (note) return relayToCustomer(deps, input, { text: note.text, aboutBooking: true });
  const teamLanguage = supportedLanguage(await teamChatLanguage(deps.ctx, businessId, { channel, chatId })) ?? 'en';
  const headline = headlineOf(input.quotedText);
  const current = teamBookingPost(await bookingDetails(deps.ctx, businessId, post.bookingId), teamLanguage, headline);
  const typed = readTypedTeamAction(deps.translator, input.text, postActions(current), input.quotedText);
  if (!typed) return null;
  // Refusals are for the one who typed: in their language when the channel tells it.
  const refuse = (reason: ChatText): TeamAnswer => ({ language: supportedLanguage(input.sender.language) ?? teamLanguage, messages: [{ message: message([reason]) }] });
  if (!(await staffByChatAccount(deps.ctx, businessId, { channel, externalId: input.sender.externalId }))) return refuse(say('telegram.group.not_staff'));
  if (typed.kind === 'not_understood') return refuse(say('chat.team.action_not_understood'));
  // The customer will read why: ask first.
  if (typed.kind === 'action' && typed.action === 'cancel') return askCancelReason(deps, cancelling);
  if (typed.kind === 'out_of_date') {
    // The post as it stands now, to reply to again: remembered like any booking post.
    return { language: teamLanguage, messages: [{ message: message([say('chat.team.post_out_of_date')]) }, { message: current, post }] };
  }
  const acted = await actOnBooking(deps, { businessId, channel, chatId, actorAccount: input.sender.externalId, bookingId: post.bookingId, action: typed.action, headline });
  if (!acted.ok) return acted.language ? { language: acted.language, messages: [{ message: message([acted.reason]) }] } : refuse(acted.reason);
  return { language: acted.language, messages: [{ message: acted.redrawn, post: { customerId: acted.customerId, bookingId: post.bookingId } }] };
}

// The quoted post's first line is its headline ("🆕 New booking"): the redrawn post keeps it.
function headlineOf(quotedText: string | null): ChatText {
  const first = quotedText?.split('\n')[0]?.trim().slice(0, 200) ?? '';
  return first === '' ? say('chat.team.booking_headline') : raw(first);
}
