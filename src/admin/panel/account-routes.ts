import { z } from 'zod';
import { changePassword, ChangePasswordInput } from '../../app/accounts/change-password.ts';
import { signIn } from '../../app/accounts/sign-in.ts';
import { supportedLanguage } from '../../i18n/translator.ts';
import { PUBLIC, SIGNED_IN, STAFF } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { parseForm } from './panel-form.ts';
import type { PanelRoute } from './panel-route.ts';
import { endSession, startSession } from './panel-session.ts';
import { renderPage, seeOther } from './panel-view.ts';
import { brandStylesheet } from './brand-stylesheet.ts';

// Sign-in attempts per client address per minute (the account lockout counts per account).
const SIGN_INS_PER_MINUTE = 30;

const NextQuery = z.object({ next: z.string().max(500).optional() });
const LanguageForm = z.object({ language: z.string().max(8), back: z.string().max(500).optional() });
const SwitchQuery = z.object({ slug: z.string().max(64) });

/** A path inside the panel to go back to, or the panel's start: never another site. */
export function safeNext(next: string | undefined): string {
  // Printable ASCII only: anything else cannot stand in a Location header (a path with
  // other characters comes percent-encoded from the browser anyway).
  return next && /^\/admin(\/|$|\?)/.test(next) && /^[\x21-\x7e]*$/.test(next) && !next.includes('\\') ? next : '/admin';
}

/** Sign-in and out, the account page, the language switch, the business switcher and home. */
export function accountRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    {
      method: 'GET',
      url: '',
      access: PUBLIC,
      handler: async (request, reply) => {
        const user = request.panel.user;
        if (!user) return seeOther(reply, '/admin/sign-in');
        const first = user.businesses[0];
        return first ? seeOther(reply, `/admin/b/${first.slug}`) : renderPage(reply, request, 'start');
      },
    },
    {
      method: 'GET',
      url: '/sign-in',
      access: PUBLIC,
      handler: async (request, reply) => {
        const next = NextQuery.safeParse(request.query).data?.next;
        if (request.panel.user) return seeOther(reply, safeNext(next));
        return renderPage(reply, request, 'sign-in', { next, title: request.panel.t('panel.sign_in.title') });
      },
    },
    {
      method: 'POST',
      url: '/sign-in',
      access: PUBLIC,
      perMinute: deps.signInsPerMinute ?? SIGN_INS_PER_MINUTE,
      handler: async (request, reply) => {
        const next = NextQuery.safeParse(request.query).data?.next;
        const form = parseForm(z.object({ email: z.string().max(254), password: z.string().max(200) }), request.body);
        const outcome = form.ok ? await signIn(deps.ctx, form.data) : { kind: 'wrong_credentials' as const };
        if (outcome.kind === 'signed_in') {
          await startSession(deps, request, outcome.userId, outcome.sessionVersion);
          return seeOther(reply, safeNext(next));
        }
        const values = { email: form.ok ? form.data.email : '' };
        if (outcome.kind === 'locked') {
          const minutes = Math.max(1, Math.ceil((outcome.until.getTime() - deps.ctx.now()) / 60_000));
          return renderPage(reply, request, 'sign-in', { next, errorParams: { minutes } }, { status: 429, errors: { _form: 'account_locked' }, values });
        }
        return renderPage(reply, request, 'sign-in', { next }, { status: 401, errors: { _form: 'wrong_credentials' }, values });
      },
    },
    {
      method: 'POST',
      url: '/sign-out',
      access: PUBLIC,
      handler: async (request, reply) => {
        await endSession(deps, request);
        return seeOther(reply, '/admin/sign-in');
      },
    },
    {
      method: 'POST',
      url: '/language',
      access: PUBLIC,
      handler: async (request, reply) => {
        const form = LanguageForm.safeParse(request.body);
        const language = form.success ? supportedLanguage(form.data.language) : null;
        if (language) request.session.set('language', language);
        return seeOther(reply, safeNext(form.success ? form.data.back : undefined));
      },
    },
    {
      method: 'GET',
      url: '/switch',
      access: SIGNED_IN,
      handler: async (request, reply) => {
        const slug = SwitchQuery.safeParse(request.query).data?.slug;
        const business = request.panel.user?.businesses.find((b) => b.slug === slug);
        return business ? seeOther(reply, `/admin/b/${business.slug}`) : reply.callNotFound();
      },
    },
    {
      method: 'GET',
      url: '/account',
      access: SIGNED_IN,
      handler: async (request, reply) => renderPage(reply, request, 'account', { title: request.panel.t('panel.account.title') }),
    },
    {
      method: 'POST',
      url: '/account/password',
      access: SIGNED_IN,
      handler: async (request, reply) => {
        const user = request.panel.user!;
        const form = parseForm(ChangePasswordInput, request.body);
        if (!form.ok) return renderPage(reply, request, 'account', {}, { status: 422, errors: form.errors, values: {} });
        const outcome = await changePassword(deps.ctx, user.id, form.data);
        if (outcome.kind === 'wrong_current') return renderPage(reply, request, 'account', {}, { status: 422, errors: { current: 'wrong_password' }, values: {} });
        // This browser stays signed in; every other session ends.
        await startSession(deps, request, user.id, outcome.sessionVersion);
        return renderPage(reply, request, 'account', {}, { notice: 'panel.account.changed' });
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/brand.css',
      access: STAFF,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        return reply.type('text/css; charset=utf-8').header('cache-control', 'private, max-age=60').send(brandStylesheet(business.primaryColor, business.accentColor));
      },
    },
  ];
}
