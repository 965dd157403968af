import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import type { BookingPageDeps } from '../../../src/admin/booking-page/booking-page-deps.ts';
import { buildHttpServer } from '../../../src/admin/http-server.ts';

/** The booking page alone on a ready HTTP server, its spam limits lifted so a test's many posts are not refused. */
export async function pageServer(deps: Omit<BookingPageDeps, 'limits'>): Promise<FastifyInstance> {
  const app = buildHttpServer({
    logger: pino({ level: 'silent' }),
    isDatabaseReachable: async () => true,
    bookingPage: { ...deps, limits: { postsPerMinutePerVisitor: 10_000, postsPerMinutePerAddress: 10_000, pagesPerMinutePerAddress: 10_000 } },
  });
  await app.ready();
  return app;
}

/** A browser-like visitor of the booking page: keeps its cookie and the page's latest form token. */
export interface PageVisitor {
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** Posts a form with the latest form token (unless `_token` is given). */
  post(url: string, form?: Record<string, string>, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  token(): string | undefined;
  /** The visitor cookie's value as a Cookie header carries it (to hand the same visitor to a browser), if any. */
  cookie(): string | undefined;
}

/** A new visitor (no cookie yet). */
export function pageVisitor(app: FastifyInstance, language = 'en'): PageVisitor {
  let cookie: string | undefined;
  let cookieValue: string | undefined;
  let token: string | undefined;
  const remember = (response: LightMyRequestResponse) => {
    const set = response.cookies.find((c) => c.name === 'bookchat_page');
    if (set) {
      cookieValue = encodeURIComponent(set.value);
      cookie = `bookchat_page=${cookieValue}`;
    }
    const found = /name="_token" value="([^"]+)"/.exec(response.body)?.[1];
    if (found) token = found;
    return response;
  };
  const headers = (extra: Record<string, string> = {}) => ({ 'accept-language': language, ...(cookie ? { cookie } : {}), ...extra });
  return {
    get: async (url, extra) => remember(await app.inject({ method: 'GET', url, headers: headers(extra) })),
    async post(url, form = {}, extra) {
      const payload = new URLSearchParams({ ...(token ? { _token: token } : {}), ...form }).toString();
      return remember(await app.inject({ method: 'POST', url, headers: headers({ 'content-type': 'application/x-www-form-urlencoded', ...extra }), payload }));
    },
    token: () => token,
    cookie: () => cookieValue,
  };
}

/** The path a 303 leads to. */
export function locationOf(response: LightMyRequestResponse): string {
  const location = response.headers.location;
  if (typeof location !== 'string') throw new Error(`expected a redirect, got ${response.statusCode}: ${response.body.slice(0, 300)}`);
  return location;
}
