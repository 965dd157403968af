import { z } from 'zod';
import { readResetLink } from '../../app/accounts/read-reset-link.ts';
import { requestPasswordReset, RequestPasswordResetInput } from '../../app/accounts/request-password-reset.ts';
import { resetPassword, ResetPasswordInput } from '../../app/accounts/reset-password.ts';
import { RESET_LINK_MINUTES, type LinkState } from '../../app/accounts/account-link.ts';
import { supportedLanguage } from '../../i18n/translator.ts';
import { panelUrl, sendLinkMail } from './account-mail.ts';
import { PUBLIC } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { parseForm } from './panel-form.ts';
import type { PanelRequest, PanelRoute } from './panel-route.ts';
import { startSession } from './panel-session.ts';
import { renderPage, seeOther } from './panel-view.ts';
import type { FastifyReply } from 'fastify';

// Reset requests per client address per minute: each may send an email.
const REQUESTS_PER_MINUTE = 10;
// New-password posts per client address per minute (tokens cannot be guessed; this keeps hashing cheap to refuse).
const RESETS_PER_MINUTE = 30;

const TokenParam = z.object({ token: z.string().max(200) });

/** A page for a one-time link that does not work: 404 when unknown, 410 when expired or used. */
export function linkStatePage(reply: FastifyReply, request: PanelRequest, state: Exclude<LinkState, 'valid'>): Promise<FastifyReply> {
  const { t } = request.panel;
  return renderPage(
    reply,
    request,
    'password-reset/link-state',
    { title: t(`panel.reset.link_${state}_title`), heading: t(`panel.reset.link_${state}_title`), text: t(`panel.reset.link_${state}_text`) },
    { status: state === 'unknown' ? 404 : 410 },
  );
}

/** "Forgot your password": ask for a link, then set a new password through it. */
export function passwordResetRoutes(deps: PanelDeps): PanelRoute[] {
  const requestPage = (request: PanelRequest) => ({ title: request.panel.t('panel.reset.title'), emailEnabled: deps.mailer !== undefined, minutes: RESET_LINK_MINUTES });
  return [
    {
      method: 'GET',
      url: '/password-reset',
      access: PUBLIC,
      handler: async (request, reply) => renderPage(reply, request, 'password-reset/request', requestPage(request)),
    },
    {
      method: 'POST',
      url: '/password-reset',
      access: PUBLIC,
      perMinute: REQUESTS_PER_MINUTE,
      handler: async (request, reply) => {
        const form = parseForm(RequestPasswordResetInput, request.body);
        if (!form.ok) return renderPage(reply, request, 'password-reset/request', requestPage(request), { status: 422, errors: form.errors, values: form.values });
        // Without a mailer nobody could receive the link: an owner or admin makes one on the Team page instead.
        const outcome = deps.mailer ? await requestPasswordReset(deps.ctx, form.data) : { kind: 'none' as const };
        if (outcome.kind === 'link') {
          // Sent after the answer, so an email with an account takes no longer to answer than one without.
          void sendLinkMail(deps, request.log, {
            to: outcome.email,
            language: supportedLanguage(outcome.locale) ?? request.panel.language,
            subjectKey: 'panel.reset.mail_subject',
            bodyKey: 'panel.reset.mail_body',
            params: { name: outcome.name, email: outcome.email, link: panelUrl(deps, `/password-reset/${outcome.token}`), minutes: RESET_LINK_MINUTES },
          });
        }
        // The same page whether or not the email has an account.
        return renderPage(reply, request, 'password-reset/sent', { ...requestPage(request), email: form.data.email });
      },
    },
    {
      method: 'GET',
      url: '/password-reset/:token',
      access: PUBLIC,
      handler: async (request, reply) => {
        const token = TokenParam.parse(request.params).token;
        const link = await readResetLink(deps.ctx, token);
        if (link.state !== 'valid') return linkStatePage(reply, request, link.state);
        return renderPage(reply, request, 'password-reset/new-password', { title: request.panel.t('panel.reset.new_title'), token, email: link.email });
      },
    },
    {
      method: 'POST',
      url: '/password-reset/:token',
      access: PUBLIC,
      perMinute: RESETS_PER_MINUTE,
      handler: async (request, reply) => {
        const token = TokenParam.parse(request.params).token;
        const form = parseForm(ResetPasswordInput, request.body);
        if (!form.ok) {
          const link = await readResetLink(deps.ctx, token);
          if (link.state !== 'valid') return linkStatePage(reply, request, link.state);
          return renderPage(reply, request, 'password-reset/new-password', { title: request.panel.t('panel.reset.new_title'), token, email: link.email }, { status: 422, errors: form.errors, values: {} });
        }
        const outcome = await resetPassword(deps.ctx, token, form.data);
        if (outcome.kind === 'refused') return linkStatePage(reply, request, outcome.state);
        // Every other session has ended; this browser is signed in with the new password.
        await startSession(deps, request, outcome.userId, outcome.sessionVersion);
        return seeOther(reply, '/admin');
      },
    },
  ];
}
