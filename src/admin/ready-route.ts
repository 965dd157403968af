import type { FastifyInstance } from 'fastify';

/** How the chat channels stand: how many bots are connected, still connecting, or failing to connect. */
export interface ChannelReadiness {
  connected: number;
  connecting: number;
  failing: number;
}

/**
 * `GET /ready`: whether this process can serve. 200 when the database answers, else
 * 503; either way with how its bots stand (`connected` / `connecting` / `failing`) as
 * counts — a bot that cannot reach Telegram does not make the service unready (every
 * other bot and the panel serve), but an operator sees it here. Bot ids are not shown
 * to anonymous callers; the panel lists each bot.
 */
export function registerReadyRoute(app: FastifyInstance, databaseReachable: () => Promise<boolean>, channels: () => ChannelReadiness): void {
  app.get('/ready', async (_request, reply) => {
    const database = await databaseReachable();
    return reply
      .code(database ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: database ? 'ready' : 'unavailable', database: database ? 'ok' : 'unreachable', bots: channels() });
  });
}
