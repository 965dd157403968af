import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

/** What became of a webhook request; the Telegram channel decides, this route maps it to HTTP. */
export type TelegramWebhookOutcome = 'handled' | 'unknown_bot' | 'forbidden' | 'bad_update';

/** The Telegram channel's webhook entry point. */
export type TelegramWebhookHandler = (botId: string, secretHeader: string | undefined, body: unknown) => Promise<TelegramWebhookOutcome>;

const Params = z.object({ botId: z.string().regex(/^\d{1,20}$/) });

const STATUS: Record<TelegramWebhookOutcome, number> = { handled: 200, unknown_bot: 404, forbidden: 401, bad_update: 400 };

/**
 * `POST /telegram/<bot id>`: Telegram's webhook for each connected bot. A request
 * without the bot's secret token is refused with 401 and changes nothing.
 */
export function registerTelegramWebhookRoute(app: FastifyInstance, handle: TelegramWebhookHandler): void {
  app.post('/telegram/:botId', async (request, reply) => {
    const params = Params.safeParse(request.params);
    if (!params.success) return reply.code(404).send({ error: 'not_found' });
    const header = request.headers['x-telegram-bot-api-secret-token'];
    const outcome = await handle(params.data.botId, typeof header === 'string' ? header : undefined, request.body);
    return reply.code(STATUS[outcome]).send(outcome === 'handled' ? { ok: true } : { error: outcome });
  });
}
