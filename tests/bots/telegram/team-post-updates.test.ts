import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cancelBooking } from '../../../src/app/booking/cancel-booking.ts';
import { confirmBooking } from '../../../src/app/booking/confirm-booking.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import { rescheduleBooking } from '../../../src/app/booking/reschedule-booking.ts';
import { applyPaymentEvent } from '../../../src/app/payments/apply-payment-event.ts';
import type { PaymentProvider } from '../../../src/app/payments/payment-provider.ts';
import { requestPayment } from '../../../src/app/payments/request-payment.ts';
import { webhookSecret } from '../../../src/bots/telegram/telegram-channel.ts';
import { AuditEntrySchema, BookingSchema, ChannelIdentitySchema, OutboxDeliverySchema, OutboxMessageSchema, PaymentSchema, StaffChannelIdentitySchema, TeamChatSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { dispatchRound } from '../../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../../src/jobs/send-rate-limiter.ts';
import { BOT_API_FAILURES } from '../../support/fake-bot-api.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { TEST_APP_SECRET } from '../../support/panel-harness.ts';
import { startTelegramOnFakeApi, type TelegramOnFakeApi } from '../../support/telegram-on-fake-api.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// The team's booking posts through the Telegram adapter against the fake Bot API: when
// the customer moves, cancels or pays, the booking's earlier posts in the group are
// redrawn to say so (besides the new post that alerts the team); and a post's Cancel
// asks the team why, the answer cancels it, and the customer reads that reason.
const TOKEN = '880022:AAHteamPostsTestTokenForTheFakeBotApi_1';
const BOT_ID = '880022';
// The fake Bot API's getMe: the bot's own messages come from this id.
const BOT_USER = { id: 1, is_bot: true, first_name: 'Bench' };
const TEAM_CHAT = -1009402;
const STAFF = 7770002;
const STRANGER = 7770009;

let db: TestDatabase;
let w: BookingWorld;
let tg: TelegramOnFakeApi;
let updates = 1;
let sessions = 0;

/** A provider with its own payment ids, as Stripe gives: its "paid" events arrive by webhook. */
const onlineProvider = (): PaymentProvider => ({
  name: 'stripe',
  availableFor: async () => true,
  create: async (r) => ({ providerPaymentId: `cs_team_${(sessions += 1)}`, link: `https://checkout.example/${r.paymentId}`, expiresAt: r.expiresAt }),
  refund: async () => 're_team',
});

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  w = await makeBookingWorld(db.orm, { customers: 4, slug: 'tg-team-posts' });
  w.ctx.payments = { providers: [onlineProvider()], publicUrl: 'https://bookchat.test' };
  tg = await startTelegramOnFakeApi(db.orm);
  expect((await tg.bots.connectTelegram(w.business.id, TOKEN, { kind: 'business', userId: null })).kind).toBe('connected');
  // Linking itself is tested elsewhere: a linked specialist, the team's group, and each customer's Telegram chat.
  const scoped = em();
  scoped.create(StaffChannelIdentitySchema, { business: w.business.id, staff: w.staff[0]!.id, channel: 'telegram', externalId: String(STAFF) });
  scoped.create(TeamChatSchema, { business: w.business.id, channel: 'telegram', chatId: String(TEAM_CHAT), title: 'Studio team' });
  w.customers.forEach((customer, i) => scoped.create(ChannelIdentitySchema, { business: w.business.id, channel: 'telegram', externalId: String(chatOf(i)), customer }));
  await scoped.flush();
});
afterAll(async () => {
  await tg?.stop();
  await db?.drop();
});
beforeEach(() => {
  w.clock.reset();
  tg.api.clearFailures();
});

const em = () => emForBusiness(db.orm, w.business.id);
const chatOf = (customer: number) => 9_402_000 + customer;
const customer = (n: number) => ({ kind: 'customer' as const, customerId: w.customers[n]! });
const send = (update: Record<string, unknown>) => tg.channel.handleWebhook(BOT_ID, webhookSecret(TEST_APP_SECRET, BOT_ID), { update_id: updates++, ...update });
const person = (id: number) => ({ id, is_bot: false, first_name: id === STAFF ? 'Dana' : 'Guest', language_code: 'en' });
const group = { id: TEAM_CHAT, type: 'group', title: 'Studio team' };

/** Sends what the outbox holds (the customer's and the team's messages) through the Telegram sender. */
const deliver = () => dispatchRound({ ctx: w.ctx, logger: pino({ level: 'silent' }), senders: new Map([['telegram', tg.channel.sender]]), limiter: new SendRateLimiter(w.ctx.now, async () => {}) });

/** The team chat's posts that mention `text`, oldest first, as they read now. */
function teamPosts(text: string) {
  return [...tg.api.messages.entries()]
    .filter(([, m]) => m.chatId === String(TEAM_CHAT) && m.text.includes(text))
    .map(([id, m]) => ({ id, text: m.text, buttons: m.buttons.map((b) => b.text), markup: m.markup }));
}
const post = (id: number) => {
  const m = tg.api.messages.get(id)!;
  return { id, text: m.text, buttons: m.buttons.map((b) => b.text), markup: m.markup };
};

/** A confirmed booking of customer `n` made in their chat; its post is in the team chat. */
async function bookedVisit(n: number, service: 'haircut' | 'massage', time: string): Promise<{ bookingId: string; postId: number }> {
  const held = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[n]!, serviceId: w[service].id, staffId: w.staff[0]!.id, startsAt: w.at(time, 2), source: 'telegram' });
  const before = new Set(teamPosts(`Customer ${n + 1} `).map((p) => p.id));
  await confirmBooking(w.ctx, w.business.id, customer(n), { bookingId: held.id });
  await deliver();
  const posts = teamPosts(`Customer ${n + 1} `).filter((p) => !before.has(p.id));
  expect(posts.map((p) => p.text.split('\n')[0])).toEqual(['🆕 New booking']);
  return { bookingId: held.id, postId: posts[0]!.id };
}

/** Presses a post's button in the team chat, as `from`. */
async function press(from: number, postId: number, label: string): Promise<void> {
  const message = tg.api.messages.get(postId)!;
  const button = message.buttons.find((b) => b.text.includes(label) && b.callback_data);
  if (!button) throw new Error(`no "${label}" in: ${message.buttons.map((b) => b.text).join(' | ')}`);
  await send({ callback_query: { id: `cq-${updates}`, from: person(from), chat_instance: '1', data: button.callback_data, message: { message_id: postId, date: 1, chat: group, from: BOT_USER, text: message.text } } });
}

/** Writes in the team chat in reply to the bot's message `to`, as `from`. */
async function replyTo(from: number, to: number, text: string): Promise<void> {
  const quoted = tg.api.messages.get(to)!;
  await send({ message: { message_id: 50_000 + updates, date: 1_900_000_000, from: person(from), chat: group, text, reply_to_message: { message_id: to, date: 1, chat: group, from: BOT_USER, text: quoted.text } } });
}

const statusOf = async (bookingId: string) => (await emForBusiness(db.orm, w.business.id).findOneOrFail(BookingSchema, { id: bookingId })).status;
const lastToTeam = () => tg.api.last.get(String(TEAM_CHAT))!;

describe('a booking post follows the customer’s changes', () => {
  it('moved: the first post shows the new time with its buttons; cancelled: every post says so, with no buttons', async () => {
    const { bookingId, postId } = await bookedVisit(0, 'haircut', '10:00');
    expect(post(postId).buttons).toEqual(['🙋 Arrived', '🚫 No-show', '❌ Cancel booking']);
    expect(post(postId).text).toContain('10:00');

    await rescheduleBooking(w.ctx, w.business.id, customer(0), { bookingId, startsAt: w.at('14:00', 2) });
    await deliver();
    const moved = teamPosts('Customer 1 ');
    // The team is alerted by a new post, and the first one no longer shows the old time.
    expect(moved.map((p) => p.text.split('\n')[0])).toEqual(['🔁 Booking moved', '🔁 Booking moved']);
    expect(post(postId).text).toContain('14:00');
    expect(post(postId).text).not.toContain('10:00');
    expect(post(postId).text).toContain('Status: confirmed');
    expect(post(postId).buttons).toEqual(['🙋 Arrived', '🚫 No-show', '❌ Cancel booking']);

    await cancelBooking(w.ctx, w.business.id, customer(0), { bookingId });
    await deliver();
    const cancelled = teamPosts('Customer 1 ');
    expect(cancelled).toHaveLength(3);
    for (const p of cancelled) {
      expect(p.text.split('\n')[0]).toBe('❌ Cancelled by the customer');
      expect(p.text).toContain('Status: cancelled');
      expect(p.buttons).toEqual([]);
    }
  });

  it('a button pressed on one of a booking’s posts redraws its other posts too: none offers what was just done', async () => {
    const held = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[2]!, serviceId: w.consultation.id, staffId: w.staff[0]!.id, startsAt: w.at('09:00', 4), source: 'telegram' });
    await confirmBooking(w.ctx, w.business.id, customer(2), { bookingId: held.id });
    await deliver();
    await rescheduleBooking(w.ctx, w.business.id, customer(2), { bookingId: held.id, startsAt: w.at('09:30', 4) });
    await deliver();
    const [first, moved] = teamPosts('Consultation');
    expect(moved!.buttons).toEqual(['✅ Confirm', '✖️ Decline']);
    expect(first!.buttons).toEqual(['✅ Confirm', '✖️ Decline']);

    await press(STAFF, moved!.id, 'Confirm');
    expect(await statusOf(held.id)).toBe('confirmed');
    for (const p of [post(moved!.id), post(first!.id)]) {
      expect(p.text).toContain('Status: confirmed');
      expect(p.text).toContain('✅ Confirmed by Specialist 1');
      expect(p.buttons).toEqual(['🙋 Arrived', '🚫 No-show', '❌ Cancel booking']);
    }
  });

  it('paid online: the post waiting for the deposit loses its Paid button and reads confirmed', async () => {
    const held = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[1]!, serviceId: w.massage.id, staffId: w.staff[0]!.id, startsAt: w.at('11:00', 3), source: 'telegram' });
    await confirmBooking(w.ctx, w.business.id, customer(1), { bookingId: held.id });
    const asked = await requestPayment(w.ctx, w.business.id, w.ctx.payments!.providers, { bookingId: held.id, language: 'en', description: 'Deposit', successUrl: 'https://bookchat.test/ok', cancelUrl: 'https://bookchat.test/no' });
    expect(asked.kind).toBe('payment');
    await deliver();
    const [waiting] = teamPosts('Customer 2 ');
    expect(waiting!.text).toContain('waiting for the deposit');
    expect(waiting!.buttons).toEqual(['💳 Paid', '✖️ Not received']);

    const payment = await em().findOneOrFail(PaymentSchema, { booking: held.id });
    const event = { eventId: 'evt_team_paid', providerPaymentId: payment.providerPaymentId!, providerChargeId: 'pi_team', kind: 'paid', amountMinor: payment.amountMinor, currency: payment.currency } as const;
    expect(await applyPaymentEvent(w.ctx, w.business.id, 'stripe', event)).toBe('applied');
    await deliver();
    const paid = post(waiting!.id);
    expect(paid.text.split('\n')[0]).toBe('💳 Deposit paid online — the booking is confirmed');
    expect(paid.text).toContain('Status: confirmed');
    expect(paid.buttons).not.toContain('💳 Paid');
    expect(paid.buttons).toEqual(['🙋 Arrived', '🚫 No-show', '❌ Cancel booking']);
    expect(teamPosts('Customer 2 ')).toHaveLength(2);
  });

  it('a post Telegram will not edit (deleted, too old) is passed over: the team is still alerted, nothing is sent twice', async () => {
    const { bookingId, postId } = await bookedVisit(2, 'haircut', '16:00');
    tg.api.fail('editMessageText', BOT_API_FAILURES.messageToEditNotFound, { chatId: TEAM_CHAT });
    await cancelBooking(w.ctx, w.business.id, customer(2), { bookingId });
    const round = await deliver();
    expect(round.dead + round.retried).toBe(0);
    // The failed edit was tried (and used up), and the alert went out.
    expect(tg.api.methods).toContain('editMessageText');
    expect(post(postId).buttons).toEqual(['🙋 Arrived', '🚫 No-show', '❌ Cancel booking']);
    const alerts = teamPosts('Customer 3 ').filter((p) => p.text.startsWith('❌ Cancelled by the customer'));
    expect(alerts).toHaveLength(1);
    const deliveries = await em().find(OutboxDeliverySchema, { chatId: String(TEAM_CHAT) });
    expect(deliveries.every((d) => d.status === 'sent')).toBe(true);
    // Delivered once: another round sends nothing more.
    const sentBefore = tg.api.sent.length;
    await deliver();
    expect(tg.api.sent.length).toBe(sentBefore);
  });
});

describe('cancelling from a post, with a reason the customer reads', () => {
  it('Cancel asks why (staff only); the reply cancels as them, the customer gets the reason, the post is redrawn', async () => {
    const { bookingId, postId } = await bookedVisit(3, 'haircut', '12:00');

    // Someone who is not linked staff: asked nothing, nothing changes.
    const sentBefore = tg.api.sent.length;
    await press(STRANGER, postId, 'Cancel');
    expect(tg.api.sent.length).toBe(sentBefore);

    await press(STAFF, postId, 'Cancel');
    const question = lastToTeam();
    expect(question.text).toMatch(/^Dana, ✍️ Why is the visit of Customer 4 \(Haircut, .*12:00\) cancelled\? Reply to this message with the reason/);
    expect(post(question.messageId).markup).toEqual({ force_reply: true, selective: true });
    expect(await statusOf(bookingId)).toBe('confirmed');

    // Only linked staff can answer it.
    await replyTo(STRANGER, question.messageId, 'no idea');
    expect(lastToTeam().text).toContain('Only linked staff');
    expect(await statusOf(bookingId)).toBe('confirmed');

    await replyTo(STAFF, question.messageId, 'Specialist 1 is ill today, sorry');
    expect(await statusOf(bookingId)).toBe('cancelled');
    expect(lastToTeam().text).toBe('❌ Cancelled by Specialist 1. The customer was told why: “Specialist 1 is ill today, sorry”');
    // By the team, as the specialist who answered: audited, and the change says who.
    const audit = await em().findOneOrFail(AuditEntrySchema, { entityId: bookingId, action: 'booking.cancelled' });
    expect(audit).toMatchObject({ actorKind: 'user', details: { reason: 'Specialist 1 is ill today, sorry', reasonForCustomer: true } });
    const change = await em().findOneOrFail(OutboxMessageSchema, { aggregateId: bookingId, topic: 'booking.cancelled' });
    expect(change.payload).toMatchObject({ actor: 'business', staffId: w.staff[0]!.id });

    await deliver();
    const told = tg.api.last.get(String(chatOf(3)))!.text;
    expect(told).toContain('has been cancelled');
    expect(told).toContain('Reason: Specialist 1 is ill today, sorry');
    const redrawn = post(postId);
    expect(redrawn.text.split('\n')[0]).toBe('❌ Booking cancelled');
    expect(redrawn.text).toContain('Reason sent to the customer: Specialist 1 is ill today, sorry');
    expect(redrawn.buttons).toEqual([]);
    // The question is not a post: it is left as it was.
    expect(post(question.messageId).text).toBe(question.text);
  });

  it('“/cancel <reason>” in reply to a post cancels at once; a bare /cancel asks why', async () => {
    const { bookingId, postId } = await bookedVisit(0, 'haircut', '17:00');
    await replyTo(STAFF, postId, '/cancel');
    expect(lastToTeam().text).toContain('Why is the visit of Customer 1');
    expect(await statusOf(bookingId)).toBe('confirmed');

    await replyTo(STAFF, postId, '/cancel@studio_bot The room is flooded');
    expect(await statusOf(bookingId)).toBe('cancelled');
    expect(lastToTeam().text).toContain('The customer was told why: “The room is flooded”');
    await deliver();
    expect(tg.api.last.get(String(chatOf(0)))!.text).toContain('Reason: The room is flooded');
    expect(post(postId).buttons).toEqual([]);
  });
});

describe('writing to the customer from a post', () => {
  it('“/msg <text>” in reply to a booking post reaches its customer; talk under the post does not; staff only', async () => {
    const { postId } = await bookedVisit(1, 'haircut', '15:00');
    const toCustomer = () => tg.api.sent.filter((m) => m.chatId === String(chatOf(1))).map((m) => m.text);

    await replyTo(STAFF, postId, 'who takes this one?');
    await replyTo(STRANGER, postId, '/msg hello from a stranger');
    expect(lastToTeam().text).toContain('Only linked staff');
    await replyTo(STAFF, postId, '/msg');
    expect(lastToTeam().text).toContain('Write your message to the customer after /msg');

    await replyTo(STAFF, postId, '/msg Please bring your gift card');
    expect(lastToTeam().text).toBe('Sent to the customer.');
    await deliver();
    const heard = toCustomer();
    expect(heard.filter((t) => t.includes('Please bring your gift card'))).toHaveLength(1);
    expect(heard.some((t) => t.includes('who takes this one') || t.includes('stranger'))).toBe(false);
  });
});
