import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DEFAULT_BOOKING_PAGE_LIMITS, type BookingPageDeps } from './booking-page-deps.ts';
import { pageRefusal } from './booking-page-errors.ts';
import { pageVisitorOf } from './booking-page-visitor.ts';

/** The page's rate limits as `onRequest` hooks: pages per address; posts per visitor, then per address. */
export interface PageLimits {
  page: (request: FastifyRequest) => Promise<void>;
  post: (request: FastifyRequest) => Promise<void>;
}

/** Builds the limits in the page's scope (a 429 goes through its error boundary). */
export function pageLimits(scope: FastifyInstance, deps: BookingPageDeps): PageLimits {
  const limits = { ...DEFAULT_BOOKING_PAGE_LIMITS, ...deps.limits };
  const perAddress = (name: string, max: number) => scope.createRateLimit({ max, timeWindow: 60_000, keyGenerator: (request) => `page-${name}:${request.ip}` });
  const perVisitor = (max: number) => scope.createRateLimit({ max, timeWindow: 60_000, keyGenerator: (request) => `page-visitor:${pageVisitorOf(request) ?? request.ip}` });
  // Narrowest first, stopped at the first refusal: one visitor over their cap does not
  // use up what the rest of their address (a family, an office) may send.
  const limited =
    (...checks: ReturnType<typeof perAddress>[]) =>
    async (request: FastifyRequest) => {
      for (const check of checks) {
        const result = await check(request);
        if (!result.isAllowed && result.isExceeded) throw pageRefusal(429, 'too many requests');
      }
    };
  return {
    page: limited(perAddress('pages', limits.pagesPerMinutePerAddress)),
    post: limited(perVisitor(limits.postsPerMinutePerVisitor), perAddress('posts', limits.postsPerMinutePerAddress)),
  };
}
