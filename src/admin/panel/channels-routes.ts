import QRCode from 'qrcode';
import { z } from 'zod';
import { ConnectTelegramBotInput } from '../../app/channels/telegram-token.ts';
import { rotateStaffLinkCode } from '../../app/team/rotate-staff-link-code.ts';
import { rotateTeamLinkCode } from '../../app/team/rotate-team-link-code.ts';
import { bookingLink, botLink, CHANNEL_NOTICES, channelsPageData, channelsPageUrl, telegramStatus } from './channels-page.ts';
import { ADMIN } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { parseForm } from './panel-form.ts';
import { panelActor, type PanelRoute } from './panel-route.ts';
import { renderPage, seeOther } from './panel-view.ts';

const NoticeQuery = z.object({ notice: z.enum(Object.keys(CHANNEL_NOTICES) as [keyof typeof CHANNEL_NOTICES]).optional() }).catch({});
// The QR route draws one of two links of the business, never text from the request.
const QrQuery = z.object({ target: z.enum(['bot', 'booking']) });
const StaffParam = z.object({ staffId: z.uuid() });

/** How the links' QR codes are drawn: PNG, medium error correction, big enough to print. */
export const QR_OPTIONS = { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 480 } as const;

// What a refused token says, next to the field (keys under panel.errors).
const REFUSALS = { invalid_token: 'channels_token_rejected', unreachable: 'channels_telegram_unreachable', taken: 'channels_token_taken' } as const;


/**
 * The Channels page: connect the business's Telegram bot by token (checked with
 * Telegram, serving at once — no restart), disconnect it, rotate the team's link codes,
 * and print the bot's and the booking page's links as QR codes. Admins and owners only:
 * the codes decide who sees customers' names and phones.
 */
export function channelsRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    {
      method: 'GET',
      url: '/b/:slug/channels',
      access: ADMIN,
      handler: async (request, reply) => {
        const notice = NoticeQuery.parse(request.query).notice;
        return renderPage(reply, request, 'channels/index', await channelsPageData(deps, request), notice ? { notice: CHANNEL_NOTICES[notice] } : {});
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/channels/telegram',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        // The token is write-only: never typed back into the form.
        const form = parseForm(ConnectTelegramBotInput, request.body);
        if (!form.ok) return renderPage(reply, request, 'channels/index', await channelsPageData(deps, request), { status: 422, errors: form.errors, values: { token: '' } });
        if (!deps.bots) return renderPage(reply, request, 'channels/index', await channelsPageData(deps, request), { status: 503, errors: { token: 'channels_unavailable' }, values: { token: '' } });
        const outcome = await deps.bots.connectTelegram(business.businessId, form.data.token, panelActor(request));
        if (outcome.kind === 'connected') return seeOther(reply, channelsPageUrl(request, 'connected'));
        const status = outcome.kind === 'unreachable' ? 503 : 422;
        return renderPage(reply, request, 'channels/index', await channelsPageData(deps, request), { status, errors: { token: REFUSALS[outcome.kind] }, values: { token: '' } });
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/channels/telegram/disconnect',
      access: ADMIN,
      handler: async (request, reply) => {
        const disconnected = deps.bots ? await deps.bots.disconnectTelegram(request.panel.business!.businessId, panelActor(request)) : false;
        return seeOther(reply, channelsPageUrl(request, disconnected ? 'disconnected' : undefined));
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/channels/team-code/rotate',
      access: ADMIN,
      handler: async (request, reply) => {
        await rotateTeamLinkCode(deps.ctx, request.panel.business!.businessId, panelActor(request));
        return seeOther(reply, channelsPageUrl(request, 'team_code_rotated'));
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/channels/staff/:staffId/rotate',
      access: ADMIN,
      handler: async (request, reply) => {
        const params = StaffParam.safeParse(request.params);
        if (!params.success) return reply.callNotFound();
        await rotateStaffLinkCode(deps.ctx, request.panel.business!.businessId, panelActor(request), { staffId: params.data.staffId });
        return seeOther(reply, `${channelsPageUrl(request, 'staff_code_rotated')}#codes`);
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/channels/qr.png',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const query = QrQuery.safeParse(request.query);
        if (!query.success) return reply.callNotFound();
        let text: string;
        if (query.data.target === 'booking') text = bookingLink(deps.publicUrl, business.slug);
        else {
          const username = (await telegramStatus(deps, business.businessId))?.username;
          if (!username) return reply.callNotFound();
          text = botLink(username);
        }
        const png = await QRCode.toBuffer(text, QR_OPTIONS);
        return reply
          .type('image/png')
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-cache')
          .header('content-disposition', `inline; filename="${query.data.target}-${business.slug}.png"`)
          .send(png);
      },
    },
  ];
}
