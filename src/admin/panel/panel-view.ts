import type { FastifyReply } from 'fastify';
import { LANGUAGES } from '../../i18n/translator.ts';
import { roleAtLeast } from './panel-access.ts';
import type { PanelRequest } from './panel-route.ts';
import type { FormValues } from './panel-form.ts';
import type { MembershipRole } from '../../db/entities/index.ts';

/** One entry of a business's navigation: where it goes and who sees it. */
interface NavItem {
  path: string;
  key: string;
  minRole: MembershipRole;
}

/** A group of the navigation: the day's work, the customers, the business set-up, its connections. */
interface NavGroup {
  key: string;
  items: readonly NavItem[];
}

// The desk first (what a receptionist keeps open), then customers, then the set-up pages
// in the order an owner works through them, then what connects the business to the world.
const NAV: readonly NavGroup[] = [
  {
    key: 'panel.nav_groups.desk',
    items: [
      { path: '', key: 'panel.nav.home', minRole: 'staff' },
      { path: '/bookings', key: 'panel.desk.nav_bookings', minRole: 'staff' },
      { path: '/calendar', key: 'panel.calendar.nav', minRole: 'staff' },
      { path: '/payments', key: 'panel.money.nav', minRole: 'manager' },
      { path: '/my-schedule', key: 'panel.nav.my_schedule', minRole: 'staff' },
    ],
  },
  {
    key: 'panel.nav_groups.customers',
    items: [
      { path: '/customers', key: 'panel.customers.nav', minRole: 'manager' },
      { path: '/reviews', key: 'panel.activity.nav_reviews', minRole: 'manager' },
      { path: '/waitlist', key: 'panel.activity.nav_waitlist', minRole: 'manager' },
      { path: '/broadcasts', key: 'panel.broadcasts.nav', minRole: 'admin' },
      { path: '/templates', key: 'panel.templates.nav', minRole: 'admin' },
      { path: '/reports', key: 'panel.reports.nav', minRole: 'manager' },
    ],
  },
  {
    key: 'panel.nav_groups.business',
    items: [
      { path: '/settings', key: 'panel.nav.business_profile', minRole: 'admin' },
      { path: '/services', key: 'panel.nav.services', minRole: 'admin' },
      { path: '/staff', key: 'panel.nav.staff', minRole: 'manager' },
      { path: '/resources', key: 'panel.nav.resources', minRole: 'admin' },
      { path: '/policies', key: 'panel.nav.policies', minRole: 'admin' },
      { path: '/branding', key: 'panel.nav.branding', minRole: 'admin' },
      { path: '/promo-codes', key: 'panel.nav.promo_codes', minRole: 'admin' },
      { path: '/team', key: 'panel.nav.team', minRole: 'admin' },
    ],
  },
  {
    key: 'panel.nav_groups.connections',
    items: [
      { path: '/channels', key: 'panel.nav.channels', minRole: 'admin' },
      { path: '/calendars', key: 'panel.calendars.nav', minRole: 'admin' },
      { path: '/webhooks', key: 'panel.webhooks.nav', minRole: 'admin' },
      { path: '/api-keys', key: 'panel.api_keys.nav', minRole: 'admin' },
      { path: '/audit', key: 'panel.activity.nav_audit', minRole: 'admin' },
    ],
  },
];

/** What a page template gets besides its own data. */
export interface PageOptions {
  /** HTTP status (default 200): a form with errors answers 422. */
  status?: number;
  /** Error keys (under `panel.errors`) per field, and the values typed, for a form shown again. */
  errors?: Record<string, string>;
  values?: FormValues;
  /** A one-line notice at the top ("Saved"), as an i18n key. */
  notice?: string;
}

/**
 * Renders a page in the panel's layout: the business's colours and navigation for its
 * role, the language switch, a fresh CSRF token for its forms.
 */
export async function renderPage(reply: FastifyReply, request: PanelRequest, view: string, data: Record<string, unknown> = {}, options: PageOptions = {}): Promise<FastifyReply> {
  const { user, business, language, t } = request.panel;
  const base = business ? `/admin/b/${business.slug}` : '/admin';
  // The groups the person's role sees anything of; a group is named only when there is more than one.
  const groups = business
    ? NAV.map((group) => ({ label: t(group.key), items: group.items.filter((item) => roleAtLeast(business.role, item.minRole)).map((item) => ({ href: `${base}${item.path}`, label: t(item.key) })) })).filter((g) => g.items.length > 0)
    : [];
  const nav = groups.map((g) => ({ ...g, label: groups.length > 1 ? g.label : null }));
  const html = await reply.viewAsync(view, {
    t,
    language,
    languages: LANGUAGES,
    csrf: reply.generateCsrf(),
    user,
    business,
    base,
    nav,
    path: request.url.split('?')[0],
    errors: options.errors ?? {},
    values: options.values ?? {},
    notice: options.notice ? t(options.notice) : undefined,
    ...data,
  });
  // Pages show one-time links and link codes: never kept by a cache or shown again from it after sign-out.
  return reply.code(options.status ?? 200).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

/** Redirects after a successful POST (303: the browser follows with GET). */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('location', location).send();
}
