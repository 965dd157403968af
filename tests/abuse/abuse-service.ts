import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildHttpServer } from '../../src/admin/http-server.ts';
import { createApiKey } from '../../src/app/api-keys/create-api-key.ts';
import { startChatChannels, type ChatChannels } from '../../src/bots/chat-channels.ts';
import { connectTelegramBot } from '../../src/bots/telegram/telegram-connections.ts';
import { webhookSecret } from '../../src/bots/telegram/telegram-channel.ts';
import { connectTwilioAccount } from '../../src/bots/twilio/twilio-connections.ts';
import { UserSchema } from '../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages } from '../../src/i18n/translator.ts';
import { paymentSetup } from '../../src/payments/payment-setup.ts';
import { connectStripe } from '../../src/payments/stripe/stripe-accounts.ts';
import { startPayments } from '../../src/payments/start-payments.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { FakeBotApi } from '../support/fake-bot-api.ts';
import { FakeStripeApi } from '../support/fake-stripe-api.ts';
import { FakeTwilioApi } from '../support/fake-twilio-api.ts';
import { testPasswordHash } from '../support/panel-harness.ts';
import type { TestDatabase } from '../support/test-database.ts';

/** The service's secrets and the accounts the business connected, as the abuse tests sign with them. */
export const ABUSE = {
  appSecret: 'abuse-tests-app-secret-0123456789abcdef',
  publicUrl: 'https://book.example.test',
  telegramToken: '555000111:AAHabuseTestTokenForTheFakeBotApi_0123',
  twilioAccountSid: `AC${'7b'.repeat(16)}`,
  twilioAuthToken: 'feedface'.repeat(4),
  smsFrom: '+15005550006',
  whatsappFrom: '+14155238886',
  stripeKey: `sk_test_${'51AbuseTest'.repeat(3)}`,
  stripeWebhookSecret: `whsec_${'AbuseSecret'.repeat(3)}`,
} as const;

/**
 * The whole web role in one process, wired as `main.ts` wires it: the panel, REST API,
 * booking page and widget, web chat, payment return page, and every inbound webhook
 * (Telegram in webhook mode on the fake Bot API, Twilio SMS and WhatsApp on the fake
 * Twilio API, Stripe on the fake Stripe API), over one booking world that has a
 * Telegram bot, a Twilio account and Stripe connected. Served over real HTTP on
 * 127.0.0.1.
 */
export interface AbuseService {
  w: BookingWorld;
  app: FastifyInstance;
  /** `http://127.0.0.1:<port>`. */
  base: string;
  botApi: FakeBotApi;
  twilio: FakeTwilioApi;
  stripe: FakeStripeApi;
  channels: ChatChannels;
  /** The Telegram bot's id and the secret header Telegram sends with its updates. */
  telegram: { botId: string; secret: string };
  /** A write key of the business's REST API. */
  apiKey: string;
  /** Lines the service logged at warn or above. */
  logs: { level: number; msg: string; err?: { stack?: string } }[];
  stop(): Promise<void>;
}

export async function startAbuseService(db: TestDatabase): Promise<AbuseService> {
  const w = await makeBookingWorld(db.orm, { customers: 1 });
  const ctx = w.ctx;
  const botApi = new FakeBotApi();
  const twilio = new FakeTwilioApi();
  const stripe = await FakeStripeApi.start({ now: w.clock.now });
  await Promise.all([botApi.start(), twilio.start()]);
  twilio.addAccount(ABUSE.twilioAccountSid, ABUSE.twilioAuthToken);
  stripe.addKey(ABUSE.stripeKey);
  const { appSecret, publicUrl } = ABUSE;
  await connectTelegramBot(ctx, w.business.id, appSecret, ABUSE.telegramToken);
  await connectTwilioAccount(ctx, w.business.id, appSecret, { accountSid: ABUSE.twilioAccountSid, authToken: ABUSE.twilioAuthToken, smsFrom: ABUSE.smsFrom, whatsappFrom: ABUSE.whatsappFrom });
  await connectStripe(ctx, w.business.id, appSecret, { secretKey: ABUSE.stripeKey, webhookSecret: ABUSE.stripeWebhookSecret });
  const owner = emAcrossBusinesses(db.orm).create(UserSchema, { email: `owner.${w.business.slug}@example.com`, name: 'Owner', passwordHash: await testPasswordHash() });
  await emAcrossBusinesses(db.orm).persist(owner).flush();
  const apiKey = (await createApiKey(ctx, w.business.id, owner.id, { name: 'abuse', scope: 'write' })).plainKey;

  const logs: AbuseService['logs'] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void logs.push(JSON.parse(line) as AbuseService['logs'][number]) });
  const channels = await startChatChannels(ctx, logger, {
    appSecret,
    publicUrl,
    telegram: { botToken: undefined, mode: 'webhook', apiRoot: botApi.url },
    twilio: { account: undefined, apiBase: twilio.url },
    databaseUrl: db.url,
    preferredBusinessSlug: w.business.slug,
    parts: { telegramUpdates: false, whatsappSessions: false, accountsFromEnv: false },
  });
  const payments = await startPayments(ctx, logger, { appSecret: { current: appSecret, previous: undefined }, publicUrl, stripe: { apiBase: stripe.url }, kaspiPayLink: undefined, preferredBusinessSlug: w.business.slug });
  ctx.payments = payments.settings;
  const translator = await createTranslator(await loadMessages());
  const appSecrets = { current: appSecret, previous: undefined };
  const webhooks = { secrets: appSecrets, allowPrivateUrls: false };
  const app = buildHttpServer({
    logger,
    isDatabaseReachable: async () => true,
    webChat: { ctx, translator, appSecret, publicUrl, visitors: channels.webChatVisitors },
    bookingPage: { ctx, translator, appSecret, publicUrl, emailCodes: false },
    panel: {
      ctx,
      translator,
      appSecret,
      publicUrl,
      mailer: undefined,
      bots: channels.bots,
      whatsapp: channels.whatsapp,
      twilio: channels.twilio,
      webhooks,
      calendars: { secrets: appSecrets, sync: { secrets: appSecrets, providers: {} } },
      payments: paymentSetup({ ctx, appSecret: appSecrets, publicUrl }),
    },
    channelRoutes: channels.routes,
    paymentWebhooks: payments.webhooks,
    customerPages: { ctx, translator },
    api: { ctx, webhooks },
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const botId = ABUSE.telegramToken.split(':')[0]!;
  // Bots connect in the background: updates are posted once this one is connected.
  for (let i = 0; i < 500 && channels.readiness().connected < 2; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  return {
    w,
    app,
    base,
    botApi,
    twilio,
    stripe,
    channels,
    telegram: { botId, secret: webhookSecret(appSecret, botId) },
    apiKey,
    logs,
    async stop() {
      await app.close();
      await channels.stop();
      await Promise.all([botApi.stop(), twilio.stop(), stripe.stop()]);
    },
  };
}

/** Waits until `check` holds (polling every 20 ms, at most 10 s), failing with `what`. */
export async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}
