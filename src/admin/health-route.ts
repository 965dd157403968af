import type { FastifyInstance } from 'fastify';

/** How long one database check answers `/health` (and everyone asking while it runs). */
export const HEALTH_CACHE_MS = 2_000;

/** Options of {@link registerHealthRoute}. */
export interface HealthRouteOptions {
  /** How long a check's answer is reused; default {@link HEALTH_CACHE_MS}. */
  cacheMs?: number;
  /** The clock, in epoch ms; tests pass their own. */
  now?: () => number;
}

/**
 * `check`, asked at most once per `cacheMs`: calls during a running check share it, and
 * its answer (either way) is reused until `cacheMs` after it came. A check that throws
 * counts as "unreachable". `/health` is anonymous: without this, every caller would get
 * a database round trip of its own.
 */
export function cachedCheck(check: () => Promise<boolean>, cacheMs: number, now: () => number): () => Promise<boolean> {
  let last: { ok: boolean; at: number } | undefined;
  let running: Promise<boolean> | undefined;
  return () => {
    const age = last === undefined ? Infinity : now() - last.at;
    // A clock set back (age < 0) must not keep an old answer forever.
    if (last !== undefined && age >= 0 && age < cacheMs) return Promise.resolve(last.ok);
    running ??= check()
      .catch(() => false)
      .then((ok) => {
        last = { ok, at: now() };
        running = undefined;
        return ok;
      });
    return running;
  };
}

/**
 * `GET /health`: 200 `{"status":"ok"}` when the service can reach its database,
 * 503 `{"status":"unavailable"}` otherwise — for load balancers and uptime checks. The
 * answer may be up to `cacheMs` old (see {@link cachedCheck}).
 */
export function registerHealthRoute(app: FastifyInstance, isDatabaseReachable: () => Promise<boolean>, options: HealthRouteOptions = {}): void {
  const reachable = cachedCheck(isDatabaseReachable, options.cacheMs ?? HEALTH_CACHE_MS, options.now ?? Date.now);
  app.get('/health', async (_request, reply) => {
    const ok = await reachable();
    return reply
      .code(ok ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(ok ? { status: 'ok' } : { status: 'unavailable', reason: 'database unreachable' });
  });
}
