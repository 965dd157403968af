import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { ChannelIdentitySchema, ConversationSchema, CustomerSchema, ProcessedExternalEventSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { AUTH_TOKEN, messageSid, PUBLIC_URL, startTwilioHarness, type TwilioHarness } from './twilio-harness.ts';

// Twilio's webhooks are signed with the business's auth token over the public URL and
// the form: anything else is refused with 403 before a row is written; a MessageSid
// delivered twice is handled once.
let db: TestDatabase;
let h: TwilioHarness;
let numbers = 0;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  h = await startTwilioHarness(db);
});
afterAll(async () => {
  await h?.stop();
  await db?.drop();
});
afterEach(() => expect(h.logs.filter((l) => l.level >= 50)).toEqual([]));

const nextNumber = () => `+38066${String(4000000 + (numbers += 1)).padStart(7, '0')}`;

/** Everything a message from `phone` could have left behind. */
async function tracesOf(phone: string) {
  const em = emForBusiness(db.orm, h.w.business.id);
  return {
    customers: await em.count(CustomerSchema, { phone }),
    identities: await em.count(ChannelIdentitySchema, { externalId: phone }),
    conversations: await em.count(ConversationSchema, { chatId: phone }),
    events: await em.count(ProcessedExternalEventSchema, {}),
    sent: h.fake.sentTo(phone).length,
  };
}

describe('Twilio webhook security', () => {
  it('answers a signed message at once with empty TwiML, and replies through the REST API', async () => {
    const phone = nextNumber();
    const res = await h.inbound('sms', phone, 'hi');
    expect(res).toMatchObject({ status: 200, body: '<?xml version="1.0" encoding="UTF-8"?><Response/>' });
    expect(res.contentType).toContain('text/xml');
    expect(h.newTo(phone)).toHaveLength(1);
  });

  it.each([
    ['no signature', { signature: false as const }],
    ['a signature made with another token', { signature: twilio.getExpectedTwilioSignature('0'.repeat(32), `${PUBLIC_URL}/twilio/x/sms`, {}) }],
    ['a garbage signature', { signature: 'not-a-signature' }],
  ])('%s → 403, and nothing is stored or sent', async (_name, options) => {
    const phone = nextNumber();
    const before = await tracesOf(phone);
    const res = await h.inbound('sms', phone, 'hi', options);
    expect(res.status).toBe(403);
    expect(await tracesOf(phone)).toEqual(before);
    expect(before).toMatchObject({ customers: 0, identities: 0, conversations: 0, sent: 0 });
  });

  it('a body changed after signing → 403 (the signature covers every field)', async () => {
    const phone = nextNumber();
    const fields = { MessageSid: messageSid(), AccountSid: 'AC' + '5a'.repeat(16), From: phone, To: '+15005550006', Body: 'hi', NumMedia: '0' };
    const path = `/twilio/${h.w.business.slug}/sms`;
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${path}`, fields);
    const before = await tracesOf(phone);
    const res = await fetch(`${h.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams({ ...fields, Body: 'STOP' }).toString(),
    });
    expect(res.status).toBe(403);
    expect(await tracesOf(phone)).toEqual(before);
  });

  it('a signature for the SMS path does not open the WhatsApp one', async () => {
    const phone = nextNumber();
    const fields = { MessageSid: messageSid(), AccountSid: 'AC' + '5a'.repeat(16), From: `whatsapp:${phone}`, To: 'whatsapp:+14155238886', Body: 'hi' };
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/twilio/${h.w.business.slug}/sms`, fields);
    const res = await h.inbound('whatsapp', phone, 'hi', { fields, signature });
    expect(res.status).toBe(403);
  });

  it('an unknown business → 404; a message to another number, signed → 404; a signed form missing its fields → 400', async () => {
    const phone = nextNumber();
    expect((await h.inbound('sms', phone, 'hi', { slug: 'no-such-business' })).status).toBe(404);
    expect((await h.inbound('sms', phone, 'hi', { fields: { To: '+15005550001' } })).status).toBe(404);
    expect((await h.inbound('sms', phone, 'hi', { fields: { MessageSid: 'nope', SmsMessageSid: 'nope' } })).status).toBe(400);
    expect(await tracesOf(phone)).toMatchObject({ customers: 0, conversations: 0, sent: 0 });
  });

  it('a replayed MessageSid is handled once', async () => {
    const phone = nextNumber();
    const sid = messageSid();
    const first = await h.inbound('sms', phone, 'hi', { messageSid: sid });
    const again = await h.inbound('sms', phone, 'hi', { messageSid: sid });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body).toBe(first.body);
    expect(h.newTo(phone)).toHaveLength(1);
    const em = emForBusiness(db.orm, h.w.business.id);
    expect(await em.count(ProcessedExternalEventSchema, { provider: 'twilio', eventId: sid })).toBe(1);
    const conversation = await em.findOneOrFail(ConversationSchema, { channel: 'sms', chatId: phone });
    expect(conversation.version).toBe(1);
  });

  it('a status callback sent to the same URL is answered and ignored', async () => {
    const phone = nextNumber();
    const res = await h.inbound('sms', phone, '', { fields: { MessageStatus: 'delivered', SmsStatus: 'delivered' } });
    expect(res.status).toBe(200);
    expect(await tracesOf(phone)).toMatchObject({ customers: 0, conversations: 0, sent: 0 });
  });
});
