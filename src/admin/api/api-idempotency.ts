import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyRequest } from 'fastify';
import type { ApiCaller } from '../../app/api-keys/authenticate-api-key.ts';
import { claimIdempotencyKey, IdempotencyKey, releaseIdempotencyKey, saveIdempotentAnswer } from '../../app/api-keys/idempotent-request.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import { ApiRefusal } from './api-problem.ts';

/** An answer as sent (and as stored for a key): status and JSON text. */
export interface ApiAnswer {
  status: number;
  body: string;
  /** A stored answer given again to a retry. */
  replayed?: boolean;
}

/** How long a retry waits for the first request with its key to be answered. */
const WAIT_MS = 10_000;
const POLL_MS = 50;

// JSON with object keys sorted: the same body in another key order is the same request.
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Runs a write once per `Idempotency-Key`: the first request with a key does the work
 * and its answer (success or a 4xx) is stored; a retry with the same key, method, path
 * and body gets that answer again (header `Idempotent-Replayed: true`); the same key
 * with another request is 422. A retry arriving while the first is still running waits
 * for its answer (up to 10 s, then 409). A 5xx is not kept: the key may be tried again.
 */
export async function runOnce(ctx: UseCaseContext, caller: ApiCaller, request: FastifyRequest, rawKey: string, run: () => Promise<ApiAnswer>): Promise<ApiAnswer> {
  const key = IdempotencyKey.safeParse(rawKey);
  if (!key.success) throw new ApiRefusal(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  const path = request.url.split('?')[0]!;
  const route = `${request.method} ${path}`;
  const requestHash = createHash('sha256').update(`${route}\n${canonicalJson(request.body ?? null)}`).digest('hex');
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const claim = await claimIdempotencyKey(ctx, caller.businessId, { key: key.data, route, requestHash });
    if (claim.kind === 'replay') return { status: claim.status, body: claim.body, replayed: true };
    if (claim.kind === 'mismatch') throw new ApiRefusal(422, 'idempotency_key_reused', 'This Idempotency-Key was used for a different request');
    if (claim.kind === 'claimed') {
      let answer: ApiAnswer | null = null;
      try {
        answer = await run();
        return answer;
      } finally {
        if (answer && answer.status < 500) await saveIdempotentAnswer(ctx, caller.businessId, claim.id, answer);
        else await releaseIdempotencyKey(ctx, caller.businessId, claim.id);
      }
    }
    if (Date.now() >= deadline) throw new ApiRefusal(409, 'idempotency_in_progress', 'A request with this Idempotency-Key is still being answered; retry shortly');
    await sleep(POLL_MS);
  }
}
