import { Api } from 'grammy';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { saveMessageTemplate } from '../../src/app/message-templates/save-message-template.ts';
import { telegramSender } from '../../src/bots/telegram/telegram-sender.ts';
import { ChannelIdentitySchema, CustomerSchema, OutboxDeliverySchema, OutboxMessageSchema } from '../../src/db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages, type Translator } from '../../src/i18n/translator.ts';
import { dispatchRound } from '../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../src/jobs/send-rate-limiter.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { FakeBotApi } from '../support/fake-bot-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// A business's own wording reaches the customer through the path every notification
// takes: the outbox, the fan-out, the dispatcher and the real Telegram sender (grammY
// against a local Bot API); the default wording where it has none.
let db: TestDatabase;
let w: BookingWorld;
let translator: Translator;
const fake = new FakeBotApi();
const owner = { kind: 'business' as const, userId: null };
// Customer 0 reads English, customer 1 Russian.
const CHATS = ['500', '501'];

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 2 });
  await fake.start();
  translator = await createTranslator(await loadMessages());
  const em = emForBusiness(db.orm, w.business.id);
  for (const [i, chat] of CHATS.entries()) {
    em.create(ChannelIdentitySchema, { business: w.business.id, channel: 'telegram', externalId: chat, customer: w.customers[i]! });
    await em.nativeUpdate(CustomerSchema, { id: w.customers[i]! }, { locale: i === 0 ? 'en' : 'ru' });
  }
  await em.flush();
});
afterAll(async () => {
  await fake.stop();
  await db.drop();
});
beforeEach(async () => {
  fake.sent.length = 0;
  const em = emAcrossBusinesses(db.orm);
  await em.nativeDelete(OutboxDeliverySchema, {});
  await em.nativeDelete(OutboxMessageSchema, {});
});

const defaults = (language: 'en' | 'ru' | 'uk' | 'kk', key: string) => translator.t(language, key);
const api = () => new Api('900901:AAHtemplatesTestToken_0123456789abcd', { apiRoot: fake.url });
async function deliver(): Promise<void> {
  const bot = api();
  const sender = telegramSender({ ctx: w.ctx, translator, apiFor: (id) => (id === w.business.id ? bot : undefined), limits: { perSecond: 1000, perChatIntervalMs: 0 } });
  await dispatchRound({ ctx: w.ctx, logger: pino({ level: 'silent' }), senders: new Map([['telegram', sender]]), limiter: new SendRateLimiter(w.ctx.now, async () => {}) });
}
const book = (customer: number, time: string) =>
  createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[customer]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at(time, 2) });
const textsTo = (chat: string) => fake.sent.filter((m) => m.chatId === chat).map((m) => m.text);

describe('message templates in sent notifications', () => {
  it('sends the default wording while the business has no template', async () => {
    await book(0, '10:00');
    await deliver();
    expect(textsTo(CHATS[0]!).some((t) => t.startsWith('Confirmed: Haircut'))).toBe(true);
  });

  it("sends the business's own wording, placeholders filled, in the customer's language only", async () => {
    const saved = await saveMessageTemplate(w.ctx, w.business.id, owner, { key: 'notify.customer.confirmed', language: 'en', body: 'All set! {{service}} on {{when}} with {{ staff }}. Bring a smile.' }, defaults);
    expect(saved).toEqual({ ok: true, now: 'custom' });
    await book(0, '11:00');
    await book(1, '12:00');
    await deliver();
    const english = textsTo(CHATS[0]!).find((t) => t.startsWith('All set!'));
    expect(english).toMatch(/^All set! Haircut on .+ with .+\. Bring a smile\./);
    expect(english).not.toContain('{{');
    // No Russian template: the Russian customer reads the default Russian wording.
    const russian = textsTo(CHATS[1]!);
    expect(russian.some((t) => t.startsWith('All set!'))).toBe(false);
    expect(russian.some((t) => t.startsWith(translator.t('ru', 'notify.customer.confirmed', { service: 'Haircut' }).split(':')[0]!))).toBe(true);
  });

  it('a changed template is used at once, and a blank one brings the default back', async () => {
    await saveMessageTemplate(w.ctx, w.business.id, owner, { key: 'notify.customer.confirmed', language: 'en', body: 'Version two: {{service}}.' }, defaults);
    await book(0, '13:00');
    await deliver();
    expect(textsTo(CHATS[0]!)).toContain('Version two: Haircut.');

    fake.sent.length = 0;
    expect(await saveMessageTemplate(w.ctx, w.business.id, owner, { key: 'notify.customer.confirmed', language: 'en', body: '  ' }, defaults)).toEqual({ ok: true, now: 'default' });
    await book(0, '14:00');
    await deliver();
    const texts = textsTo(CHATS[0]!);
    expect(texts.some((t) => t.startsWith('Confirmed: Haircut'))).toBe(true);
    expect(texts.some((t) => t.startsWith('Version two'))).toBe(false);
  });

  it('refuses a placeholder the message does not have, and stores nothing', async () => {
    const result = await saveMessageTemplate(w.ctx, w.business.id, owner, { key: 'notify.customer.rescheduled', language: 'en', body: 'Moved: {{service}} to {{when}} with {{staff}} at {{price}}' }, defaults);
    expect(result).toEqual({ ok: false, field: 'body', reason: 'templates_unknown_placeholder', unknown: ['staff', 'price'], allowed: ['service', 'when'] });
  });
});
