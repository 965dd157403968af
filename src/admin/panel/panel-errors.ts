import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { DomainError } from '../../domain/domain-error.ts';
import { HTTP_STATUS_BY_CODE } from '../http-error-handler.ts';
import { attachContext } from './panel-guard.ts';
import type { PanelDeps } from './panel-deps.ts';
import type { PanelRequest } from './panel-route.ts';
import { renderPage } from './panel-view.ts';

// What a status says to a person, as i18n keys under panel.errors.
const MESSAGE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'panel.errors.page_bad_request',
  403: 'panel.errors.page_forbidden',
  404: 'panel.errors.page_not_found',
  413: 'panel.errors.page_too_large',
  415: 'panel.errors.page_bad_request',
  429: 'panel.errors.page_rate_limited',
  500: 'panel.errors.page_failed',
};

/**
 * The panel's one error boundary: a page in the person's language with what went wrong
 * in their terms (a stale form, a file too large, no access), never a stack trace.
 * CSRF failures are 403; unexpected errors are logged and shown as a bare 500 page.
 */
export function panelErrorHandler(deps: PanelDeps) {
  return async (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    let status = 500;
    let detail: string | undefined;
    if (error instanceof DomainError) {
      status = HTTP_STATUS_BY_CODE[error.code];
      detail = deps.translator.describe(error, contextOf(deps, request).language);
    } else if (error instanceof ZodError) {
      status = 400;
    } else {
      const code = (error as FastifyError).statusCode;
      if (typeof code === 'number' && code >= 400 && code < 500) status = code;
    }
    if ((error as FastifyError).code?.startsWith('FST_CSRF')) status = 403;
    if (status === 500) request.log.error({ err: error, url: request.url, method: request.method }, 'panel request failed');
    return errorPage(deps, request, reply, status, detail);
  };
}

/** 404 for anything under `/admin` that is not a route (or not the person's). */
export function panelNotFound(deps: PanelDeps) {
  return (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => errorPage(deps, request, reply, 404);
}

async function errorPage(deps: PanelDeps, request: FastifyRequest, reply: FastifyReply, status: number, detail?: string): Promise<FastifyReply> {
  const panel = contextOf(deps, request);
  const message = panel.t(MESSAGE_BY_STATUS[status] ?? (status >= 500 ? 'panel.errors.page_failed' : 'panel.errors.page_bad_request'));
  // A CSRF token cannot be minted without a session; the error page has no form anyway.
  if (!request.session) return reply.code(status).type('text/plain; charset=utf-8').send(message);
  return renderPage(reply, request as PanelRequest, 'error', { status, message, detail }, { status });
}

function contextOf(deps: PanelDeps, request: FastifyRequest) {
  return (request as Partial<PanelRequest>).panel ?? attachContext(deps, request, undefined, undefined);
}
