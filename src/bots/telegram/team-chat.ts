import { z } from 'zod';
import type { Context } from 'grammy';
import { approveBooking } from '../../app/booking/approve-booking.ts';
import { declineBooking } from '../../app/booking/decline-booking.ts';
import { bookingDetails } from '../../app/booking/booking-details.ts';
import { businessProfile } from '../../app/catalog/business-profile.ts';
import { replyFromTeam } from '../../app/conversations/reply-from-team.ts';
import { markCompleted } from '../../app/booking/mark-completed.ts';
import { markNoShow } from '../../app/booking/mark-no-show.ts';
import { markDepositPaid } from '../../app/booking/mark-deposit-paid.ts';
import { checkTeamLinkCode } from '../../app/team/check-team-link-code.ts';
import { linkStaffAccount } from '../../app/team/link-staff-account.ts';
import { linkTeamChat, MAX_TEAM_CHATS } from '../../app/team/link-team-chat.ts';
import { listTeamChats } from '../../app/team/list-team-chats.ts';
import { staffByChatAccount } from '../../app/team/staff-by-chat-account.ts';
import { teamChatLanguage } from '../../app/team/team-chat-language.ts';
import type { TeamMember } from '../../app/team/team-member.ts';
import { unlinkTeamChat } from '../../app/team/unlink-team-chat.ts';
import type { Actor } from '../../app/shared/use-case-context.ts';
import type { BookingView } from '../../app/booking/booking-view.ts';
import { DomainError } from '../../domain/index.ts';
import { supportedLanguage } from '../../i18n/translator.ts';
import { say } from '../engine/chat-message.ts';
import { teamBookingPost } from '../notification-messages.ts';
import { parseChatCommand } from './chat-command.ts';
import { CallbackData, renderForTelegram } from './telegram-render.ts';
import type { BotBinding, TelegramDeps } from './telegram-context.ts';

type TeamAction = (deps: TelegramDeps, businessId: string, actor: Extract<Actor, { kind: 'business' }>, bookingId: string) => Promise<BookingView>;

const ACTIONS: Record<string, { run: TeamAction; label: string }> = {
  'tb-approve': { run: (d, b, a, id) => approveBooking(d.ctx, b, a, { bookingId: id }), label: 'notify.team.action.approve' },
  'tb-decline': { run: (d, b, a, id) => declineBooking(d.ctx, b, a, { bookingId: id }), label: 'notify.team.action.decline' },
  'tb-paid': { run: (d, b, a, id) => markDepositPaid(d.ctx, b, a, { bookingId: id }), label: 'notify.team.action.paid' },
  'tb-arrived': { run: (d, b, a, id) => markCompleted(d.ctx, b, a, { bookingId: id }), label: 'notify.team.action.arrived' },
  'tb-noshow': { run: (d, b, a, id) => markNoShow(d.ctx, b, a, { bookingId: id }), label: 'notify.team.action.no_show' },
};

const LINK_COMMANDS: ReadonlySet<string> = new Set(['link', 'unlink', 'chats', 'iam']);
const LINK_CODE = /^[0-9A-Z]{4,32}$/;
const BookingId = z.uuid();

const isGroup = (tg: Context) => tg.chat?.type === 'group' || tg.chat?.type === 'supergroup';

/** `/link`, `/unlink`, `/chats` and `/iam`, anywhere. Returns true when the update was one of them. */
export async function handleLinkCommands(deps: TelegramDeps, binding: BotBinding, tg: Context): Promise<boolean> {
  const command = parseChatCommand(tg.message?.text ?? '');
  if (!command || !LINK_COMMANDS.has(command.name) || !tg.chat || !tg.from) return false;
  const business = await businessProfile(deps.ctx, binding.businessId);
  const language = tg.from.language_code ?? business.defaultLocale;
  const t = (key: string, params?: Record<string, string>) => deps.translator.t(language, key, params);
  // A code is one word of the code alphabet; anything else is simply a wrong code.
  const typed = command.arg.toUpperCase();
  const code = LINK_CODE.test(typed) ? typed : '';
  if (command.name === 'link' || command.name === 'unlink' || command.name === 'chats') {
    if (!isGroup(tg)) return void (await tg.reply(t('telegram.group.link_in_group'))), true;
    // Booking posts carry customers' names and phones: only the team decides where they go.
    const member = await staffByChatAccount(deps.ctx, binding.businessId, { channel: 'telegram', externalId: String(tg.from.id) });
    if (!member) return void (await tg.reply(t('telegram.group.link_staff_only'))), true;
    if (command.name === 'unlink') {
      await unlinkTeamChat(deps.ctx, binding.businessId, { channel: 'telegram', chatId: String(tg.chat.id) });
      return void (await tg.reply(t('telegram.group.unlinked'))), true;
    }
    if (command.name === 'chats') return void (await tg.reply(await teamChatList(deps, binding, t))), true;
    if (!(await checkTeamLinkCode(deps.ctx, binding.businessId, deps.appSecret, code))) return void (await tg.reply(t('telegram.group.bad_code'))), true;
    const title = tg.chat.type === 'group' || tg.chat.type === 'supergroup' ? tg.chat.title.slice(0, 128) : null;
    try {
      const linked = await linkTeamChat(deps.ctx, binding.businessId, member, { channel: 'telegram', chatId: String(tg.chat.id), locale: tg.from.language_code?.slice(0, 2) ?? null, title });
      await tg.reply(t(linked ? 'telegram.group.linked' : 'telegram.group.already_linked', { business: business.name }));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await tg.reply(deps.translator.describe(error, language));
    }
    return true;
  }
  const link = code ? await linkStaffAccount(deps.ctx, binding.businessId, deps.appSecret, { code, account: { channel: 'telegram', externalId: String(tg.from.id) } }) : null;
  await tg.reply(link ? t('telegram.group.iam_linked', { staff: link.member.name }) : t('telegram.group.iam_bad_code'));
  // Whoever held this staff member's link until now is told it moved (the team chats hear it through the outbox).
  if (link?.previousAccount) {
    const text = deps.translator.t(business.defaultLocale, 'telegram.group.iam_moved', { staff: link.member.name, business: business.name });
    await tg.api.sendMessage(link.previousAccount, text).catch((error: unknown) => deps.logger.warn({ err: error }, 'could not tell the previous holder of a staff link'));
  }
  return true;
}

// The business's team chats, as the team sees them: who receives its bookings.
async function teamChatList(deps: TelegramDeps, binding: BotBinding, t: (key: string, params?: Record<string, string>) => string): Promise<string> {
  const chats = await listTeamChats(deps.ctx, binding.businessId);
  const lines = chats.map((c, i) => `${i + 1}. ${c.title ?? t('telegram.group.untitled_chat')} (${c.channel})`);
  return [t('telegram.group.chats_title', { count: String(chats.length), limit: String(MAX_TEAM_CHATS) }), ...lines].join('\n');
}

/**
 * The team's group chat: booking buttons (only linked staff may press them; each calls
 * its use case, the post is redrawn, the customer hears through the outbox) and
 * replies to a forwarded customer message, relayed back to that customer.
 */
export async function handleTeamUpdate(deps: TelegramDeps, binding: BotBinding, tg: Context): Promise<void> {
  if (tg.callbackQuery) return pressTeamButton(deps, binding, tg);
  const msg = tg.message;
  const repliedTo = msg?.reply_to_message;
  if (!msg?.text || !repliedTo || repliedTo.from?.id !== tg.me.id || !tg.from || !tg.chat) return;
  const member = await staffByChatAccount(deps.ctx, binding.businessId, { channel: 'telegram', externalId: String(tg.from.id) });
  if (!member) return;
  const relayed = await replyFromTeam(deps.ctx, binding.businessId, {
    channel: 'telegram',
    teamChatId: String(tg.chat.id),
    repliedToMessageId: String(repliedTo.message_id),
    text: msg.text.slice(0, 3000),
    staffName: member.name,
  });
  if (relayed) await tg.reply(deps.translator.t(tg.from.language_code, 'telegram.group.reply_sent'), { reply_parameters: { message_id: msg.message_id } });
}

async function pressTeamButton(deps: TelegramDeps, binding: BotBinding, tg: Context): Promise<void> {
  const query = tg.callbackQuery!;
  const language = tg.from?.language_code;
  const t = (key: string, params?: Record<string, string>) => deps.translator.t(language, key, params);
  const parsed = CallbackData.safeParse(query.data ?? '');
  const [name, bookingId] = parsed.success ? parsed.data.id.split(':') : [];
  const action = name ? ACTIONS[name] : undefined;
  // A button we never drew (forged or from an old release): not understood, nothing changes.
  if (!action || !bookingId || !BookingId.safeParse(bookingId).success) {
    deps.logger.debug({ data: query.data }, 'team button not understood');
    return void (await tg.answerCallbackQuery({ text: t('telegram.not_understood') }));
  }
  const member: TeamMember | null = await staffByChatAccount(deps.ctx, binding.businessId, { channel: 'telegram', externalId: String(query.from.id) });
  if (!member) return void (await tg.answerCallbackQuery({ text: t('telegram.group.not_staff'), show_alert: true }));
  try {
    await action.run(deps, binding.businessId, { kind: 'business', userId: member.userId, staffId: member.staffId }, bookingId);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return void (await tg.answerCallbackQuery({ text: deps.translator.describe(error, language), show_alert: true }));
  }
  await tg.answerCallbackQuery({ text: t('telegram.group.done') });
  const post = query.message;
  if (!post || !tg.chat) return;
  // The post is redrawn for the whole group: in the team chat's language, not the presser's.
  const teamLanguage = supportedLanguage(await teamChatLanguage(deps.ctx, binding.businessId, { channel: 'telegram', chatId: String(tg.chat.id) })) ?? 'en';
  const details = await bookingDetails(deps.ctx, binding.businessId, bookingId);
  const headline = post.text?.split('\n')[0] ?? '';
  const redrawn = teamBookingPost(details, teamLanguage, { raw: headline });
  redrawn.lines.push(say('notify.team.acted', { action: deps.translator.t(teamLanguage, action.label), staff: member.name }));
  const out = renderForTelegram(deps.translator, teamLanguage, redrawn, null);
  if (!out.inline) return;
  await tg.api.editMessageText(tg.chat.id, post.message_id, out.text, out.reply_markup ? { reply_markup: out.reply_markup } : {}).catch((error: unknown) => {
    deps.logger.debug({ err: error }, 'team post not redrawn');
  });
}
