import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EmailBounceReports } from '../app/notifications/email-bounce-reports.ts';
import type { ServiceMetrics } from '../app/shared/service-metrics.ts';

/** The bounce endpoint's settings: the Bearer secret a forwarder sends (EMAIL_BOUNCE_SECRET) and who reads the reports. */
export interface EmailBounceWebhookDeps {
  secret: string;
  reports: EmailBounceReports;
}

// A bounce report with the returned message's headers is a few kilobytes; one that
// carries the whole message (with its calendar file) some tens. Anything bigger is refused
// before it is read.
const BODY_LIMIT = 256 * 1024;
const RAW_TYPES = ['message/rfc822', 'text/plain', 'application/octet-stream'];
const Query = z.object({ recipient: z.string().max(512).optional() });
const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `POST /webhooks/email/bounces`: a mail forwarder (a Postfix alias piped to curl, a
 * provider's inbound route) posts a bounce message as it arrived (`message/rfc822`,
 * `text/plain` or `application/octet-stream`), with `Authorization: Bearer
 * <EMAIL_BOUNCE_SECRET>` and optionally `?recipient=<envelope recipient>`. A wrong or
 * missing secret → 401 before the body is read (compared in constant time); over 256 KB →
 * 413; another type → 415; not a mail → 400. Anything taken is 200 — also a report that
 * changes nothing (not a bounce, only delays, a forged bounce address), so the forwarder
 * does not retry it.
 */
export function registerEmailBounceWebhook(app: FastifyInstance, deps: EmailBounceWebhookDeps, metrics?: ServiceMetrics): void {
  const want = digest(deps.secret);
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, body));
    scope.addHook('onRequest', async (request, reply) => {
      const given = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
      if (timingSafeEqual(digest(given), want)) return;
      metrics?.webhookRejected('email');
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' });
    });
    scope.post('/webhooks/email/bounces', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
      const query = Query.safeParse(request.query);
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (!query.success || body.length === 0) return reply.code(400).send({ error: 'bad_request', message: 'Post the bounce message as it arrived (message/rfc822).' });
      const answer = await deps.reports.receive(body, query.data.recipient);
      if (answer.outcome === 'malformed') return reply.code(400).send({ error: 'bad_request', message: 'The body is not a mail message.' });
      return reply.code(200).send(answer);
    });
  });
}
