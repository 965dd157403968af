import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { PrometheusMetrics } from './prometheus-metrics.ts';

/** What `/metrics` serves, and who may read it. */
export interface MetricsRouteDeps {
  prometheus: PrometheusMetrics;
  /** `METRICS_TOKEN`: the Bearer token a scraper sends. Unset: there is no `/metrics` (404). */
  token: string | undefined;
}

// Hashed first, so the comparison takes the same time whatever the lengths.
const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * `GET /metrics` in Prometheus' text format, for a scraper holding `METRICS_TOKEN`
 * (`Authorization: Bearer <token>`): a wrong or missing token → 401. Without a token
 * configured the route does not exist (404), so a service nobody set up to be scraped
 * shows nothing of itself.
 */
export function registerMetricsRoute(app: FastifyInstance, deps: MetricsRouteDeps): void {
  const token = deps.token;
  if (!token) return;
  const expected = digest(`Bearer ${token}`);
  const { registry } = deps.prometheus;
  app.get('/metrics', async (request, reply) => {
    const given = request.headers.authorization;
    if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' });
    }
    const body = await registry.metrics();
    return reply.header('cache-control', 'no-store').type(registry.contentType).send(body);
  });
}
