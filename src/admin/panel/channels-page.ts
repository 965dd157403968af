import type { ChatBotStatus } from '../../app/channels/chat-bot-connector.ts';
import { listLinkCodes } from '../../app/team/list-link-codes.ts';
import { listTeamChats } from '../../app/team/list-team-chats.ts';
import type { PanelDeps } from './panel-deps.ts';
import type { PanelRequest } from './panel-route.ts';

/** Notices the Channels page shows after a change (`?notice=…`), as i18n keys. */
export const CHANNEL_NOTICES = {
  connected: 'panel.channels.notice.connected',
  disconnected: 'panel.channels.notice.disconnected',
  team_code_rotated: 'panel.channels.notice.team_code_rotated',
  staff_code_rotated: 'panel.channels.notice.staff_code_rotated',
} as const;

/** The public booking page of a business (the page itself arrives with a later issue). */
export function bookingLink(publicUrl: string, slug: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/book/${encodeURIComponent(slug)}`;
}

/** The bot's deep link: opens the chat with it in Telegram. */
export function botLink(username: string): string {
  return `https://t.me/${encodeURIComponent(username)}`;
}

/** The business's Telegram bot, or null when none is connected (or the channels do not run here). */
export async function telegramStatus(deps: PanelDeps, businessId: string): Promise<ChatBotStatus | null> {
  return deps.bots ? deps.bots.telegramStatus(businessId) : null;
}

/**
 * Everything the Channels page shows: the bot's status, the links to print, the team's
 * link codes (admins and owners only — the page's access) and the linked team chats.
 */
export async function channelsPageData(deps: PanelDeps, request: PanelRequest): Promise<Record<string, unknown>> {
  const business = request.panel.business!;
  const { t, language } = request.panel;
  const telegram = await telegramStatus(deps, business.businessId);
  const codes = await listLinkCodes(deps.ctx, business.businessId, deps.appSecret);
  const day = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: business.timeZone });
  const chats = (await listTeamChats(deps.ctx, business.businessId)).map((c) => ({ title: c.title ?? t('panel.channels.team.untitled'), channel: c.channel, linkedOn: day.format(c.linkedAt) }));
  return {
    title: t('panel.channels.title'),
    botsAvailable: deps.bots !== undefined,
    telegram,
    telegramLink: telegram?.username ? botLink(telegram.username) : null,
    bookingLink: bookingLink(deps.publicUrl, business.slug),
    codes,
    chats,
  };
}
