import { z } from 'zod';
import { bookingDetails } from '../../app/booking/booking-details.ts';
import { staffByChatAccount } from '../../app/team/staff-by-chat-account.ts';
import { teamChatLanguage } from '../../app/team/team-chat-language.ts';
import { CHANNELS } from '../../db/entities/index.ts';
import { supportedLanguage, type Language } from '../../i18n/translator.ts';
import { formatDateTime } from '../engine/chat-formatting.ts';
import { message, say, type ChatText } from '../engine/chat-message.ts';
import { actOnBooking } from './team-actions.ts';
import type { TeamDeps } from './team-deps.ts';
import { TeamSender, type TeamAnswer } from './team-input.ts';
import { clipText } from '../engine/clip-text.ts';

// Cancelling from the team chat takes two steps, because the customer reads the reason:
// "❌ Cancel" on a post (or the word typed under it) makes the bot ask why; a reply to that
// question, or `/cancel <reason>` typed in reply to the post, cancels. Replies to the bot's
// own messages reach it in a group even with Telegram's privacy mode on.

// Statuses a cancellation can still change (the lifecycle's `cancel` transition).
const CANCELLABLE = new Set(['held', 'pending', 'confirmed']);
const SLASHED_CANCEL = /^\/cancel(?:@[a-z0-9_]{1,64})?(?=\s|$)/i;

/** Where a team cancellation comes from: the chat, who wrote, and the booking. */
export const TeamCancelInput = z.object({
  businessId: z.uuid(),
  channel: z.enum(CHANNELS),
  chatId: z.string().min(1).max(128),
  sender: TeamSender,
  bookingId: z.uuid(),
});

/** Input of {@link cancelWithReason}: the cancellation and the team's reason, which the customer reads. */
export const CancelWithReasonInput = TeamCancelInput.extend({ reason: z.string().trim().min(1).max(500) });

/**
 * Reads `/cancel <reason>` (a Telegram `@bot` suffix allowed), typed in reply to a
 * booking post: the reason, '' for a bare `/cancel`, or null when the text is not it.
 */
export function readCancelCommand(text: string): { reason: string } | null {
  const head = text.trimStart();
  const slashed = SLASHED_CANCEL.exec(head);
  return slashed ? { reason: clipText(head.slice(slashed[0].length).trim(), 500) } : null;
}

/**
 * Asks the team why a booking is cancelled: linked staff only, and only while it can be.
 * The question carries its memo (`asks: 'cancel_reason'`): once sent, the channel
 * remembers it, and a reply to it is the reason ({@link cancelWithReason}).
 */
export async function askCancelReason(deps: TeamDeps, raw: z.input<typeof TeamCancelInput>): Promise<TeamAnswer> {
  const input = TeamCancelInput.parse(raw);
  const team = await teamLanguage(deps, input);
  const refuse = refusal(input.sender.language, team);
  if (!(await staffByChatAccount(deps.ctx, input.businessId, { channel: input.channel, externalId: input.sender.externalId }))) return refuse(say('telegram.group.not_staff'));
  const b = await bookingDetails(deps.ctx, input.businessId, input.bookingId);
  if (b.status === 'cancelled') return refuse(say('chat.team.cancel_already'));
  if (!CANCELLABLE.has(b.status)) return refuse(say('errors.invalid_booking_transition'));
  const question = say('chat.team.cancel_ask', { customer: b.customerName || '—', service: b.serviceName, when: formatDateTime(b.startsAt, b.timeZone, team) });
  return { language: team, messages: [{ message: message([question]), post: { customerId: b.customerId, bookingId: b.id, asks: 'cancel_reason' } }] };
}

/**
 * Cancels a booking as the staff member who gave the reason (audited as them; the
 * customer's cancellation message quotes the reason; the posts are redrawn through the
 * outbox). Answers the group in its language; a refusal (not staff, too late…) goes to
 * the one who wrote.
 */
export async function cancelWithReason(deps: TeamDeps, raw: z.input<typeof CancelWithReasonInput>): Promise<TeamAnswer> {
  const input = CancelWithReasonInput.parse(raw);
  const team = await teamLanguage(deps, input);
  const acted = await actOnBooking(deps, {
    businessId: input.businessId,
    channel: input.channel,
    chatId: input.chatId,
    actorAccount: input.sender.externalId,
    bookingId: input.bookingId,
    action: 'cancel',
    reason: input.reason,
  });
  if (!acted.ok) return acted.language ? { language: acted.language, messages: [{ message: message([acted.reason]) }] } : refusal(input.sender.language, team)(acted.reason);
  return { language: acted.language, messages: [{ message: message([say('chat.team.cancel_done', { staff: acted.staffName, reason: input.reason })]) }] };
}

async function teamLanguage(deps: TeamDeps, input: { businessId: string; channel: z.output<typeof TeamCancelInput>['channel']; chatId: string }): Promise<Language> {
  return supportedLanguage(await teamChatLanguage(deps.ctx, input.businessId, { channel: input.channel, chatId: input.chatId })) ?? 'en';
}

// A refusal is for the one who wrote: in their language when the channel tells it.
function refusal(senderLanguage: string | undefined, team: Language): (reason: ChatText) => TeamAnswer {
  return (reason) => ({ language: supportedLanguage(senderLanguage) ?? team, messages: [{ message: message([reason]) }] });
}
