import type { z } from 'zod';
import { businessProfile } from '../../app/catalog/business-profile.ts';
import { checkTeamLinkCode } from '../../app/team/check-team-link-code.ts';
import { teamDaySchedule, type TeamDaySchedule } from '../../app/team/team-day-schedule.ts';
import { formatDay, formatTime } from '../engine/chat-formatting.ts';
import { burnStaffLinkCode } from '../../app/team/burn-staff-link-code.ts';
import { linkStaffAccount } from '../../app/team/link-staff-account.ts';
import { linkTeamChat, MAX_TEAM_CHATS } from '../../app/team/link-team-chat.ts';
import { listTeamChats } from '../../app/team/list-team-chats.ts';
import { staffByChatAccount } from '../../app/team/staff-by-chat-account.ts';
import { teamChatLanguage } from '../../app/team/team-chat-language.ts';
import { unlinkTeamChat } from '../../app/team/unlink-team-chat.ts';
import type { Channel } from '../../db/entities/index.ts';
import { DomainError } from '../../domain/index.ts';
import { supportedLanguage, type Language } from '../../i18n/translator.ts';
import { message, raw, say, type ChatMessage, type ChatText } from '../engine/chat-message.ts';
import { readTeamCommand } from './team-command-text.ts';
import type { TeamDeps } from './team-deps.ts';
import { TeamCommandInput } from './team-input.ts';
import { clipText } from '../engine/clip-text.ts';

/** What a team command answers: messages for the chat it came from, and a word for whoever lost a staff link. */
export interface TeamCommandResult {
  /** The language the messages are written for. */
  language: Language;
  /** To send in the chat the command came from, in order. */
  messages: ChatMessage[];
  /**
   * `/iam` moved a staff member's link away from another account on this channel: tell
   * that account (a private message; best effort, a failure is only logged).
   */
  tellPreviousAccount?: { externalId: string; language: Language; message: ChatMessage };
}

const LINK_CODE = /^[0-9A-Z]{4,32}$/;

/** How a channel's accounts are named in a sentence ("your WhatsApp account"): brand names, the same in every language. */
const ACCOUNT_NAMES: Record<Channel, string> = { telegram: 'Telegram', whatsapp: 'WhatsApp', sms: 'SMS', webchat: 'Web chat' };

/**
 * The team's link commands on any channel: `/link <code>` makes a group a team chat,
 * `/unlink` stops it, `/chats` lists them (the three in groups, by linked staff only:
 * booking posts carry customers' names and phones), `/iam <code>` links the sender's
 * account to a staff member. In groups the commands also work without the slash.
 * Returns null when the message is not a team command (the channel goes on with it).
 */
export async function handleTeamCommand(deps: TeamDeps, rawInput: z.input<typeof TeamCommandInput>): Promise<TeamCommandResult | null> {
  const input = TeamCommandInput.parse(rawInput);
  const command = readTeamCommand(input.text, { plainWords: input.isGroup });
  if (!command) return null;
  const { businessId, channel, chatId, sender } = input;
  const business = await businessProfile(deps.ctx, businessId);
  // The sender's own language when the channel tells it; in a group otherwise the team chat's.
  const tag = sender.language ?? (input.isGroup ? await teamChatLanguage(deps.ctx, businessId, { channel, chatId }) : business.defaultLocale);
  const language = supportedLanguage(tag) ?? 'en';
  const answer = (...messages: ChatMessage[]): TeamCommandResult => ({ language, messages });
  const line = (key: string, params?: Record<string, string>) => message([say(key, params)]);
  // A code is one word of the code alphabet; anything else is simply a wrong code.
  const typed = command.arg.toUpperCase();
  const code = LINK_CODE.test(typed) ? typed : '';
  const account = { channel, externalId: sender.externalId };

  if (command.name === 'iam' && input.isGroup) {
    // Everyone in the group read the code: it stops working, and the member gets a new one.
    const burned = code ? await burnStaffLinkCode(deps.ctx, businessId, deps.appSecret, { code }) : null;
    return answer(line(burned ? 'chat.team.iam_in_group_burned' : 'chat.team.iam_in_group', { staff: burned ?? '' }));
  }
  if (command.name === 'iam') {
    const link = code ? await linkStaffAccount(deps.ctx, businessId, deps.appSecret, { code, account }) : null;
    if (!link) return answer(line('telegram.group.iam_bad_code'));
    const result = answer(line('chat.team.iam_linked', { staff: link.member.name, account: ACCOUNT_NAMES[channel] }));
    // Whoever held this staff member's link until now is told it moved (the team chats hear it through the outbox).
    if (link.previousAccount) {
      result.tellPreviousAccount = {
        externalId: link.previousAccount,
        language: supportedLanguage(business.defaultLocale) ?? 'en',
        message: line('chat.team.iam_moved', { staff: link.member.name, business: business.name, account: ACCOUNT_NAMES[channel] }),
      };
    }
    return result;
  }
  if (command.name === 'today' || command.name === 'tomorrow') {
    // The day's sheet has customers' phones: linked staff only, in a group or privately.
    if (!(await staffByChatAccount(deps.ctx, businessId, account))) return answer(line('telegram.group.not_staff'));
    return answer(daySheet(await teamDaySchedule(deps.ctx, businessId, { day: command.name }), language));
  }
  if (!input.isGroup) return answer(line('telegram.group.link_in_group'));
  const member = await staffByChatAccount(deps.ctx, businessId, account);
  if (!member) return answer(line('telegram.group.link_staff_only'));
  if (command.name === 'unlink') {
    await unlinkTeamChat(deps.ctx, businessId, { channel, chatId });
    return answer(line('telegram.group.unlinked'));
  }
  if (command.name === 'chats') {
    const chats = await listTeamChats(deps.ctx, businessId);
    const untitled = deps.translator.t(language, 'telegram.group.untitled_chat');
    const list = chats.map((c, i) => raw(`${i + 1}. ${c.title ?? untitled} (${c.channel})`));
    return answer(message([say('telegram.group.chats_title', { count: String(chats.length), limit: String(MAX_TEAM_CHATS) }), ...list]));
  }
  if (!(await checkTeamLinkCode(deps.ctx, businessId, deps.appSecret, code))) return answer(line('telegram.group.bad_code'));
  try {
    const title = input.chatTitle ? clipText(input.chatTitle, 128) : null;
    const linked = await linkTeamChat(deps.ctx, businessId, member, { channel, chatId, locale: sender.language?.slice(0, 2) ?? null, title });
    return answer(line(linked ? 'telegram.group.linked' : 'telegram.group.already_linked', { business: business.name }));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return answer(message([say(error.i18nKey, error.params)]));
  }
}

const STATUS_ICON: Readonly<Record<string, string>> = { confirmed: '✅', completed: '🙋', no_show: '🚫', approval: '❓', payment: '💳' };

/** The day's visits, one line each: time, service, customer and phone, specialist, and how it stands. */
function daySheet(day: TeamDaySchedule, language: Language): ChatMessage {
  const lines: ChatText[] = [say('chat.team.day_title', { day: formatDay(day.date, language), count: String(day.visits.length) })];
  if (day.visits.length === 0) lines.push(say('chat.team.day_empty'));
  for (const v of day.visits) {
    const icon = STATUS_ICON[v.status === 'pending' ? (v.awaiting ?? 'approval') : v.status] ?? '•';
    lines.push(raw(`${icon} ${formatTime(v.startsAt, day.timeZone, language)} ${v.service} — ${v.customer || '—'}${v.phone ? ` ${v.phone}` : ''} · ${v.staff}`));
  }
  lines.push(say('chat.team.day_legend'));
  return message(lines);
}
