import Stripe from 'stripe';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationSchema, ProcessedExternalEventSchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { changedTables, countAllTables } from '../support/table-counts.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { ABUSE, startAbuseService, until, type AbuseService } from './abuse-service.ts';

// Every inbound webhook of the web role (Telegram's secret token, Twilio's signature on
// SMS and WhatsApp, Stripe's signature) met with forged, missing, tampered and stale
// credentials: each is refused with a 4xx and not one row of any table changes. A
// correctly signed event delivered again is a no-op: its external id is recorded once.
let db: TestDatabase;
let s: AbuseService;
let numbers = 0;
let updateIds = 9_000;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  s = await startAbuseService(db);
});
afterAll(async () => {
  await s?.stop();
  await db?.drop();
});

const counts = () => countAllTables(db.url);
const em = () => emForBusiness(db.orm, s.w.business.id);

/** Runs `attempts` one after another and expects each refused with `status`, and no table changed by any of them. */
async function expectRefusedAndNothingChanged(attempts: [name: string, send: () => Promise<Response>][], status: number | ((status: number) => boolean)): Promise<void> {
  const before = await counts();
  for (const [name, send] of attempts) {
    const response = await send();
    const body = await response.text();
    if (typeof status === 'number') expect(response.status, `${name}: ${body}`).toBe(status);
    else expect(status(response.status), `${name}: ${response.status} ${body}`).toBe(true);
  }
  // Anything accepted by mistake would be handled in the background: give it the time a real one takes.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(changedTables(before, await counts())).toEqual({});
  expect(s.twilio.sent).toHaveLength(sentBefore);
}
let sentBefore = 0;

describe('Telegram webhook (X-Telegram-Bot-Api-Secret-Token)', () => {
  const update = () => ({
    update_id: (updateIds += 1),
    message: { message_id: updateIds, date: 1_900_000_000, from: { id: 4242, is_bot: false, first_name: 'Mallory' }, chat: { id: 4242, type: 'private', first_name: 'Mallory' }, text: '/start' },
  });
  const post = (body: unknown, secret: string | null, botId = s.telegram.botId) =>
    fetch(`${s.base}/telegram/${botId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }) },
      body: JSON.stringify(body),
    });

  it('a missing, forged, another bot’s or malformed secret → 401, and no table changes', async () => {
    sentBefore = s.twilio.sent.length;
    const calls = s.botApi.calls;
    await expectRefusedAndNothingChanged(
      [
        ['no secret', () => post(update(), null)],
        ['empty secret', () => post(update(), '')],
        ['forged secret', () => post(update(), 'forged_secret_of_the_right_shape_0123456789')],
        ['the secret with one character changed', () => post(update(), `${s.telegram.secret.slice(0, -1)}${s.telegram.secret.endsWith('a') ? 'b' : 'a'}`)],
        ['the right secret for another bot id', () => post(update(), s.telegram.secret, '987654321')],
        ['a secret that is not a Telegram token', () => post(update(), 'sé cret/../')],
      ],
      401,
    );
    // Refused before the bot did anything: no Bot API call was made for them.
    expect(s.botApi.calls).toBe(calls);
  });

  it('a correctly signed update delivered again is a no-op', async () => {
    const first = update();
    const chatId = String(first.message.chat.id);
    const repliesBefore = s.botApi.sent.length;
    expect((await post(first, s.telegram.secret)).status).toBe(200);
    // Handled to the end: its state saved and its reply sent (the webhook may answer
    // before that, when handling outlasts its acknowledgement deadline on a busy host).
    await until(
      async () => ((await em().findOne(ConversationSchema, { channel: 'telegram', chatId }))?.version ?? 0) >= 1 && s.botApi.sent.length > repliesBefore,
      'the first delivery to be handled',
    );
    const conversation = await em().findOneOrFail(ConversationSchema, { channel: 'telegram', chatId });
    const before = await counts();
    const sent = s.botApi.sent.length;
    for (let i = 0; i < 3; i += 1) expect((await post(first, s.telegram.secret)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(changedTables(before, await counts())).toEqual({});
    expect((await em().findOneOrFail(ConversationSchema, { channel: 'telegram', chatId })).version).toBe(conversation.version);
    expect(s.botApi.sent).toHaveLength(sent);
  });
});

describe('Twilio webhooks (X-Twilio-Signature), SMS and WhatsApp', () => {
  const nextNumber = () => `+38066${String(7000000 + (numbers += 1)).padStart(7, '0')}`;
  const fieldsFor = (channel: 'sms' | 'whatsapp', from: string, sid = `SM${(Date.now() * 1000 + numbers).toString(16).padStart(32, '0')}`) => {
    const prefix = channel === 'whatsapp' ? 'whatsapp:' : '';
    return {
      MessageSid: sid,
      SmsMessageSid: sid,
      AccountSid: ABUSE.twilioAccountSid,
      From: `${prefix}${from}`,
      To: `${prefix}${channel === 'sms' ? ABUSE.smsFrom : ABUSE.whatsappFrom}`,
      Body: 'hi',
      NumMedia: '0',
    };
  };
  const sign = (path: string, fields: Record<string, string>, token: string = ABUSE.twilioAuthToken) => twilio.getExpectedTwilioSignature(token, `${ABUSE.publicUrl}${path}`, fields);
  const post = (path: string, fields: Record<string, string>, signature: string | null) =>
    fetch(`${s.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature === null ? {} : { 'x-twilio-signature': signature }) },
      body: new URLSearchParams(fields).toString(),
    });

  it.each(['sms', 'whatsapp'] as const)('%s: missing, forged, tampered, wrong-URL and other-token signatures → 403, and no table changes', async (channel) => {
    sentBefore = s.twilio.sent.length;
    const path = `/twilio/${s.w.business.slug}/${channel}`;
    const other = channel === 'sms' ? 'whatsapp' : 'sms';
    const fields = fieldsFor(channel, nextNumber());
    await expectRefusedAndNothingChanged(
      [
        ['no signature', () => post(path, fields, null)],
        ['empty signature', () => post(path, fields, '')],
        ['garbage signature', () => post(path, fields, 'bm90IGEgc2lnbmF0dXJl')],
        ['signed with another auth token', () => post(path, fields, sign(path, fields, '0'.repeat(32)))],
        ['a field changed after signing', () => post(path, { ...fields, Body: 'STOP' }, sign(path, fields))],
        ['a field added after signing', () => post(path, { ...fields, ProfileName: 'Eve' }, sign(path, fields))],
        ['signed for the other channel’s URL', () => post(path, fields, sign(`/twilio/${s.w.business.slug}/${other}`, fields))],
        ['signed for the service’s plain-http URL', () => post(path, fields, twilio.getExpectedTwilioSignature(ABUSE.twilioAuthToken, `http://book.example.test${path}`, fields))],
      ],
      403,
    );
  });

  it.each(['sms', 'whatsapp'] as const)('%s: a correctly signed message delivered again is a no-op (its MessageSid recorded once)', async (channel) => {
    const path = `/twilio/${s.w.business.slug}/${channel}`;
    const from = nextNumber();
    const fields = fieldsFor(channel, from);
    const signature = sign(path, fields);
    expect((await post(path, fields, signature)).status).toBe(200);
    const to = channel === 'whatsapp' ? `whatsapp:${from}` : from;
    await until(() => s.twilio.sentTo(to).length > 0 || s.twilio.sentTo(from).length > 0, 'the reply to the first delivery');
    await until(async () => (await em().count(ProcessedExternalEventSchema, { provider: 'twilio', eventId: fields.MessageSid })) === 1, 'the MessageSid to be recorded');
    const before = await counts();
    const sent = s.twilio.sent.length;
    for (let i = 0; i < 3; i += 1) expect((await post(path, fields, signature)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(changedTables(before, await counts())).toEqual({});
    expect(s.twilio.sent).toHaveLength(sent);
    expect(await em().count(ProcessedExternalEventSchema, { provider: 'twilio', eventId: fields.MessageSid })).toBe(1);
  });
});

describe('Stripe webhook (Stripe-Signature)', () => {
  const path = () => `/webhooks/stripe/${s.w.business.slug}`;
  const post = (body: Buffer | string, signature: string | null) =>
    fetch(`${s.base}${path()}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'stripe-signature': signature }) }, body });
  const session = () => ({ id: `cs_test_${Math.random().toString(36).slice(2)}`, object: 'checkout.session', payment_status: 'paid', status: 'complete', amount_total: 12000, currency: 'uah', payment_intent: 'pi_abuse', metadata: {} });

  it('missing, forged, tampered, stale and future signatures → 400, and no table changes', async () => {
    sentBefore = s.twilio.sent.length;
    const good = s.stripe.signedEvent('checkout.session.completed', session(), ABUSE.stripeWebhookSecret);
    const forged = s.stripe.signedEvent('checkout.session.completed', session(), `whsec_${'Forged0000'.repeat(3)}`);
    const nowSeconds = Math.floor(s.w.clock.now() / 1000);
    const stale = s.stripe.signedEvent('checkout.session.completed', session(), ABUSE.stripeWebhookSecret, { timestamp: nowSeconds - 3600 });
    const future = s.stripe.signedEvent('checkout.session.completed', session(), ABUSE.stripeWebhookSecret, { timestamp: nowSeconds + 3600 });
    const tampered = Buffer.from(good.body.toString('utf8').replace('"amount_total": 12000', '"amount_total": 1'));
    const v1 = /v1=([0-9a-f]+)/.exec(good.signature)![1]!;
    await expectRefusedAndNothingChanged(
      [
        ['no signature', () => post(good.body, null)],
        ['empty signature', () => post(good.body, '')],
        ['signed with another secret', () => post(forged.body, forged.signature)],
        ['the body changed after signing', () => post(tampered, good.signature)],
        ['the body re-serialised', () => post(JSON.stringify(JSON.parse(good.body.toString('utf8'))), good.signature)],
        ['an hour old (a replayed capture)', () => post(stale.body, stale.signature)],
        ['an hour ahead', () => post(future.body, future.signature)],
        ['the v1 hash without its timestamp', () => post(good.body, `v1=${v1}`)],
        ['a v0 scheme only', () => post(good.body, `t=${nowSeconds},v0=${v1}`)],
        ['garbage', () => post(good.body, 'not a signature at all')],
      ],
      400,
    );
  });

  it('a correctly signed event delivered again is a no-op (its event id recorded once)', async () => {
    const event = s.stripe.signedEvent('checkout.session.completed', session(), ABUSE.stripeWebhookSecret);
    expect((await post(event.body, event.signature)).status).toBe(200);
    expect(await em().count(ProcessedExternalEventSchema, { provider: 'stripe', eventId: event.eventId })).toBe(1);
    const before = await counts();
    for (let i = 0; i < 3; i += 1) expect((await post(event.body, event.signature)).status).toBe(200);
    // The same event signed again later (Stripe's retries carry a new timestamp) is the same event.
    const again = Stripe.webhooks.generateTestHeaderString({ payload: event.body.toString('utf8'), secret: ABUSE.stripeWebhookSecret, timestamp: Math.floor(s.w.clock.now() / 1000) + 60 });
    expect((await post(event.body, again)).status).toBe(200);
    expect(changedTables(before, await counts())).toEqual({});
    expect(await em().count(ProcessedExternalEventSchema, { provider: 'stripe', eventId: event.eventId })).toBe(1);
  });
});
