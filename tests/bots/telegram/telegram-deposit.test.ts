import jsQRModule from 'jsqr';
import pino from 'pino';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingSchema, PaymentSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { webhookSecret } from '../../../src/bots/telegram/telegram-channel.ts';
import { actOnBooking } from '../../../src/bots/team/team-actions.ts';
import { notificationMessage } from '../../../src/bots/notification-messages.ts';
import { dispatchRound } from '../../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../../src/jobs/send-rate-limiter.ts';
import { cashProvider } from '../../../src/payments/cash-provider.ts';
import { connectKaspi } from '../../../src/payments/kaspi/kaspi-account.ts';
import { kaspiProvider } from '../../../src/payments/kaspi/kaspi-provider.ts';
import { OutboxMessageSchema, StaffChannelIdentitySchema, TeamChatSchema } from '../../../src/db/entities/index.ts';
import { createTranslator, loadMessages } from '../../../src/i18n/translator.ts';
import type { TeamDeps } from '../../../src/bots/team/team-deps.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { TEST_APP_SECRET } from '../../support/panel-harness.ts';
import { startTelegramOnFakeApi, type TelegramOnFakeApi } from '../../support/telegram-on-fake-api.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// A deposit through the Telegram adapter against the fake Bot API: the customer books a
// massage, gets the Kaspi link as a QR photo with "I paid", and the team's Paid (or Not
// received) on the booking post settles it; the customer hears of it in the chat.
const KASPI_LINK = 'https://pay.kaspi.kz/pay/tg-deposit-test';
const TOKEN = '880011:AAHdepositTestTokenForTheFakeBotApi_01';
const BOT_ID = '880011';
const jsQR = jsQRModule.default;

let db: TestDatabase;
let w: BookingWorld;
let tg: TelegramOnFakeApi;
let updates = 1;
let team: TeamDeps;
const STAFF_ACCOUNT = '7770001';
const TEAM_CHAT = '-1009401';

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  w = await makeBookingWorld(db.orm, { customers: 1, slug: 'tg-deposit' });
  tg = await startTelegramOnFakeApi(db.orm, { now: w.clock.now, payments: (ctx) => ({ providers: [kaspiProvider({ ctx }), cashProvider()], publicUrl: 'https://bookchat.test' }) });
  expect((await tg.bots.connectTelegram(w.business.id, TOKEN, { kind: 'business', userId: null })).kind).toBe('connected');
  await connectKaspi(tg.ctx, w.business.id, { payLink: KASPI_LINK, billingPhone: '+77011234567' }, { kind: 'business', userId: null });
  // A specialist whose Telegram account is linked (linking itself is tested elsewhere).
  const scoped = em();
  scoped.create(StaffChannelIdentitySchema, { business: w.business.id, staff: w.staff[0]!.id, channel: 'telegram', externalId: STAFF_ACCOUNT });
  // The team's Telegram group (linking itself is tested elsewhere).
  scoped.create(TeamChatSchema, { business: w.business.id, channel: 'telegram', chatId: TEAM_CHAT, title: 'Studio team' });
  await scoped.flush();
  team = { ctx: tg.ctx, translator: await createTranslator(await loadMessages()), logger: pino({ level: 'silent' }), appSecret: TEST_APP_SECRET };
});
afterAll(async () => {
  await tg?.stop();
  await db?.drop();
});

const em = () => emForBusiness(db.orm, w.business.id);
const send = (update: Record<string, unknown>) => tg.channel.handleWebhook(BOT_ID, webhookSecret(TEST_APP_SECRET, BOT_ID), { update_id: updates++, ...update });
const from = (id: number) => ({ id, is_bot: false, first_name: 'Olena', language_code: 'en' });
const say = (chat: number, text: string) => send({ message: { message_id: updates, date: 1_900_000_000, from: from(chat), chat: { id: chat, type: 'private', first_name: 'Olena' }, text } });

/** Presses the button labelled `label` (its start) on the chat's last message. */
async function press(chat: number, label: string): Promise<void> {
  const last = tg.api.last.get(String(chat));
  const button = last?.buttons.find((b) => b.text.startsWith(label) && b.callback_data);
  if (!last || !button) throw new Error(`no "${label}" in: ${last?.buttons.map((b) => b.text).join(' | ')}`);
  await send({ callback_query: { id: `cq-${updates}`, from: from(chat), chat_instance: '1', data: button.callback_data, message: { message_id: last.messageId, date: 1, chat: { id: chat, type: 'private' }, text: last.text } } });
}

const outbox = (chat: number) =>
  dispatchRound({ ctx: tg.ctx, logger: pino({ level: 'silent' }), senders: new Map([['telegram', tg.channel.sender]]), limiter: new SendRateLimiter(tg.ctx.now, async () => {}) }).then(() => tg.api.last.get(String(chat))?.text ?? '');

async function bookMassage(chat: number, time: string): Promise<string> {
  await say(chat, '/start');
  await press(chat, '📅');
  await press(chat, 'Massage');
  await press(chat, 'Anyone');
  await press(chat, 'Wed');
  await press(chat, time);
  await press(chat, 'Olena');
  await send({ message: { message_id: updates, date: 1_900_000_000, from: from(chat), chat: { id: chat, type: 'private', first_name: 'Olena' }, contact: { phone_number: `+38067${chat}`, first_name: 'Olena', user_id: chat } } });
  await press(chat, '✅');
  return (await em().findOneOrFail(BookingSchema, { status: 'pending', awaiting: 'payment' }, { orderBy: { createdAt: 'desc' } })).id;
}

describe('a deposit in Telegram', () => {
  it('sends the Kaspi QR as a photo with “I paid”; the team’s Paid confirms and the customer is told', async () => {
    const chat = 9_401_001;
    const bookingId = await bookMassage(chat, '11:00');
    const photo = tg.api.photos.filter((p) => p.chatId === String(chat)).at(-1)!;
    expect(photo.caption).toContain('Scan to pay');
    expect(photo.caption).toContain('Pay in the Kaspi app');
    const png = PNG.sync.read(photo.png);
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(KASPI_LINK);
    const buttons = tg.api.last.get(String(chat))!.buttons;
    expect(buttons.map((b) => b.text)).toContain('✅ I paid');

    await press(chat, '✅ I paid');
    expect(tg.api.last.get(String(chat))?.text).toContain('The team will confirm your booking');

    const acted = await actOnBooking(team, { businessId: w.business.id, channel: 'telegram', chatId: '-100', actorAccount: STAFF_ACCOUNT, bookingId, action: 'paid' });
    expect(acted.ok ? 'ok' : JSON.stringify(acted.reason)).toBe('ok');
    expect(await em().findOneOrFail(PaymentSchema, { booking: bookingId })).toMatchObject({ status: 'paid', provider: 'kaspi', markedPaidBy: `staff:${w.staff[0]!.id}` });
    const told = await outbox(chat);
    expect(told).toContain('Confirmed: Massage');
    expect(told).toMatch(/Payment received: .*\(ref\. [0-9A-F]{8}\)/);
  });

  it('the team’s post names the Kaspi payment and the phone to bill; “Not received” releases the time and tells the customer', async () => {
    const chat = 9_401_002;
    const bookingId = await bookMassage(chat, '12:00');
    // A receipt screenshot: copied into the team's group, and a note for every team chat.
    await send({ message: { message_id: 4242, date: 1_900_000_000, from: from(chat), chat: { id: chat, type: 'private', first_name: 'Olena' }, photo: [{ file_id: 'f1', file_unique_id: 'u1', width: 90, height: 160 }], caption: 'receipt' } });
    expect(tg.api.copies).toContainEqual({ chatId: TEAM_CHAT, fromChatId: String(chat), messageId: 4242 });
    expect(tg.api.last.get(String(chat))?.text).toContain('we passed it on to the team');
    const notes = await em().find(OutboxMessageSchema, { topic: 'conversation.message' });
    expect(notes.some((n) => String(n.payload['text']) === '📷 receipt')).toBe(true);
    const post = await notificationMessage(tg.ctx, { businessId: w.business.id, topic: 'booking.created', payload: { bookingId }, audience: 'team', locale: 'en' });
    const translator = team.translator;
    const text = post!.lines.map((l) => ('raw' in l ? l.raw : translator.t('en', l.key, l.params))).join('\n');
    expect(text).toMatch(/Awaiting Kaspi payment .* — bill \+77011234567 \(Olena\)/);
    expect(post!.choices.flat().map((c) => c.id)).toEqual([`tb-paid:${bookingId}`, `tb-unpaid:${bookingId}`]);

    const acted = await actOnBooking(team, { businessId: w.business.id, channel: 'telegram', chatId: '-100', actorAccount: STAFF_ACCOUNT, bookingId, action: 'unpaid' });
    expect(acted.ok ? 'ok' : JSON.stringify(acted.reason)).toBe('ok');
    expect(await em().findOneOrFail(BookingSchema, { id: bookingId })).toMatchObject({ status: 'cancelled' });
    expect(await em().findOneOrFail(PaymentSchema, { booking: bookingId })).toMatchObject({ status: 'failed' });
    expect(await outbox(chat)).toContain('We could not find your deposit for Massage');
  });
});
