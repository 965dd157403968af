import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChannelAnswer, ChannelRequest, ChannelRoute } from '../app/channels/channel-route.ts';
import type { ServiceMetrics, WebhookSource } from '../app/shared/service-metrics.ts';

/** HTTP status of each channel outcome: channels speak in outcomes, HTTP codes live here. */
const STATUS: Record<ChannelAnswer['outcome'], number> = { ok: 200, bad_request: 400, unauthorized: 401, forbidden: 403, not_found: 404 };

// One answer for every request refused before its body is read, so ids cannot be probed.
const refuse = (reply: FastifyReply) => reply.code(401).send({ error: 'unauthorized' });

function headersOf(request: FastifyRequest): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

function paramsOf(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  const params = request.params;
  if (params && typeof params === 'object') for (const [name, value] of Object.entries(params)) if (typeof value === 'string') out[name] = value;
  return out;
}

// Which provider a route serves, by its first path segment (`/telegram/:botId`, `/twilio/:slug/sms`).
function webhookSource(url: string): WebhookSource {
  const first = url.split('/')[1];
  return first === 'telegram' || first === 'twilio' ? first : 'other';
}

/**
 * Mounts the chat channels' webhook routes (Telegram's, Twilio's…) in their own scope:
 * a form-encoded body is parsed there only, each route's body limit is applied before
 * the body is read, a route's `authorize` (a secret header) turns a forged request away
 * in `onRequest`, and each outcome becomes its HTTP status. A refused secret or
 * signature (401, 403) is counted in `metrics`.
 */
export function registerChannelRoutes(app: FastifyInstance, routes: readonly ChannelRoute[], metrics?: ServiceMetrics): void {
  if (routes.length === 0) return;
  void app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 64 * 1024 });
    for (const route of routes) {
      scope.route({
        method: route.method,
        url: route.url,
        bodyLimit: route.bodyLimit,
        onRequest: async (request, reply) => {
          // A form route takes forms only (JSON routes are held to JSON by Fastify itself).
          const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
          if (route.body === 'form' && type !== 'application/x-www-form-urlencoded') return reply.code(415).send({ error: 'unsupported_media_type' });
          if (route.authorize && !route.authorize({ params: paramsOf(request), headers: headersOf(request) })) {
            metrics?.webhookRejected(webhookSource(route.url));
            return refuse(reply);
          }
          return undefined;
        },
        handler: async (request, reply) => {
          const input: ChannelRequest = { params: paramsOf(request), headers: headersOf(request), body: request.body };
          const answer = await route.handle(input);
          if (answer.outcome === 'unauthorized' || answer.outcome === 'forbidden') metrics?.webhookRejected(webhookSource(route.url));
          void reply.code(STATUS[answer.outcome]);
          if (answer.body === undefined) return reply.send(answer.outcome === 'ok' ? { ok: true } : { error: answer.outcome === 'unauthorized' ? 'unauthorized' : answer.outcome });
          return reply.type(answer.contentType ?? 'text/plain; charset=utf-8').send(answer.body);
        },
      });
    }
  });
}
