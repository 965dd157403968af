import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerChannelRoutes } from '../../../src/admin/channel-routes.ts';
import { postgresConversationStore } from '../../../src/bots/engine/postgres-conversation-store.ts';
import { startTwilioChannels, type TwilioChannels } from '../../../src/bots/twilio/twilio-channel.ts';
import { twilioConnector } from '../../../src/bots/twilio/twilio-connector.ts';
import type { WhatsAppChannel } from '../../../src/bots/whatsapp/whatsapp-channel.ts';
import { AuditEntrySchema, TwilioAccountSchema, WhatsAppAccountSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages } from '../../../src/i18n/translator.ts';
import { FakeTwilioApi } from '../../support/fake-twilio-api.ts';
import { startPanelHarness, TEST_APP_SECRET, type PanelClient, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { fakeSocketFactory } from '../../bots/whatsapp/fake-whatsapp-socket.ts';
import { startWhatsAppChannel } from '../../../src/bots/whatsapp/whatsapp-channel.ts';

// The Channels page's numbers: a Twilio account connected from the panel answers a
// signed SMS webhook at once (real HTTP, the fake Twilio API), and a WhatsApp number is
// linked by QR — the page polls a fragment that shows the code, then the connection —
// against Baileys' own event buffer behind a fake socket.
const PUBLIC_URL = 'https://book.example.test';
const SID = `AC${'7b'.repeat(16)}`;
const TOKEN = 'deadbeef'.repeat(4);
const SMS_FROM = '+15005550123';
const CUSTOMER = '+380671112233';

let db: TestDatabase;
let h: PanelHarness;
let admin: PanelClient;
let fake: FakeTwilioApi;
let channels: TwilioChannels;
let whatsapp: WhatsAppChannel;
let sockets: ReturnType<typeof fakeSocketFactory>;
let webhooks: FastifyInstance;
let webhookBase: string;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  fake = new FakeTwilioApi();
  await fake.start();
  fake.addAccount(SID, TOKEN);
  const ctx = { orm: db.orm, now: () => Date.now(), conversations: postgresConversationStore(db.orm) };
  const translator = await createTranslator(await loadMessages());
  const logger = pino({ level: 'silent' });
  channels = await startTwilioChannels({ ctx, translator, logger, appSecret: TEST_APP_SECRET, publicUrl: PUBLIC_URL, apiBase: fake.url, idleMinutes: 30 });
  sockets = fakeSocketFactory();
  whatsapp = await startWhatsAppChannel(
    { ctx, translator, logger, appSecret: TEST_APP_SECRET, idleMinutes: 30, databaseUrl: db.url },
    { socketFactory: sockets.factory, pace: { numberGapMs: [0, 2], chatGapMs: [0, 2] }, reconnect: { baseMs: 20, maxMs: 200, lockRetryMs: 50 }, onQr: () => undefined },
  );
  h = await startPanelHarness(db.orm, {
    publicUrl: PUBLIC_URL,
    deps: { twilio: twilioConnector({ ctx, appSecret: TEST_APP_SECRET, publicUrl: PUBLIC_URL, channels }), whatsapp },
  });
  admin = await h.as('admin');
  webhooks = Fastify();
  await registerChannelRoutes(webhooks, [...channels.sms.routes, ...channels.whatsapp.routes]);
  webhookBase = await webhooks.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await webhooks?.close();
  await whatsapp?.stop();
  await channels?.sms.stop();
  await channels?.whatsapp.stop();
  await h?.close();
  await fake?.stop();
  await db?.drop();
});

const page = () => `/admin/b/${h.world.business.slug}/channels`;
const em = () => emForBusiness(db.orm, h.world.business.id);

/** A customer's SMS as Twilio posts it, signed with the account's token. */
async function sms(body: string): Promise<number> {
  const path = `/twilio/${h.world.business.slug}/sms`;
  const fields = { MessageSid: `SM${Date.now().toString(16).padStart(32, '0')}`, AccountSid: SID, From: CUSTOMER, To: SMS_FROM, Body: body, NumMedia: '0' };
  const res = await fetch(`${webhookBase}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC_URL}${path}`, fields) },
    body: new URLSearchParams(fields).toString(),
  });
  await channels.idle();
  return res.status;
}

describe('Channels page: Twilio', () => {
  it.each([
    ['a malformed account SID', { accountSid: 'AC123', authToken: TOKEN, smsFrom: SMS_FROM }, 'accountSid', 'This is not an Account SID'],
    ['a malformed token', { accountSid: SID, authToken: 'secret', smsFrom: SMS_FROM }, 'authToken', 'This is not an auth token'],
    ['no number at all', { accountSid: SID, authToken: TOKEN, smsFrom: '', whatsappFrom: '' }, 'smsFrom', 'Enter an SMS number, a WhatsApp number, or both.'],
    ['a number without its country code', { accountSid: SID, authToken: TOKEN, smsFrom: '5550123' }, 'smsFrom', 'international form'],
    ['a template for an unknown topic', { accountSid: SID, authToken: TOKEN, smsFrom: SMS_FROM, templates: `booking.party = HX${'1'.repeat(32)}` }, 'templates', ''],
    ['a template SID that is not one', { accountSid: SID, authToken: TOKEN, smsFrom: SMS_FROM, templates: 'booking.reminder = 1234' }, 'templates', 'content SID starting with HX'],
  ])('refuses %s next to its field, stores nothing and never types the token back', async (_name, form, field, message) => {
    const response = await admin.post(`${page()}/twilio`, form);
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain(`id="f-${field}-error"`);
    expect(response.body).toContain(message);
    expect(response.body).not.toContain(TOKEN);
    expect(await em().count(TwilioAccountSchema, {})).toBe(0);
  });

  it('connects the account without a restart: a signed SMS is answered through Twilio at once; the token is never shown', async () => {
    expect(await sms('hi')).toBe(404);
    const response = await admin.post(`${page()}/twilio`, { accountSid: SID, authToken: TOKEN, smsFrom: SMS_FROM, whatsappFrom: '', templates: `booking.reminder = HX${'ab'.repeat(16)}` });
    expect(response.statusCode, response.body.slice(response.body.indexOf('<main'))).toBe(303);
    expect(channels.sms.sender.readyFor?.(h.world.business.id)).toBe(true);

    expect(await sms('hi')).toBe(200);
    expect(fake.sentTo(CUSTOMER).at(-1)?.body).toContain('Kyiv Studio');

    const shown = await admin.get(`${page()}?notice=twilio_connected`);
    expect(shown.body).toContain('Twilio is connected');
    expect(shown.body).toContain(`${PUBLIC_URL}/twilio/${h.world.business.slug}/sms`);
    expect(shown.body).toContain('AC7b7b…7b7b');
    expect(shown.body).toContain('booking.reminder = HX');
    expect(shown.body).not.toContain(TOKEN);
    const row = await em().findOneOrFail(TwilioAccountSchema, { business: h.world.business.id });
    expect(row.authTokenCiphertext).not.toContain(TOKEN);
    expect(await em().count(AuditEntrySchema, { action: 'channel.twilio_connected' })).toBe(1);
  });

  it('refuses a number another business has connected', async () => {
    const other = h.other.business.id;
    await emAcrossBusinesses(db.orm).nativeUpdate(TwilioAccountSchema, { business: h.world.business.id }, { business: other });
    try {
      const response = await admin.post(`${page()}/twilio`, { accountSid: SID, authToken: TOKEN, smsFrom: SMS_FROM });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain('This number is already connected to another business.');
    } finally {
      await emAcrossBusinesses(db.orm).nativeUpdate(TwilioAccountSchema, { business: other }, { business: h.world.business.id });
    }
  });

  it('disconnects: the number is no longer served and the sealed token is gone', async () => {
    const response = await admin.post(`${page()}/twilio/disconnect`);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toContain('notice=twilio_disconnected');
    expect(channels.sms.sender.readyFor?.(h.world.business.id)).toBe(false);
    expect(await em().count(TwilioAccountSchema, {})).toBe(0);
    expect(await sms('hi')).toBe(404);
  });
});

describe('Channels page: WhatsApp number', () => {
  const status = () => admin.get(`${page()}/whatsapp/status`);

  it('refuses a pairing phone that is not a phone number', async () => {
    const response = await admin.post(`${page()}/whatsapp/link`, { phone: '12' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('This does not look like a phone number with its country code.');
    expect(sockets.sockets).toHaveLength(0);
  });

  it('links by QR: the polled fragment shows the code, then the number once the phone scanned it; unlinking logs it out', async () => {
    const shown = await admin.get(page());
    expect(shown.body).toContain('No WhatsApp number is linked yet.');
    expect(shown.body).toContain('unofficial');

    const started = await admin.post(`${page()}/whatsapp/link`);
    expect(started.statusCode).toBe(303);
    await vi.waitFor(() => expect(sockets.sockets).toHaveLength(1), { timeout: 10_000 });
    sockets.last().qr('2@panelqr,noisekey,identitykey,advsecret');
    await vi.waitFor(async () => expect((await status()).body).toContain('data:image/png;base64,'), { timeout: 10_000 });
    const linking = (await status()).body;
    expect(linking).toContain('hx-trigger="every 2s"');
    expect(linking).toContain('Linked devices');

    // The scan: WhatsApp signs the device in, asks for a restart, and the new socket opens.
    sockets.last().paired('77015550000');
    sockets.last().close(515);
    await vi.waitFor(() => expect(sockets.sockets).toHaveLength(2), { timeout: 10_000 });
    sockets.last().open('77015550000:7@s.whatsapp.net');
    await vi.waitFor(async () => expect((await status()).body).toContain('Connected: +77015550000'), { timeout: 10_000 });
    expect((await status()).body).not.toContain('hx-trigger');

    const unlinked = await admin.post(`${page()}/whatsapp/unlink`);
    expect(unlinked.headers.location).toContain('notice=whatsapp_unlinked');
    expect(sockets.sockets[1]!.loggedOut).toBe(true);
    expect(await em().count(WhatsAppAccountSchema, {})).toBe(0);
    expect((await admin.get(page())).body).toContain('No WhatsApp number is linked yet.');
  });
});
