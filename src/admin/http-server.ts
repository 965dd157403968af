import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { handleHttpError } from './http-error-handler.ts';
import { cachedCheck, HEALTH_CACHE_MS, registerHealthRoute } from './health-route.ts';
import { registerPanel } from './panel/panel-plugin.ts';
import type { PanelDeps } from './panel/panel-deps.ts';
import { panelRoutes } from './panel/panel-routes.ts';
import { registerWebChat } from './webchat/web-chat-plugin.ts';
import { registerBookingPage } from './booking-page/booking-page-plugin.ts';
import type { BookingPageDeps } from './booking-page/booking-page-deps.ts';
import { registerPaymentWebhooks } from './payment-webhook-routes.ts';
import { registerPaymentReturnPage } from './payment-return-page.ts';
import { registerBookingCalendarFile } from './booking-calendar-file.ts';
import { registerEmailUnsubscribePage } from './email-unsubscribe-page.ts';
import { registerEmailBounceWebhook, type EmailBounceWebhookDeps } from './email-bounce-webhook.ts';
import type { PaymentWebhooks } from '../app/payments/payment-webhooks.ts';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';
import type { Translator } from '../i18n/translator.ts';
import type { WebChatDeps } from './webchat/web-chat-deps.ts';
import { registerReadyRoute, type ChannelReadiness, type ChannelState, type ReadinessCheck } from './ready-route.ts';
import { registerMetricsRoute, type MetricsRouteDeps } from './metrics/metrics-route.ts';
import { requestIdOf } from './request-id.ts';
import { withLogContext } from '../log-context.ts';
import type { ChannelRoute } from '../app/channels/channel-route.ts';
import { registerChannelRoutes } from './channel-routes.ts';
import { registerApi } from './api/api-plugin.ts';
import type { ApiDeps } from './api/api-deps.ts';

/** What the HTTP layer needs from the rest of the service. */
export interface HttpServerDeps {
  logger: Logger;
  /** Resolves true when the database answers. */
  isDatabaseReachable: () => Promise<boolean>;
  /** The chat channels' webhook routes (Telegram in webhook mode, Twilio…), from the channel registry. */
  channelRoutes?: readonly ChannelRoute[];
  /**
   * Which proxies may tell the client's address in `X-Forwarded-For` (`TRUST_PROXY`):
   * none by default — `request.ip` is then the peer's address, which no client can forge.
   */
  trustProxy?: TrustProxy;
  /** The clock (epoch ms) for what the edge caches; default the wall clock. */
  now?: () => number;
  /** How the chat channels' bots stand, for `/ready` (none when absent). */
  channelReadiness?: () => ChannelReadiness;
  /** Each chat channel's accounts, one `/ready` line per channel. */
  channelStates?: () => readonly ChannelState[];
  /** `/ready`'s further checks: migrations at head, the job runner where jobs run here. */
  readinessChecks?: readonly ReadinessCheck[];
  /** `/metrics` (with `METRICS_TOKEN`); its counters also count 5xx answers and refused webhooks. */
  metrics?: MetricsRouteDeps;
  /** The web panel under `/admin` (left out by tests of other routes). */
  panel?: PanelDeps;
  /** The web chat's pages under `/chat/<slug>` (left out when the chat channels do not run here). */
  webChat?: WebChatDeps;
  /** The public booking page under `/b/<slug>` and the widget's `/widget.js`. */
  bookingPage?: BookingPageDeps;
  /** Payment providers' webhooks (`/webhooks/stripe/<slug>`). */
  paymentWebhooks?: PaymentWebhooks;
  /** What customers open from their chat: the page after paying (`/pay/<slug>/<booking id>`), a booking's calendar file. */
  customerPages?: { ctx: UseCaseContext; translator: Translator };
  /** The REST API under `/api/v1` (API keys, JSON, OpenAPI document and docs page). */
  api?: ApiDeps;
  /** Bounce reports posted by a mail forwarder (`/webhooks/email/bounces`, with EMAIL_BOUNCE_SECRET); absent: no such route. */
  emailBounces?: EmailBounceWebhookDeps;
}

/**
 * Which proxies are believed: `false` (none), `true` (every hop: only behind a proxy that
 * overwrites `X-Forwarded-For`), a hop count, or the proxies' addresses and CIDR ranges.
 */
export type TrustProxy = boolean | number | string[];

/**
 * Fastify's `trustProxy` for a {@link TrustProxy}. Fastify 5 treats a bare number as
 * "trust nothing" (a hop count cannot tell a proxy from a client that reaches the
 * service directly), so a hop count becomes proxy-addr's hop function instead: the
 * nearest `hops` addresses are taken for proxies. That is right only when every request
 * comes through them (the service listens where only the proxy reaches it); prefer the
 * proxies' addresses when they are known.
 */
function fastifyTrustProxy(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  return (_address, hop) => hop < trust;
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
    trustProxy: fastifyTrustProxy(deps.trustProxy ?? false),
    return503OnClosing: true,
    // The proxy's X-Request-Id when sane, else a new UUID: logged as reqId, sent back.
    genReqId: requestIdOf,
  });
  // Every log line written for the request (by any logger, in any use case) carries its id.
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    withLogContext({ reqId: request.id }, done);
  });
  const counters = deps.metrics?.prometheus.metrics;
  if (counters) {
    // Every error boundary's 5xx (the panel, API and pages have their own); /health and /ready answer 503 on purpose.
    app.addHook('onResponse', async (request, reply) => {
      const url = request.routeOptions.url;
      if (reply.statusCode >= 500 && url !== '/health' && url !== '/ready') counters.error('http');
    });
  }
  app.setErrorHandler(handleHttpError);
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: 'not_found', message: `No route for ${request.method} ${request.url}` });
  });
  // One cached database check answers both /health and /ready.
  const reachable = cachedCheck(deps.isDatabaseReachable, HEALTH_CACHE_MS, deps.now ?? Date.now);
  registerHealthRoute(app, reachable, { cacheMs: 0 });
  registerReadyRoute(app, reachable, {
    channels: deps.channelReadiness ?? (() => ({ connected: 0, connecting: 0, failing: 0 })),
    ...(deps.channelStates ? { channelStates: deps.channelStates } : {}),
    ...(deps.readinessChecks ? { checks: deps.readinessChecks } : {}),
  });
  if (deps.metrics) registerMetricsRoute(app, deps.metrics);
  registerChannelRoutes(app, deps.channelRoutes ?? [], counters);
  if (deps.panel) registerPanel(app, deps.panel, panelRoutes(deps.panel));
  if (deps.webChat) registerWebChat(app, deps.webChat);
  if (deps.api) registerApi(app, deps.api);
  if (deps.bookingPage) registerBookingPage(app, deps.bookingPage);
  if (deps.paymentWebhooks) registerPaymentWebhooks(app, deps.paymentWebhooks, counters);
  if (deps.emailBounces) registerEmailBounceWebhook(app, deps.emailBounces, counters);
  if (deps.customerPages) {
    registerPaymentReturnPage(app, deps.customerPages);
    registerBookingCalendarFile(app, deps.customerPages);
    registerEmailUnsubscribePage(app, deps.customerPages);
  }
  return app;
}
