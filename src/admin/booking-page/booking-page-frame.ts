import type { Eta } from 'eta';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BookingPageBusiness } from '../../app/booking-page/booking-page-business.ts';
import { LANGUAGES } from '../../i18n/translator.ts';
import type { BookingPageDeps } from './booking-page-deps.ts';
import { carryFields, pageAddress, withQuery, type Carry } from './booking-page-query.ts';
import { ensurePageVisitor, pageFormToken } from './booking-page-visitor.ts';
import { pageLanguageOf, pageViewContext, type PageViewContext } from './booking-page-views.ts';

/** What every page of a business's booking page is drawn with (the layout's part). */
export interface PageFrame extends PageViewContext {
  business: BookingPageBusiness;
  /** `/b/<slug>`. */
  base: string;
  carry: Carry;
  hidden: { name: string; value: string }[];
  /** The visitor's form token. */
  token: string;
  visitorId: string;
  /** The language switcher: this page in each language. */
  languages: { code: string; label: string; href: string; current: boolean }[];
  embedded: boolean;
  /** A URL on the page with the carried state (never a name or phone: `Carry` holds none). */
  link: (path: string, params?: Record<string, string | undefined>) => string;
}

/** The frame of a page for this request: the visitor (made now if new), the language, the switcher. */
export function pageFrame(deps: BookingPageDeps, request: FastifyRequest, business: BookingPageBusiness, carry: Carry): PageFrame {
  const visitorId = ensurePageVisitor(request);
  const language = pageLanguageOf(request, carry, business.defaultLocale);
  const view = pageViewContext(deps.translator, language);
  // This address in each language: its own query keys only, so a name or phone that came in never goes out.
  const languages = LANGUAGES.map((code) => ({ code, label: deps.translator.t(code, `panel.languages.${code}`), href: pageAddress(request.url, { lang: code }), current: code === language }));
  return {
    ...view,
    business,
    base: `/b/${business.slug}`,
    carry,
    hidden: carryFields(carry),
    token: pageFormToken(deps.appSecret, visitorId),
    visitorId,
    languages,
    embedded: carry.embed === '1',
    link: (path, params = {}) => withQuery(path, carry, params),
  };
}

/**
 * Sends a page: the whole document, or for htmx (the page's links and forms are boosted)
 * only the template's own part — its `<main id="step">`, which the page swaps in.
 */
export function sendPage(reply: FastifyReply, request: FastifyRequest, views: Eta, template: string, data: PageFrame & Record<string, unknown>, status = 200): FastifyReply {
  const partial = request.headers['hx-request'] === 'true' && request.headers['hx-history-restore-request'] !== 'true';
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('vary', 'HX-Request')
    .send(views.render(template, { ...data, partial }));
}

/** A redirect after a post: 303, so the browser (or htmx) asks for the next page with GET. */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('location', location).send();
}
