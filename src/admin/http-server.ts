import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { handleHttpError } from './http-error-handler.ts';
import { registerHealthRoute } from './health-route.ts';
import { registerTelegramWebhookRoute, type TelegramWebhookHandler } from './telegram-webhook-route.ts';

/** What the HTTP layer needs from the rest of the service. */
export interface HttpServerDeps {
  logger: Logger;
  /** Resolves true when the database answers. */
  isDatabaseReachable: () => Promise<boolean>;
  /** The Telegram channel's webhook handler, when Telegram bots run in webhook mode. */
  telegramWebhook?: TelegramWebhookHandler;
}

/**
 * Builds the Fastify app (web panel, REST API, webhooks as they land). Does not
 * listen: `main.ts` does, tests use `inject`.
 */
export function buildHttpServer(deps: HttpServerDeps): FastifyInstance {
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = Fastify({
    loggerInstance,
    // Request lines are noise at info level; errors are still logged by the handler.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    return503OnClosing: true,
  });
  app.setErrorHandler(handleHttpError);
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: 'not_found', message: `No route for ${request.method} ${request.url}` });
  });
  registerHealthRoute(app, deps.isDatabaseReachable);
  if (deps.telegramWebhook) registerTelegramWebhookRoute(app, deps.telegramWebhook);
  return app;
}
