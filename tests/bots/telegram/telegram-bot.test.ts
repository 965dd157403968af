import { bookingDetails } from '../../../src/app/booking/booking-details.ts';
import { say } from '../../../src/bots/engine/chat-message.ts';
import { teamBookingPost } from '../../../src/bots/notification-messages.ts';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BookingSchema, ConversationSchema, StaffChannelIdentitySchema, TeamChatSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import { findOrCreateCustomer } from '../../../src/app/customers/find-or-create-customer.ts';
import { confirmBooking } from '../../../src/app/booking/confirm-booking.ts';
import { staffLinkCode, teamLinkCode } from '../../../src/app/team/link-codes.ts';
import { dispatchRound } from '../../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../../src/jobs/send-rate-limiter.ts';
import { createTranslator, loadMessages } from '../../../src/i18n/translator.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { startTelegramHarness, EMULATOR_BOT_ID, type TelegramHarness, type TgChat } from '../../support/telegram-harness.ts';

let db: TestDatabase;
let w: BookingWorld;
let tg: TelegramHarness;

const CUSTOMER = 5001;
const customerChat: TgChat = { id: CUSTOMER, type: 'private' };
const team: TgChat = { id: -100500, type: 'group', title: 'Studio team' };
const OWNER = 7000;
const STAFF = 7001;
const STRANGER = 7002;
const OTHER_STAFF = 7003;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  w = await makeBookingWorld(db.orm, { customers: 2 });
  tg = await startTelegramHarness({ ctx: w.ctx, translator: await createTranslator(await loadMessages()), businessId: w.business.id });
});
afterAll(async () => {
  await tg.stop();
  await db.drop();
});
beforeEach(() => w.clock.reset());

const em = () => emForBusiness(db.orm, w.business.id);
const deliver = () =>
  dispatchRound({ ctx: w.ctx, logger: pino({ level: 'silent' }), senders: new Map([['telegram', tg.channel.sender]]), limiter: new SendRateLimiter(w.ctx.now, async () => {}) });

describe('Telegram bot over the Bot API emulator', () => {
  it('takes a customer from /start to a confirmed booking, editing menus in place', async () => {
    expect(await tg.message(CUSTOMER, customerChat, '/start')).toBe(200);
    const menu = tg.lastPost(CUSTOMER);
    expect(menu.text).toContain('Kyiv Studio');
    await tg.press(CUSTOMER, customerChat, menu, 'Book');
    // Edited in place: still one message, now listing services.
    expect(tg.posts(CUSTOMER)).toHaveLength(1);
    expect(tg.lastPost(CUSTOMER).text).toContain('Which service');
    await tg.press(CUSTOMER, customerChat, tg.lastPost(CUSTOMER), 'Haircut');
    await tg.press(CUSTOMER, customerChat, tg.lastPost(CUSTOMER), 'Anyone');
    await tg.press(CUSTOMER, customerChat, tg.lastPost(CUSTOMER), 'Tue');
    await tg.press(CUSTOMER, customerChat, tg.lastPost(CUSTOMER), '11:00');
    await tg.press(CUSTOMER, customerChat, tg.lastPost(CUSTOMER), 'Olena');
    const askPhone = tg.lastPost(CUSTOMER);
    expect(askPhone.text).toContain('share your phone');
    expect(askPhone.buttons.some((b) => b.request_contact)).toBe(true);
    await tg.message(CUSTOMER, customerChat, '', { contact: { phone_number: '+380671112233', first_name: 'Olena', user_id: CUSTOMER } });
    const summary = tg.lastPost(CUSTOMER);
    expect(summary.text).toContain('Please check your booking');
    // The contact button is taken away with a short thanks before the summary.
    const thanks = tg.posts(CUSTOMER).at(-2)!;
    expect(thanks.text).toBe('Thank you, got it.');
    expect(summary.text).toContain('Haircut');
    await tg.press(CUSTOMER, customerChat, summary, 'Confirm');
    const booking = await em().findOneOrFail(BookingSchema, { status: 'confirmed', source: 'telegram' }, { populate: ['customer'] });
    expect(booking.startsAt.getTime()).toBe(w.at('11:00'));
    expect(booking.customer.getEntity().phone).toBe('+380671112233');
    // The summary became the confirmation the customer keeps; the menu came below it.
    const confirmation = tg.posts(CUSTOMER).find((p) => p.messageId === summary.messageId)!;
    expect(confirmation.text).toContain("You're booked for Tue");
    expect(confirmation.text).toContain('Haircut with');
    expect(confirmation.buttons.map((b) => b.callback_data).filter(Boolean)).toEqual([`g|rm-move:${booking.id}`, `g|rm-cancel:${booking.id}`, `g|rp:${booking.id}`]);
    expect(confirmation.buttons.find((b) => b.text.includes('Add to calendar'))?.url).toMatch(new RegExp(`^https://book\\.example/calendar/${w.business.slug}/${booking.id}\\.ics\\?t=`));
    const menuBelow = tg.lastPost(CUSTOMER);
    expect(menuBelow.messageId).not.toBe(summary.messageId);
    expect(menuBelow.text).toContain('What would you like to do?');
    // Pressing on through the menus edits the menu, never the confirmation.
    await tg.press(CUSTOMER, customerChat, menuBelow, 'My bookings');
    await tg.press(CUSTOMER, customerChat, tg.lastPost(CUSTOMER), 'Haircut');
    expect(tg.lastPost(CUSTOMER).text).toContain('You can reschedule');
    await tg.press(CUSTOMER, customerChat, tg.lastPost(CUSTOMER), 'Back');
    expect(tg.posts(CUSTOMER).find((p) => p.messageId === summary.messageId)).toEqual(confirmation);
    // Its own Cancel button works from any step, answered below it: the confirmation stays.
    await tg.press(CUSTOMER, customerChat, confirmation, 'Cancel');
    expect(tg.lastPost(CUSTOMER).text).toContain('Cancel Haircut on');
    expect(tg.posts(CUSTOMER).find((p) => p.messageId === summary.messageId)).toEqual(confirmation);
  });

  it('answers a stale button with the current step', async () => {
    const chat: TgChat = { id: 5003, type: 'private' };
    await tg.message(chat.id, chat, '/start');
    const before = tg.lastPost(chat.id);
    await tg.message(chat.id, chat, '/book');
    await tg.press(chat.id, chat, { ...before, buttons: [{ text: 'old', callback_data: '1|my' }] }, 'old');
    const answered = tg.posts(chat.id).find((p) => p.messageId === before.messageId)!;
    expect(answered.text).toContain('That menu is out of date');
    expect(answered.text).toContain('Which service');
  });

  it('answers a pressed button on the webhook response itself, and a message with a plain ok', async () => {
    const chat: TgChat = { id: 5006, type: 'private' };
    expect(await tg.message(chat.id, chat, '/book')).toBe(200);
    expect(tg.lastWebhookAnswer()).toEqual({ ok: true });
    const update = { update_id: 888_888, callback_query: { id: 'cq-888', from: { id: chat.id, is_bot: false, first_name: 'Olena' }, chat_instance: '1', data: '1|my', message: { message_id: tg.lastPost(chat.id).messageId, date: 1, chat: { id: chat.id, type: 'private' }, text: 'x' } } };
    expect(await tg.post(update)).toBe(200);
    // Telegram performs this call when it reads our answer: no request of its own.
    expect(tg.lastWebhookAnswer()).toEqual({ method: 'answerCallbackQuery', callback_query_id: 'cq-888' });
  });

  it('answers an unexpected failure with a polite apology, never its details, and acknowledges the update', async () => {
    const chat: TgChat = { id: 5007, type: 'private' };
    const now = w.ctx.now;
    w.ctx.now = () => {
      throw new Error('connection to the database lost at 10.0.0.5');
    };
    try {
      expect(await tg.message(chat.id, chat, 'hello?')).toBe(200);
    } finally {
      w.ctx.now = now;
    }
    const apology = tg.lastPost(chat.id).text;
    expect(apology).toBe('Sorry, something went wrong on our side. Please try again in a moment.');
    expect(apology).not.toContain('10.0.0.5');
  });

  it('rejects a webhook call without the right secret token and changes nothing', async () => {
    const chat: TgChat = { id: 5008, type: 'private' };
    await tg.message(chat.id, chat, '/start');
    const conversation = await em().findOneOrFail(ConversationSchema, { chatId: String(chat.id) });
    const posted = tg.posts(chat.id).length;
    const update = { update_id: 999_999, message: { message_id: 1, date: 1, from: { id: chat.id, is_bot: false, first_name: 'x' }, chat: { id: chat.id, type: 'private' }, text: '/start' } };
    expect(await tg.post(update, 'wrong-secret')).toBe(401);
    expect(await tg.post(update, null)).toBe(401);
    expect(await tg.post({ not: 'an update' })).toBe(400);
    em().clear();
    const after = await emForBusiness(db.orm, w.business.id).findOneOrFail(ConversationSchema, { chatId: String(chat.id) });
    expect(after.version).toBe(conversation.version);
    expect(tg.posts(chat.id)).toHaveLength(posted);
    const unknownBot = await fetch(`${tg.baseUrl}/telegram/42`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(update) });
    // An unknown bot id is answered like a wrong secret, so bot ids cannot be probed.
    expect(unknownBot.status).toBe(401);
  });

  it('links staff with /iam, then the team group with /link (staff only)', async () => {
    // A specialist and a group of this test's own, whatever the other tests linked.
    const group: TgChat = { id: -100600, type: 'group', title: 'Evening shift' };
    await tg.message(OTHER_STAFF, { id: OTHER_STAFF, type: 'private' }, `/iam ${staffLinkCode(tg.appSecret, w.staff[1]!.id, 0)}`);
    expect(tg.lastPost(OTHER_STAFF).text).toContain('Specialist 2, your Telegram account is now linked');
    em().clear();
    expect((await emForBusiness(db.orm, w.business.id).findOne(StaffChannelIdentitySchema, { staff: w.staff[1]!.id, channel: 'telegram' }))?.externalId ?? null).toBe(String(OTHER_STAFF));

    // Someone who is not linked staff cannot route booking posts anywhere, even with the code.
    await tg.message(OWNER, group, `/link ${teamLinkCode(tg.appSecret, w.business.id, 0)}`);
    expect(tg.lastPost(group.id).text).toContain('Only linked staff');
    await tg.message(OTHER_STAFF, group, '/link WRONGCODE');
    expect(tg.lastPost(group.id).text).toContain("doesn't match");
    expect(await em().count(TeamChatSchema, { chatId: String(group.id) })).toBe(0);
    await tg.message(OTHER_STAFF, group, `/link ${teamLinkCode(tg.appSecret, w.business.id, 0).toLowerCase()}`);
    expect(tg.lastPost(group.id).text).toContain('team chat of Kyiv Studio');
    expect(await em().count(TeamChatSchema, { chatId: String(group.id), active: true })).toBe(1);
  });
});

// These work with the team: Specialist 1 linked from STAFF, the studio's group linked by
// them, set up here the way staff do it in the chat.
describe('Telegram bot with the team linked', () => {
  beforeAll(async () => {
    await tg.message(STAFF, { id: STAFF, type: 'private' }, `/iam ${staffLinkCode(tg.appSecret, w.staff[0]!.id, 0)}`);
    await tg.message(STAFF, team, `/link ${teamLinkCode(tg.appSecret, w.business.id, 0)}`);
    expect(await em().count(TeamChatSchema, { chatId: String(team.id), active: true })).toBe(1);
  });

  it('posts a new booking to the group; only linked staff may act on it, and the customer is told', async () => {
    const held = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[0]!, serviceId: w.consultation.id, staffId: w.staff[0]!.id, startsAt: w.at('15:00', 2), source: 'admin' });
    // Give the customer a Telegram chat so the outcome reaches them.
    const { ChannelIdentitySchema } = await import('../../../src/db/entities/index.ts');
    const fork = em();
    fork.create(ChannelIdentitySchema, { business: w.business.id, channel: 'telegram', externalId: '5002', customer: w.customers[0]! });
    await fork.flush();
    await confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[0]! }, { bookingId: held.id });
    await deliver();
    // Other tests' bookings may be posted too; this is the one consultation.
    const consultations = tg.posts(team.id).filter((p) => p.text.includes('Consultation'));
    expect(consultations).toHaveLength(1);
    const post = consultations[0]!;
    expect(post.text).toContain('New booking');
    expect(post.text).toContain('Consultation');
    expect(post.text).toContain('waiting for your confirmation');

    await tg.press(STRANGER, team, post, 'Confirm');
    em().clear();
    expect((await emForBusiness(db.orm, w.business.id).findOneOrFail(BookingSchema, { id: held.id })).status).toBe('pending');
    expect(tg.posts(team.id).find((p) => p.messageId === post.messageId)!.text).toBe(post.text);

    await tg.press(STAFF, team, post, 'Confirm');
    em().clear();
    expect((await emForBusiness(db.orm, w.business.id).findOneOrFail(BookingSchema, { id: held.id })).status).toBe('confirmed');
    // The audit log says which specialist confirmed it from the group.
    const { AuditEntrySchema } = await import('../../../src/db/entities/index.ts');
    const audit = await emForBusiness(db.orm, w.business.id).findOneOrFail(AuditEntrySchema, { entityId: held.id, action: 'booking.confirmed' });
    expect(audit.details).toMatchObject({ approved: true, staffId: w.staff[0]!.id });
    const redrawn = tg.posts(team.id).find((p) => p.messageId === post.messageId)!;
    expect(redrawn.text).toContain('Status: confirmed');
    expect(redrawn.text).toContain('by Specialist 1');
    expect(redrawn.buttons.map((b) => b.text)).toEqual(['🙋 Arrived', '🚫 No-show', '❌ Cancel booking']);

    await deliver();
    expect(tg.lastPost(5002).text).toContain('Confirmed: Consultation');
  });

  it('sends a reminder with answer buttons, and after the visit a rating that is stored with a comment', async () => {
    // A customer who has written to the bot, and a haircut the studio booked for them.
    const chat: TgChat = { id: 5004, type: 'private' };
    await tg.message(chat.id, chat, '/start');
    const visitor = await findOrCreateCustomer(w.ctx, w.business.id, { channel: 'telegram', externalId: String(chat.id), name: 'Olena' });
    const booked = await createBooking(w.ctx, w.business.id, { kind: 'business', userId: null }, { customerId: visitor.id, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('16:00', 3) });
    await deliver();
    const booking = await em().findOneOrFail(BookingSchema, { id: booked.id }, { populate: ['customer'] });
    const queue = (topic: string) =>
      em()
        .getConnection()
        .execute(
          `insert into outbox_message (id, business_id, topic, aggregate_type, aggregate_id, payload, dedupe_key, status, attempts, available_at, created_at)
           values (gen_random_uuid(), ?, ?, 'booking', ?, ?::jsonb, ?, 'pending', 0, ?, ?)`,
          [w.business.id, topic, booking.id, JSON.stringify({ bookingId: booking.id, customerId: booking.customer.id }), `${topic}:${booking.id}:test`, new Date(w.clock.now()), new Date(w.clock.now())],
        );
    await queue('booking.reminder');
    await deliver();
    const reminder = tg.lastPost(chat.id);
    expect(reminder.text).toContain('Reminder: Haircut');
    expect(reminder.buttons.map((b) => b.text)).toEqual(["👍 I'll be there", '🔁 Reschedule', '❌ Cancel booking']);
    await tg.press(chat.id, chat, reminder, "I'll be there");
    // The reminder stays as it was (it is what the customer keeps); the answer comes below it.
    expect(tg.posts(chat.id).find((p) => p.messageId === reminder.messageId)!.text).toContain('Reminder: Haircut');
    expect(tg.lastPost(chat.id).text).toContain('Great, see you then!');
    // The answer is recorded and the team hears it once, however often it is pressed.
    await tg.press(chat.id, chat, reminder, "I'll be there");
    expect(tg.lastPost(chat.id).text).toContain('Great, see you then!');
    expect((await em().findOneOrFail(BookingSchema, { id: booking.id })).attendanceConfirmedAt?.getTime()).toBe(w.clock.now());
    await deliver();
    const answered = tg.posts(team.id).filter((p) => p.text.includes('will come'));
    expect(answered.map((p) => p.text)).toEqual([expect.stringMatching(/^👍 .+ will come: Haircut with Specialist 1, Thu 6 March, 16:00\.$/)]);
    // The booking's post, drawn again, carries the mark.
    const redrawn = teamBookingPost(await bookingDetails(w.ctx, w.business.id, booking.id), 'en', say('notify.team.new_booking'));
    expect(redrawn.lines).toContainEqual(say('notify.team.attendance_mark'));

    // After the appointment: the follow-up asks for stars.
    w.clock.set(booking.endsAt.getTime() + 2 * 3600_000);
    await queue('booking.follow_up');
    await deliver();
    const followUp = tg.lastPost(chat.id);
    expect(followUp.text).toContain('How was your Haircut');
    await tg.press(chat.id, chat, followUp, '⭐⭐⭐⭐⭐');
    expect(tg.posts(chat.id).find((p) => p.messageId === followUp.messageId)!.text).toContain('How was your Haircut');
    expect(tg.lastPost(chat.id).text).toContain('add a comment');
    await tg.message(chat.id, chat, 'Lovely, thank you!');
    expect(tg.lastPost(chat.id).text).toContain('Thank you for your feedback');
    const { ReviewSchema } = await import('../../../src/db/entities/index.ts');
    const review = await emForBusiness(db.orm, w.business.id).findOneOrFail(ReviewSchema, { booking: booking.id });
    expect(review).toMatchObject({ rating: 5, comment: 'Lovely, thank you!' });
    // The team hears of it once: the stars waited for the words.
    await deliver();
    const posted = tg.posts(team.id).filter((p) => p.text.includes('⭐'));
    expect(posted).toHaveLength(1);
    expect(posted[0]!.text).toContain('Lovely, thank you!');
  });

  it('forwards "talk to a person" to the group and relays a staff reply back', async () => {
    // A customer the studio knows by name, writing from their own chat.
    const chat: TgChat = { id: 5005, type: 'private' };
    await findOrCreateCustomer(w.ctx, w.business.id, { channel: 'telegram', externalId: String(chat.id), name: 'Olena' });
    await tg.message(chat.id, chat, '/talk');
    await tg.message(chat.id, chat, 'Is there parking nearby?');
    expect(tg.lastPost(chat.id).text).toContain('Sent to the team');
    await deliver();
    const forwarded = tg.posts(team.id).find((p) => p.text.includes('Is there parking nearby?'))!;
    expect(forwarded.text).toContain('Message from Olena');
    const reply = {
      update_id: 880_001,
      message: {
        message_id: 990_001,
        date: 1,
        from: { id: STAFF, is_bot: false, first_name: 'Anna' },
        chat: { id: team.id, type: 'group', title: 'Team' },
        text: 'Yes, behind the building.',
        reply_to_message: { message_id: forwarded.messageId, date: 1, chat: { id: team.id, type: 'group', title: 'Team' }, from: { id: EMULATOR_BOT_ID, is_bot: true, first_name: 'Bot' }, text: forwarded.text },
      },
    };
    expect(await tg.post(reply)).toBe(200);
    expect(tg.lastPost(team.id).text).toContain('Sent to the customer');
    // Telegram delivers the same update again (a timeout on its side): relayed once only.
    const teamPosts = tg.posts(team.id).length;
    expect(await tg.post(reply)).toBe(200);
    expect(tg.posts(team.id)).toHaveLength(teamPosts);
    await deliver();
    const relayed = tg.posts(chat.id).filter((p) => p.text.includes('Yes, behind the building.'));
    expect(relayed).toHaveLength(1);
    expect(relayed[0]!.text).toContain('Message from Specialist 1');
  });
});
