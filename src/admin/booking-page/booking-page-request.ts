import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { bookingPageBusiness, type BookingPageBusiness } from '../../app/booking-page/booking-page-business.ts';
import type { PublicLinks } from '../../app/calendars/booking-calendar-link.ts';
import type { BookingPageDeps } from './booking-page-deps.ts';
import { pageRefusal } from './booking-page-errors.ts';
import { pageFormTokenMatches, pageVisitorOf } from './booking-page-visitor.ts';

const SlugParams = z.object({ slug: z.string().max(64) });
/** The form token every post carries. */
const FormToken = z.object({ _token: z.string().max(128) });

/** Largest form the page takes (a 500-character note in Cyrillic, URL-encoded, fits): larger → 413. */
export const MAX_PAGE_BODY_BYTES = 8 * 1024;

/** Only the page's forms post here: anything else is refused before it is read. */
export async function formsOnly(request: FastifyRequest): Promise<void> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw pageRefusal(415, 'forms only');
}

/** The business of the request's `:slug`, or null. */
export function businessOf(deps: BookingPageDeps, request: FastifyRequest): Promise<BookingPageBusiness | null> {
  return bookingPageBusiness(deps.ctx, SlugParams.parse(request.params).slug);
}

/** The visitor of a post, when its form token is theirs (another site posting, or no cookie: null). */
export function postingVisitor(deps: BookingPageDeps, request: FastifyRequest): string | null {
  const visitorId = pageVisitorOf(request);
  const token = FormToken.safeParse(request.body);
  return visitorId && token.success && pageFormTokenMatches(deps.appSecret, visitorId, token.data._token) ? visitorId : null;
}

/** The manage page's signing keys: `ctx.links` (APP_SECRET and the previous one), else the page's own secret. */
export function manageLinks(deps: BookingPageDeps): PublicLinks {
  return deps.ctx.links ?? { publicUrl: deps.publicUrl, secret: deps.appSecret };
}
