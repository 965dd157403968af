import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildHttpServer } from '../../src/admin/http-server.ts';
import { TELEGRAM_WEBHOOK_BODY_LIMIT, telegramWebhookRoute, type TelegramWebhookTarget } from '../../src/bots/telegram/telegram-webhook.ts';

// The channel's side, reduced to what the route relies on: one known bot with its
// secret; an unknown bot and a wrong secret are told apart here, never on the wire.
const BOT = '123456789';
const SECRET = 'right_secret-0123456789';
const update = { update_id: 1, message: { message_id: 1, date: 1, chat: { id: 7, type: 'private' }, text: 'hi' } };

let app: FastifyInstance;
let calls: { botId: string; secret: string | undefined; body: unknown }[];

const handle: TelegramWebhookTarget['handleWebhook'] = async (botId, secret, body) => {
  calls.push({ botId, secret, body });
  if (botId !== BOT) return { outcome: 'unknown_bot' };
  if (secret !== SECRET) return { outcome: 'forbidden' };
  if (typeof body !== 'object' || body === null || !('update_id' in body)) return { outcome: 'bad_update' };
  return 'message' in body ? { outcome: 'handled', reply: JSON.stringify({ method: 'sendMessage', chat_id: 7, text: 'hello' }) } : { outcome: 'handled' };
};

beforeEach(() => {
  calls = [];
  app = buildHttpServer({ logger: pino({ level: 'silent' }), isDatabaseReachable: async () => true, channelRoutes: [telegramWebhookRoute({ handleWebhook: handle })] });
});
afterEach(async () => app.close());

const post = (botId: string, secret: string | null, payload: string | object, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: `/telegram/${botId}`,
    headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }), ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });

describe('POST /telegram/<bot id>', () => {
  it("passes a known bot's update with its secret to the channel and returns the channel's reply call", async () => {
    const response = await post(BOT, SECRET, update);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ method: 'sendMessage', chat_id: 7, text: 'hello' });
    expect(calls).toEqual([{ botId: BOT, secret: SECRET, body: update }]);
    expect((await post(BOT, SECRET, { update_id: 2 })).json()).toEqual({ ok: true });
    const bad = await post(BOT, SECRET, { not: 'an update' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: 'bad_update' });
  });

  it('answers an unknown bot id exactly as a known bot with a wrong secret, so bot ids cannot be probed', async () => {
    const wrongSecret = await post(BOT, 'wrong-secret', update);
    const unknownBot = await post('42', 'wrong-secret', update);
    const unknownBotRightShape = await post('987654321', SECRET, update);
    for (const response of [wrongSecret, unknownBot, unknownBotRightShape]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toBe(wrongSecret.headers['content-type']);
      expect(response.body).toBe(wrongSecret.body);
    }
    expect(wrongSecret.json()).toEqual({ error: 'unauthorized' });
  });

  it.each([
    ['missing', null],
    ['empty', ''],
    ['257 characters', 'a'.repeat(257)],
    ['a space', 'right secret'],
    ['a non-ASCII letter', 'sécret'],
    ['a slash', 'a/b'],
  ])('refuses a secret header that is %s before reading the body: same 401, channel never asked', async (_name, secret) => {
    // Broken JSON would be a 400 from the body parser, and 70 KiB a 413 from the body
    // limit: a 401 shows the request was refused before its body was read.
    for (const payload of ['{"update_id": 1,', JSON.stringify({ update_id: 1, pad: 'x'.repeat(70 * 1024) })]) {
      const response = await post(BOT, secret, payload);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: 'unauthorized' });
    }
    expect(calls).toEqual([]);
  });

  it('accepts the longest secret Telegram allows (256 characters) as far as the channel', async () => {
    const response = await post(BOT, 'A'.repeat(256), update);
    expect(response.statusCode).toBe(401);
    expect(calls).toHaveLength(1);
  });

  it('refuses a body over 64 KiB with 413, and takes one just under it', async () => {
    const body = (size: number) => {
      const shell = JSON.stringify({ update_id: 3, pad: '' });
      return JSON.stringify({ update_id: 3, pad: 'x'.repeat(size - shell.length) });
    };
    expect(Buffer.byteLength(body(TELEGRAM_WEBHOOK_BODY_LIMIT + 1))).toBe(TELEGRAM_WEBHOOK_BODY_LIMIT + 1);
    const tooLarge = await post(BOT, SECRET, body(TELEGRAM_WEBHOOK_BODY_LIMIT + 1));
    expect(tooLarge.statusCode).toBe(413);
    expect(calls).toEqual([]);
    const justFits = await post(BOT, SECRET, body(TELEGRAM_WEBHOOK_BODY_LIMIT));
    expect(justFits.statusCode).toBe(200);
    expect(calls).toHaveLength(1);
  });

  it('answers a malformed bot id like any other refused request', async () => {
    const response = await post('not-a-bot', SECRET, update);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'unauthorized' });
    expect(calls).toEqual([]);
  });

  it("with the channel's check, turns a wrong secret away before reading the body at all", async () => {
    await app.close();
    const checked: string[] = [];
    app = buildHttpServer({
      logger: pino({ level: 'silent' }),
      isDatabaseReachable: async () => true,
      channelRoutes: [
        telegramWebhookRoute({
          handleWebhook: handle,
          authorizes: (botId, secret) => {
            checked.push(botId);
            return botId === BOT && secret === SECRET;
          },
        }),
      ],
    });
    // Broken JSON: had the body been read, the answer would be 400, not 401.
    const forged = await post(BOT, 'well_formed_but_wrong', '{"update_id": 1, broken');
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toEqual({ error: 'unauthorized' });
    expect((await post('987654321', SECRET, update)).statusCode).toBe(401);
    expect(calls).toEqual([]);
    expect(checked).toEqual([BOT, '987654321']);
    expect((await post(BOT, SECRET, update)).statusCode).toBe(200);
    expect(calls).toHaveLength(1);
  });
});
