import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { loadPanelUser, type PanelUser } from '../../app/accounts/panel-user.ts';
import { supportedLanguage, type Language } from '../../i18n/translator.ts';
import type { PanelAccess } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { decideAccess, type PanelContext, type PanelRequest } from './panel-route.ts';
import { sessionLanguage, sessionUser } from './panel-session.ts';

const SlugParam = z.object({ slug: z.string().max(64) }).partial();

/**
 * The panel's `onRequest` guard: loads the signed-in user, decides the route's access
 * (sign-in redirect, 404 for a business that is not theirs, 403 below the role) and
 * attaches the panel context. Routes without a panel access (assets) pass through.
 */
export function panelGuard(deps: PanelDeps) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const access = (request.routeOptions.config as { panelAccess?: PanelAccess }).panelAccess;
    // Stylesheets, scripts and htmx are the same for everyone: no session or database read.
    if (!access && request.url.startsWith('/admin/assets/')) {
      attachContext(deps, request, undefined, undefined);
      return;
    }
    const signedIn = sessionUser(request);
    const user = signedIn ? ((await loadPanelUser(deps.ctx, signedIn)) ?? undefined) : undefined;
    const slug = SlugParam.safeParse(request.params).data?.slug;
    const decision = access ? decideAccess(access, user, slug) : { kind: 'allowed' as const, business: undefined };
    const business = decision.kind === 'allowed' ? decision.business : undefined;
    attachContext(deps, request, user, business);
    if (decision.kind === 'sign_in') {
      const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
      await reply.code(303).header('location', `/admin/sign-in${next}`).send();
    } else if (decision.kind === 'not_found') {
      await reply.callNotFound();
    } else if (decision.kind === 'forbidden') {
      const error = Object.assign(new Error('forbidden'), { statusCode: 403, code: 'forbidden' });
      throw error;
    }
  };
}

/** Sets `request.panel` (also for error pages shown before or without the guard). */
export function attachContext(deps: PanelDeps, request: FastifyRequest, user: PanelUser | undefined, business: PanelContext['business']): PanelContext {
  const language = pickLanguage(request, user, business?.defaultLocale);
  const panel: PanelContext = { user, business, language, t: (key, params) => deps.translator.t(language, key, params) };
  (request as PanelRequest).panel = panel;
  return panel;
}

function pickLanguage(request: FastifyRequest, user: PanelUser | undefined, businessLocale: string | undefined): Language {
  const header = request.headers['accept-language'];
  const accepted = typeof header === 'string' ? header.split(',').map((part) => supportedLanguage(part.split(';')[0]?.trim())) : [];
  return sessionLanguage(request) ?? supportedLanguage(user?.locale) ?? accepted.find((l) => l !== null) ?? supportedLanguage(businessLocale) ?? 'en';
}
