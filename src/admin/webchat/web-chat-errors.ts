import type { Eta } from 'eta';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import type { WebChatDeps } from './web-chat-deps.ts';
import { pageLanguage } from './web-chat-language.ts';
import { chatViewContext } from './web-chat-views.ts';

// What a status says to a visitor, as i18n keys.
const MESSAGE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'chat.web.errors.bad_request',
  403: 'chat.web.errors.session',
  404: 'chat.web.errors.not_found',
  413: 'chat.web.errors.too_large',
  415: 'chat.web.errors.bad_request',
  429: 'chat.web.errors.rate_limited',
  500: 'chat.web.errors.failed',
};

/** An error that answers with a status (a refused token, too many requests). */
export function chatRefusal(statusCode: number, message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode });
}

/** True for requests the page's script makes: they get the message as plain text to show, not a page. */
export function fromPageScript(request: FastifyRequest): boolean {
  return request.headers['x-web-chat'] === '1';
}

/**
 * The web chat's one error boundary: a short page (or, for the page's script, a line of
 * text) in the visitor's language saying what went wrong in their terms, never a stack
 * trace. Unexpected errors are logged.
 */
export function webChatErrorHandler(deps: WebChatDeps, views: Eta) {
  return async (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    let status = 500;
    if (error instanceof ZodError) status = 400;
    else {
      // Fastify's own refusals (413, 415) and ours (`chatRefusal`) carry their status.
      const code = 'statusCode' in error ? error.statusCode : undefined;
      if (typeof code === 'number' && code >= 400 && code < 500) status = code;
    }
    if (status === 500) request.log.error({ err: error, url: request.url, method: request.method }, 'web chat request failed');
    return chatProblem(deps, views, request, reply, status);
  };
}

/** Answers with a status and what it means for the visitor; `back` links to the chat (a form sent without the script). */
export function chatProblem(deps: WebChatDeps, views: Eta, request: FastifyRequest, reply: FastifyReply, status: number, back?: string): FastifyReply {
  const view = chatViewContext(deps.translator, pageLanguage(request.headers['accept-language'], 'en'));
  const key = MESSAGE_BY_STATUS[status] ?? (status >= 500 ? 'chat.web.errors.failed' : 'chat.web.errors.bad_request');
  const message = view.t(key);
  void reply.code(status).header('cache-control', 'no-store');
  if (fromPageScript(request)) return reply.type('text/plain; charset=utf-8').send(message);
  const title = view.t(status === 404 ? 'chat.web.errors.not_found_title' : 'chat.web.errors.title');
  return reply.type('text/html; charset=utf-8').send(views.render('/error', { ...view, title, message, back }));
}
