import type { FastifyReply } from 'fastify';
import type { FormValues } from './panel-form.ts';
import { renderPage } from './panel-view.ts';
import type { ChatBotStatus } from '../../app/channels/chat-bot-connector.ts';
import { listLinkCodes } from '../../app/team/list-link-codes.ts';
import { listTeamChats } from '../../app/team/list-team-chats.ts';
import type { PanelDeps } from './panel-deps.ts';
import { paymentsView } from './payments-view.ts';
import type { PanelRequest } from './panel-route.ts';

/** Notices the Channels page shows after a change (`?notice=…`), as i18n keys. */
export const CHANNEL_NOTICES = {
  connected: 'panel.channels.notice.connected',
  disconnected: 'panel.channels.notice.disconnected',
  twilio_connected: 'panel.channels.notice.twilio_connected',
  twilio_disconnected: 'panel.channels.notice.twilio_disconnected',
  whatsapp_unlinked: 'panel.channels.notice.whatsapp_unlinked',
  team_code_rotated: 'panel.channels.notice.team_code_rotated',
  staff_code_rotated: 'panel.channels.notice.staff_code_rotated',
  stripe_connected: 'panel.payments.notice.stripe_connected',
  stripe_disconnected: 'panel.payments.notice.stripe_disconnected',
  kaspi_saved: 'panel.payments.notice.kaspi_saved',
  kaspi_removed: 'panel.payments.notice.kaspi_removed',
} as const;

/** The Channels page's address, with a notice to show after a change. */
export function channelsPageUrl(request: PanelRequest, notice?: keyof typeof CHANNEL_NOTICES): string {
  return `/admin/b/${request.panel.business!.slug}/channels${notice ? `?notice=${notice}` : ''}`;
}

/** The public booking page of a business (`/b/<slug>`, src/admin/booking-page). */
export function bookingLink(publicUrl: string, slug: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/b/${encodeURIComponent(slug)}`;
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
 * link codes (admins and owners only — the page's access), the linked team chats and
 * how the business takes deposits.
 */
export async function channelsPageData(deps: PanelDeps, request: PanelRequest): Promise<Record<string, unknown>> {
  const business = request.panel.business!;
  const { t, language } = request.panel;
  const telegram = await telegramStatus(deps, business.businessId);
  const codes = await listLinkCodes(deps.ctx, business.businessId, deps.appSecret);
  const day = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: business.timeZone });
  const chats = (await listTeamChats(deps.ctx, business.businessId)).map((c) => ({ title: c.title ?? t('panel.channels.team.untitled'), channel: c.channel, linkedOn: day.format(c.linkedAt) }));
  const twilio = deps.twilio ? await deps.twilio.twilioStatus(business.businessId) : null;
  return {
    title: t('panel.channels.title'),
    whatsapp: await whatsAppView(deps, request),
    twilioAvailable: deps.twilio !== undefined,
    twilio,
    twilioTemplates: twilio ? templatesText(twilio.templates) : '',
    botsAvailable: deps.bots !== undefined,
    telegram,
    telegramLink: telegram?.username ? botLink(telegram.username) : null,
    bookingLink: bookingLink(deps.publicUrl, business.slug),
    codes,
    chats,
    payments: await paymentsView(deps, request),
  };
}

/** Approved WhatsApp templates as the form's text: one `topic = content SID` per line. */
export function templatesText(templates: Readonly<Record<string, string>>): string {
  return Object.entries(templates)
    .map(([topic, sid]) => `${topic} = ${sid}`)
    .join('\n');
}

/**
 * The WhatsApp number's part of the page (and of the status fragment it polls while
 * linking): its state, the QR or pairing code, and when it got there.
 */
export async function whatsAppView(deps: PanelDeps, request: PanelRequest): Promise<Record<string, unknown>> {
  const business = request.panel.business!;
  if (!deps.whatsapp) return { available: false, status: null };
  const status = await deps.whatsapp.whatsAppStatus(business.businessId);
  const when = new Intl.DateTimeFormat(request.panel.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: business.timeZone });
  return { available: true, status, since: status ? when.format(status.since) : null, polling: status?.state === 'linking' && status.drivenHere };
}

/**
 * The Channels page again with a form's errors next to their fields (`status`: 422, or
 * 503 when the channels or payments do not run here). The `writeOnly` fields (tokens,
 * keys) are never typed back into the form.
 */
export async function refuseOnChannelsPage(
  deps: PanelDeps,
  request: PanelRequest,
  reply: FastifyReply,
  refusal: { status: number; errors: Record<string, string>; values: FormValues; writeOnly: readonly string[] },
): Promise<FastifyReply> {
  const kept = Object.fromEntries(Object.entries(refusal.values).filter(([field]) => !refusal.writeOnly.includes(field)));
  return renderPage(reply, request, 'channels/index', await channelsPageData(deps, request), { status: refusal.status, errors: refusal.errors, values: kept });
}
