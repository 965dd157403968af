import fastifyStatic, { type FastifyStaticOptions } from '@fastify/static';
import type { FastifyError, FastifyInstance } from 'fastify';

/**
 * Serves a folder of assets with `@fastify/static`, in a scope of its own where a path
 * the plugin refuses as a traversal or non-canonical (`..`, `%2e%2e`, `//`: its 403
 * `FST_STATIC_FORBIDDEN_PATH`) is answered as the missing file it is: the surrounding
 * scope's 404. No answer tells a probe that something lies beyond the assets. Any other
 * error goes on to the surrounding scope's error handler.
 */
export async function registerStaticAssets(app: FastifyInstance, options: FastifyStaticOptions): Promise<void> {
  await app.register(async (assets) => {
    assets.setErrorHandler((error: FastifyError, _request, reply) => (error.code === 'FST_STATIC_FORBIDDEN_PATH' ? reply.callNotFound() : reply.send(error)));
    await assets.register(fastifyStatic, options);
  });
}
