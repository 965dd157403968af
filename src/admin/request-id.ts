import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

// What a proxy or a client's tracing may send: short, and nothing a log line or a header could be bent by.
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * The request's id: the incoming `X-Request-Id` (set by the reverse proxy, so its log and
 * ours join up) when it is a sane token, else a new UUID. Fastify's request logger
 * writes it as `reqId`; the answer carries it back in `X-Request-Id`.
 */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}
