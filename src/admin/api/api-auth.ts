import type { FastifyRequest } from 'fastify';
import { authenticateApiKey, type ApiCaller } from '../../app/api-keys/authenticate-api-key.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import { ApiRefusal } from './api-problem.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API key's business and scope, set by the API's `onRequest` hook. */
    apiCaller: ApiCaller | null;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Who an API request speaks for, from `Authorization: Bearer <key>`. No key, a malformed
 * header, an unknown or revoked key: one 401 for all, so keys cannot be probed.
 */
export async function authenticate(ctx: UseCaseContext, request: FastifyRequest): Promise<ApiCaller> {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  if (!match) throw new ApiRefusal(401, 'unauthorized', 'Send an API key: Authorization: Bearer <key>');
  const caller = await authenticateApiKey(ctx, match[1]!);
  if (!caller) throw new ApiRefusal(401, 'unauthorized', 'The API key is unknown or revoked');
  return caller;
}
