import type { FastifyInstance } from 'fastify';

/**
 * `GET /health`: 200 `{"status":"ok"}` when the service can reach its database,
 * 503 `{"status":"unavailable"}` otherwise — for load balancers and uptime checks.
 */
export function registerHealthRoute(app: FastifyInstance, isDatabaseReachable: () => Promise<boolean>): void {
  app.get('/health', async (_request, reply) => {
    const ok = await isDatabaseReachable();
    return reply
      .code(ok ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(ok ? { status: 'ok' } : { status: 'unavailable', reason: 'database unreachable' });
  });
}
