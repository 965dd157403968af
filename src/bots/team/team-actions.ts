import { z } from 'zod';
import { approveBooking } from '../../app/booking/approve-booking.ts';
import { bookingDetails } from '../../app/booking/booking-details.ts';
import { cancelBooking } from '../../app/booking/cancel-booking.ts';
import type { BookingView } from '../../app/booking/booking-view.ts';
import { declineBooking } from '../../app/booking/decline-booking.ts';
import { markCompleted } from '../../app/booking/mark-completed.ts';
import { markDepositPaid } from '../../app/booking/mark-deposit-paid.ts';
import { markNoShow } from '../../app/booking/mark-no-show.ts';
import { customerStanding } from '../../app/customers/customer-standing.ts';
import { markDepositNotReceived } from '../../app/payments/mark-deposit-not-received.ts';
import type { Actor, UseCaseContext } from '../../app/shared/use-case-context.ts';
import { staffByChatAccount } from '../../app/team/staff-by-chat-account.ts';
import { teamChatLanguage } from '../../app/team/team-chat-language.ts';
import { CHANNELS } from '../../db/entities/index.ts';
import { DomainError, TooEarlyToMark } from '../../domain/index.ts';
import { formatTime } from '../engine/chat-formatting.ts';
import { supportedLanguage, type Language } from '../../i18n/translator.ts';
import { say, type ChatChoice, type ChatMessage, type ChatText } from '../engine/chat-message.ts';
import { teamBookingPost } from '../notification-messages.ts';
import type { TeamDeps } from './team-deps.ts';

/** What the team can do to a booking from its chat. `cancel` needs a reason first (see `team-cancel.ts`). */
export const TEAM_ACTIONS = ['approve', 'decline', 'paid', 'unpaid', 'arrived', 'noshow', 'cancel'] as const;
/** One of the team's booking actions. */
export type TeamActionName = (typeof TEAM_ACTIONS)[number];

type BusinessActor = Extract<Actor, { kind: 'business' }>;
type RunAction = (ctx: UseCaseContext, businessId: string, actor: BusinessActor, bookingId: string, reason: string) => Promise<BookingView>;

// Each action's use case and its label on a post: the choice id on a post is
// `tb-<action>:<bookingId>` (see `teamBookingPost`), its label the key here.
const ACTIONS: Record<TeamActionName, { run: RunAction; label: string }> = {
  approve: { run: (ctx, b, a, id) => approveBooking(ctx, b, a, { bookingId: id }), label: 'notify.team.action.approve' },
  decline: { run: (ctx, b, a, id) => declineBooking(ctx, b, a, { bookingId: id }), label: 'notify.team.action.decline' },
  paid: { run: (ctx, b, a, id) => markDepositPaid(ctx, b, a, { bookingId: id }), label: 'notify.team.action.paid' },
  unpaid: { run: (ctx, b, a, id) => markDepositNotReceived(ctx, b, a, { bookingId: id }), label: 'notify.team.action.not_received' },
  arrived: { run: (ctx, b, a, id) => markCompleted(ctx, b, a, { bookingId: id }), label: 'notify.team.action.arrived' },
  noshow: { run: (ctx, b, a, id) => markNoShow(ctx, b, a, { bookingId: id }), label: 'notify.team.action.no_show' },
  // The team's reason goes to the customer in their cancellation message.
  cancel: { run: (ctx, b, a, id, reason) => cancelBooking(ctx, b, a, { bookingId: id, reason, tellCustomer: true }), label: 'notify.team.action.cancel' },
};

/** The message key of an action's label on a post ("✅ Confirm"). */
export function teamActionLabel(action: TeamActionName): string {
  return ACTIONS[action].label;
}

const ActionChoiceId = z
  .string()
  .regex(/^tb-[a-z]{1,16}:.{1,40}$/)
  .transform((id) => ({ name: id.slice(3, id.indexOf(':')), bookingId: id.slice(id.indexOf(':') + 1) }))
  .pipe(z.object({ name: z.enum(TEAM_ACTIONS), bookingId: z.uuid() }));

/**
 * Reads a post's choice id (`tb-approve:<bookingId>`): the action and the booking, or
 * null for an id no post ever had (forged, or from an old release).
 */
export function readTeamActionChoice(id: string): { action: TeamActionName; bookingId: string } | null {
  const parsed = ActionChoiceId.safeParse(id);
  return parsed.success ? { action: parsed.data.name, bookingId: parsed.data.bookingId } : null;
}

/** The actions a drawn booking post offers, in the order it shows them. */
export function postActions(post: ChatMessage): TeamActionName[] {
  return post.choices.flat().flatMap((c: ChatChoice) => {
    const read = readTeamActionChoice(c.id);
    return read ? [read.action] : [];
  });
}

/** Input of {@link actOnBooking}. */
export const ActOnBookingInput = z
  .object({
    businessId: z.uuid(),
    channel: z.enum(CHANNELS),
    /** The team chat the action came from: the post is redrawn in its language. */
    chatId: z.string().min(1).max(128),
    /** Who acted: their account on the channel. Only an account linked to active staff may act. */
    actorAccount: z.string().min(1).max(128),
    bookingId: z.uuid(),
    action: z.enum(TEAM_ACTIONS),
    /** The first line of the redrawn post (the post's own headline, kept as it was); a generic one when absent. */
    headline: z.union([z.object({ raw: z.string().max(4096) }), z.object({ key: z.string().min(1).max(128) })]).optional(),
    /** Why (for `cancel`, which needs it): sent to the customer. */
    reason: z.string().trim().max(500).default(''),
  })
  .refine((input) => input.action !== 'cancel' || input.reason !== '', { message: 'a cancellation from the team chat needs its reason', path: ['reason'] });

/** How an action went: the post redrawn for the whole chat, or why nothing changed (for the actor). */
export type ActOnBookingResult =
  | { ok: true; redrawn: ChatMessage; language: Language; customerId: string; staffName: string }
  | { ok: false; reason: ChatText; language?: Language };

/**
 * A staff member acts on a booking from a team chat (a pressed button, or a typed
 * number or word): only linked staff may; the use case runs as them (audited, the
 * customer hears through the outbox); the post is redrawn in the team chat's language
 * with what was done and by whom, and the actions the new status allows. An expected
 * refusal (already confirmed, too late…) is a reason, and nothing changes.
 */
export async function actOnBooking(deps: TeamDeps, raw: z.input<typeof ActOnBookingInput>): Promise<ActOnBookingResult> {
  const input = ActOnBookingInput.parse(raw);
  const { businessId, channel } = input;
  const member = await staffByChatAccount(deps.ctx, businessId, { channel, externalId: input.actorAccount });
  if (!member) return { ok: false, reason: say('telegram.group.not_staff') };
  const action = ACTIONS[input.action];
  // Answers and the redrawn post are for the whole group: in the team chat's language, not the actor's app's.
  const language = supportedLanguage(await teamChatLanguage(deps.ctx, businessId, { channel, chatId: input.chatId })) ?? 'en';
  try {
    await action.run(deps.ctx, businessId, { kind: 'business', userId: member.userId, staffId: member.staffId }, input.bookingId, input.reason);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error instanceof TooEarlyToMark) {
      // Says from when: the time in the business's zone, as the team reads times.
      const { timeZone } = await bookingDetails(deps.ctx, businessId, input.bookingId);
      return { ok: false, reason: say(error.i18nKey, { time: formatTime(error.allowedFrom, timeZone, language) }), language };
    }
    return { ok: false, reason: say(error.i18nKey, error.params), language };
  }
  const details = await bookingDetails(deps.ctx, businessId, input.bookingId);
  const redrawn = teamBookingPost(details, language, input.headline ?? say('chat.team.booking_headline'), null, await customerStanding(deps.ctx, businessId, details.customerId));
  // A log line in the past tense ("✅ Confirmed by Dana"), not the button's label.
  redrawn.lines.push(say(`notify.team.done.${input.action}`, { staff: member.name, reason: input.reason }));
  return { ok: true, redrawn, language, customerId: details.customerId, staffName: member.name };
}
