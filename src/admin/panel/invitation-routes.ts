import { z } from 'zod';
import { acceptInvitation } from '../../app/accounts/accept-invitation.ts';
import { joinByInvitation, JoinByInvitationInput } from '../../app/accounts/join-by-invitation.ts';
import { readInvitation, type InvitationView } from '../../app/accounts/read-invitation.ts';
import { PUBLIC } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { parseForm, type FormValues } from './panel-form.ts';
import type { PanelRequest, PanelRoute } from './panel-route.ts';
import { startSession } from './panel-session.ts';
import { renderPage, seeOther } from './panel-view.ts';
import { linkStatePage } from './password-reset-routes.ts';
import type { FastifyReply } from 'fastify';

// Accepts and sign-ups per client address per minute.
const JOINS_PER_MINUTE = 30;

const TokenParam = z.object({ token: z.string().max(200) });

type ValidInvitation = Extract<InvitationView, { state: 'valid' }>;

/**
 * The invitation page for whoever opens the link: the invited account signed in → a
 * button to join; another account signed in → sign out first; nobody signed in → sign
 * in (the account exists) or create the account (it does not).
 */
function invitationPage(reply: FastifyReply, request: PanelRequest, token: string, invitation: ValidInvitation, options: { status?: number; errors?: Record<string, string>; values?: FormValues } = {}) {
  const { t, user } = request.panel;
  const mode = user ? (user.email === invitation.email ? 'accept' : 'wrong_account') : invitation.accountExists ? 'sign_in' : 'create';
  const signInUrl = `/admin/sign-in?next=${encodeURIComponent(`/admin/invite/${token}`)}`;
  return renderPage(reply, request, 'team/invitation', { title: t('panel.invite.title'), token, invitation, mode, signInUrl, roleName: t(`panel.roles.${invitation.role}`) }, options);
}

/** Opening and accepting an invitation link (public: the invited person may have no account yet). */
export function invitationRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    {
      method: 'GET',
      url: '/invite/:token',
      access: PUBLIC,
      handler: async (request, reply) => {
        const token = TokenParam.parse(request.params).token;
        const invitation = await readInvitation(deps.ctx, token);
        if (invitation.state !== 'valid') return linkStatePage(reply, request, invitation.state);
        return invitationPage(reply, request, token, invitation);
      },
    },
    {
      method: 'POST',
      url: '/invite/:token',
      access: PUBLIC,
      perMinute: JOINS_PER_MINUTE,
      handler: async (request, reply) => {
        const token = TokenParam.parse(request.params).token;
        const user = request.panel.user;
        if (user) {
          const outcome = await acceptInvitation(deps.ctx, token, user.id);
          if (outcome.kind === 'joined') return seeOther(reply, `/admin/b/${outcome.slug}`);
          if (outcome.kind === 'refused') return linkStatePage(reply, request, outcome.state);
          const invitation = await readInvitation(deps.ctx, token);
          if (invitation.state !== 'valid') return linkStatePage(reply, request, invitation.state);
          return invitationPage(reply, request, token, invitation, { status: 403 });
        }
        const form = parseForm(JoinByInvitationInput, request.body);
        const invitation = await readInvitation(deps.ctx, token);
        if (invitation.state !== 'valid') return linkStatePage(reply, request, invitation.state);
        if (!form.ok) return invitationPage(reply, request, token, invitation, { status: 422, errors: form.errors, values: { name: form.values['name'] ?? '' } });
        const outcome = await joinByInvitation(deps.ctx, token, form.data);
        if (outcome.kind === 'refused') return linkStatePage(reply, request, outcome.state);
        if (outcome.kind === 'account_exists') return invitationPage(reply, request, token, { ...invitation, accountExists: true }, { status: 409 });
        await startSession(deps, request, outcome.userId, outcome.sessionVersion);
        return seeOther(reply, `/admin/b/${outcome.slug}`);
      },
    },
  ];
}
