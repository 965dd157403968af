import type { Eta } from 'eta';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { DomainError } from '../../domain/index.ts';
import { supportedLanguage } from '../../i18n/translator.ts';
import { browserLanguage } from '../webchat/web-chat-language.ts';
import type { BookingPageDeps } from './booking-page-deps.ts';
import { pageViewContext } from './booking-page-views.ts';

// What a status says to a visitor, as i18n keys.
const MESSAGE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'chat.page.errors.bad_request',
  403: 'chat.page.errors.session',
  404: 'chat.page.errors.not_found',
  413: 'chat.page.errors.too_large',
  415: 'chat.page.errors.bad_request',
  429: 'chat.page.errors.rate_limited',
  500: 'chat.page.errors.failed',
};

/** An error that answers with a status (a refused token, too many requests). */
export function pageRefusal(statusCode: number, message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode });
}

/**
 * The page's one error boundary: a short page in the visitor's language saying what went
 * wrong in their terms, never a stack trace. A domain error (a slot just taken, a cutoff
 * passed) is worded by the translator; unexpected errors are logged.
 */
export function bookingPageErrorHandler(deps: BookingPageDeps, views: Eta) {
  return async (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    if (error instanceof DomainError) {
      const language = visitorLanguage(request);
      return pageProblem(deps, views, request, reply, error.code === 'not_found' ? 404 : 409, deps.translator.describe(error, language));
    }
    let status = 500;
    if (error instanceof ZodError) status = 400;
    else {
      const code = 'statusCode' in error ? error.statusCode : undefined;
      if (typeof code === 'number' && code >= 400 && code < 500) status = code;
    }
    if (status === 500) request.log.error({ err: error, url: request.url, method: request.method }, 'booking page request failed');
    return pageProblem(deps, views, request, reply, status);
  };
}

function visitorLanguage(request: FastifyRequest) {
  return supportedLanguage(request.session?.get('pageLanguage')) ?? browserLanguage(request.headers['accept-language']) ?? 'en';
}

/** Answers with a status and what it means for the visitor (or `message`), with a link back to `back`. */
export function pageProblem(deps: BookingPageDeps, views: Eta, request: FastifyRequest, reply: FastifyReply, status: number, message?: string, back?: string): FastifyReply {
  const view = pageViewContext(deps.translator, visitorLanguage(request));
  const text = message ?? view.t(MESSAGE_BY_STATUS[status] ?? (status >= 500 ? 'chat.page.errors.failed' : 'chat.page.errors.bad_request'));
  const title = view.t(status === 404 ? 'chat.page.errors.not_found_title' : 'chat.page.errors.title');
  const slug = /^\/b\/([a-z0-9-]{2,63})/.exec(request.url)?.[1];
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(views.render('/error', { ...view, title, message: text, back: back ?? (slug ? `/b/${slug}` : undefined) }));
}
