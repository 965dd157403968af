import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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

/** Whether a secret header is this bot's (constant time); the channel knows each bot's secret. */
export type TelegramWebhookAuthorizer = (botId: string, secretHeader: string) => boolean;

/** Telegram's updates are a few KiB; the route refuses more before reading it all. */
export const TELEGRAM_WEBHOOK_BODY_LIMIT = 64 * 1024;

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** The shape Telegram allows for `secret_token` (setWebhook): 1–256 of A–Z, a–z, 0–9, `_`, `-`. */
const SecretToken = z.string().regex(/^[A-Za-z0-9_-]{1,256}$/);
const Params = z.object({ botId: z.string().regex(/^\d{1,20}$/) });

/**
 * One answer for every request that is not a known bot's with its secret — an unknown
 * bot id, a wrong or missing secret, a malformed path — so bot ids cannot be probed.
 */
const UNAUTHORIZED = { status: 401, body: { error: 'unauthorized' } } as const;

const refuse = (reply: FastifyReply) => reply.code(UNAUTHORIZED.status).send(UNAUTHORIZED.body);

function secretHeaderOf(request: FastifyRequest): string | undefined {
  const header = request.headers[SECRET_HEADER];
  return typeof header === 'string' ? header : undefined;
}

/**
 * `POST /telegram/<bot id>`: Telegram's webhook for each connected bot. A request with
 * no well-formed secret header, or (given `authorize`) not this bot's secret, is refused
 * in `onRequest`, before its body is read; the
 * body may be at most 64 KiB (413). The channel compares the secret with the bot's; an
 * unknown bot and a wrong secret get the same 401, and change nothing. A handled update
 * is answered with the channel's webhook reply call when it has one.
 */
export function registerTelegramWebhookRoute(app: FastifyInstance, handle: TelegramWebhookHandler, authorize?: TelegramWebhookAuthorizer): void {
  app.post(
    '/telegram/:botId',
    {
      bodyLimit: TELEGRAM_WEBHOOK_BODY_LIMIT,
      onRequest: async (request, reply) => {
        const secret = SecretToken.safeParse(secretHeaderOf(request));
        const params = Params.safeParse(request.params);
        if (!secret.success || !params.success) return refuse(reply);
        // A forged request is turned away before its body is read at all.
        if (authorize && !authorize(params.data.botId, secret.data)) return refuse(reply);
        return undefined;
      },
    },
    async (request, reply) => {
      const params = Params.safeParse(request.params);
      if (!params.success) return refuse(reply);
      const { outcome, reply: call } = await handle(params.data.botId, secretHeaderOf(request), request.body);
      switch (outcome) {
        case 'handled':
          return call === undefined ? reply.code(200).send({ ok: true }) : reply.code(200).type('application/json').send(call);
        case 'bad_update':
          return reply.code(400).send({ error: 'bad_update' });
        case 'unknown_bot':
        case 'forbidden':
          return refuse(reply);
      }
    },
  );
}
