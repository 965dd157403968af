import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

/** What became of a webhook request; the Telegram channel decides, this route maps it to HTTP. */
export type TelegramWebhookOutcome = 'handled' | 'unknown_bot' | 'forbidden' | 'bad_update';

/**
 * What the channel made of a webhook request. `reply` is one Bot API call (JSON with a
 * `method`) that Telegram performs when it reads our answer: a call whose result nobody
 * waits for rides back on the webhook response instead of a request of its own.
 */
export interface TelegramWebhookResult {
  outcome: TelegramWebhookOutcome;
  reply?: string;
}

/** The Telegram channel's webhook entry point. */
export type TelegramWebhookHandler = (botId: string, secretHeader: string | undefined, body: unknown) => Promise<TelegramWebhookResult>;

const Params = z.object({ botId: z.string().regex(/^\d{1,20}$/) });

const STATUS: Record<TelegramWebhookOutcome, number> = { handled: 200, unknown_bot: 404, forbidden: 401, bad_update: 400 };

/**
 * `POST /telegram/<bot id>`: Telegram's webhook for each connected bot. A request
 * without the bot's secret token is refused with 401 and changes nothing. A handled
 * update is answered with the channel's webhook reply call when it has one.
 */
export function registerTelegramWebhookRoute(app: FastifyInstance, handle: TelegramWebhookHandler): void {
  app.post('/telegram/:botId', async (request, reply) => {
    const params = Params.safeParse(request.params);
    if (!params.success) return reply.code(404).send({ error: 'not_found' });
    const header = request.headers['x-telegram-bot-api-secret-token'];
    const { outcome, reply: call } = await handle(params.data.botId, typeof header === 'string' ? header : undefined, request.body);
    if (outcome === 'handled' && call !== undefined) return reply.code(200).type('application/json').send(call);
    return reply.code(STATUS[outcome]).send(outcome === 'handled' ? { ok: true } : { error: outcome });
  });
}
