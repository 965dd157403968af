// Webhook fairness: `node bench/webhook/run.ts` (also run by `npm run bench`).
// One chat floods the bot (30 commands at once) while Telegram's pace applies (grammY's
// throttler: about one message a second per chat), then a second chat writes once.
// Measured: how long each of the flooding chat's webhook requests stays open (Telegram
// keeps at most `max_connections` open per bot: held-open requests starve every other
// chat of that bot), and how long the other chat's request takes. In-run reference: the
// webhook's own acknowledgement deadline.
import pino from 'pino';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { buildHttpServer } from '../../src/admin/http-server.ts';
import { telegramWebhookRoute } from '../../src/bots/telegram/telegram-webhook.ts';
import { connectTelegramBot } from '../../src/bots/telegram/telegram-connections.ts';
import { startTelegramChannel, webhookSecret } from '../../src/bots/telegram/telegram-channel.ts';
import { createTranslator, loadMessages } from '../../src/i18n/translator.ts';
import { makeBookingWorld } from '../../tests/support/booking-world.ts';
import { freePort } from '../../tests/support/free-port.ts';
import { median, openBenchDatabase } from '../support/bench-database.ts';
import { record } from '../support/bench-results.ts';

const FLOOD = 30;
const ACK_WITHIN_MS = 2_000;
const APP_SECRET = 'bench-webhook-secret-bench-webhook-secret-01';
const TOKEN = '777777:AAHwebhookBenchTokenForTheEmulator_0123456';

const db = await openBenchDatabase(10);
const emulatorPort = await freePort();
const emulator = new TelegramServer({ port: emulatorPort, host: '127.0.0.1', storeTimeout: 600 });
await emulator.start();
try {
  const w = await makeBookingWorld(db.orm);
  await connectTelegramBot(w.ctx, w.business.id, APP_SECRET, TOKEN);
  const channel = await startTelegramChannel(
    { ctx: w.ctx, translator: await createTranslator(await loadMessages()), logger: pino({ level: 'silent' }), appSecret: APP_SECRET, idleMinutes: 30 },
    { apiRoot: `http://127.0.0.1:${emulatorPort}`, mode: 'webhook', publicUrl: 'https://bookchat.test', throttle: true, registerWithTelegram: false, ackWithinMs: ACK_WITHIN_MS },
  );
  for (let i = 0; i < 400 && channel.status?.().some((b) => b.state !== 'connected'); i += 1) await new Promise((r) => setTimeout(r, 10));
  const app = buildHttpServer({ logger: pino({ level: 'silent' }), isDatabaseReachable: async () => true, channelRoutes: [telegramWebhookRoute(channel)] });
  const port = await freePort();
  await app.listen({ port, host: '127.0.0.1' });
  let updateId = 1;
  const post = async (chat: number, text: string) => {
    const t0 = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/telegram/777777`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': webhookSecret(APP_SECRET, '777777') },
      body: JSON.stringify({ update_id: updateId++, message: { message_id: updateId, date: 1_900_000_000, from: { id: chat, is_bot: false, first_name: 'A', language_code: 'en' }, chat: { id: chat, type: 'private', first_name: 'A' }, text } }),
    });
    await response.arrayBuffer();
    return performance.now() - t0;
  };
  // The flooding chat's first message makes its conversation; then the flood.
  await post(1001, '/start');
  const flood = Array.from({ length: FLOOD }, () => post(1001, '/help'));
  await new Promise((r) => setTimeout(r, 200));
  const other = await post(2002, '/start');
  const held = await Promise.all(flood);
  const sorted = [...held].sort((a, b) => a - b);
  console.log(`bench/webhook — Node ${process.version}, ${db.label}, throttler on, ${FLOOD} updates from one chat at once, then one from another chat`);
  console.log(`flooding chat: its webhook requests stayed open median ${median(held).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms (reference: the acknowledgement deadline, ${ACK_WITHIN_MS} ms)`);
  console.log(`the other chat's request: ${other.toFixed(0)} ms`);
  const late = held.filter((ms) => ms > ACK_WITHIN_MS + 1_000).length;
  console.log(`requests held open longer than the deadline + 1 s: ${late} of ${FLOOD}`);
  const deadline = { name: 'the acknowledgement deadline', value: ACK_WITHIN_MS, unit: 'ms' };
  record({ bench: 'webhook', figure: `flooding chat (${FLOOD} updates at once): longest webhook request`, value: sorted.at(-1)!, unit: 'ms', reference: deadline, target: 'every request within the deadline + 1 s', met: late === 0 });
  record({ bench: 'webhook', figure: "the other chat's request", value: other, unit: 'ms', reference: deadline });
  await app.close();
  await channel.stop();
} finally {
  await emulator.stop();
  await db.close();
}
