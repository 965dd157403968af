import { beforeAll, describe, expect, it } from 'vitest';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { bookingDetails } from '../../../src/app/booking/booking-details.ts';
import { fanOutOutbox } from '../../../src/app/notifications/fan-out-outbox.ts';
import { say } from '../../../src/bots/engine/chat-message.ts';
import { teamBookingPost } from '../../../src/bots/notification-messages.ts';
import { ChannelIdentitySchema, CustomerSchema, OutboxDeliverySchema, OutboxMessageSchema } from '../../../src/db/entities/index.ts';
import type { BookingWorld } from '../../support/booking-world.ts';
import { useEngineWorld } from '../../support/engine-world.ts';
import type { ChatDriver } from '../../support/chat-driver.ts';

// A customer can turn reminders or thank-you messages off, and choose which of their
// chats gets them; the outbox then delivers accordingly, and the team's post says who
// turned reminders off.
const world = useEngineWorld({ firstChatId: 9500 });
let w: BookingWorld;

beforeAll(() => {
  w = world.w;
});

const em = () => world.em();
const owner = { kind: 'business', userId: null } as const;

/** Queues a customer message of `topic` about a booking, fans the outbox out, and returns the chats it went to. */
async function deliveredTo(topic: string, bookingId: string, customerId: string): Promise<string[]> {
  const e = em();
  const message = e.create(OutboxMessageSchema, { business: w.business.id, topic, aggregateType: 'booking', aggregateId: bookingId, payload: { bookingId, customerId }, dedupeKey: `${topic}:${bookingId}:${Math.random()}`, availableAt: new Date(w.clock.now()) });
  await e.flush();
  await fanOutOutbox(w.ctx);
  const deliveries = await em().find(OutboxDeliverySchema, { message: message.id });
  return deliveries.map((d) => `${d.channel}:${d.chatId}`);
}

describe('notification settings in the chat', () => {
  let chat: ChatDriver;
  let customerId: string;

  it('turns reminders off (none delivered, the team told on the post) and back on, and thank-you messages apart', async () => {
    chat = world.customer();
    expect(world.lastChatId()).toBe('9501');
    await chat.type('hi');
    await chat.press('Notifications');
    expect(chat.text()).toContain('Reminders before a visit: on');
    customerId = (await em().findOneOrFail(ChannelIdentitySchema, { channel: 'telegram', externalId: '9501' })).customer.id;
    const booking = await createBooking(w.ctx, w.business.id, owner, { customerId, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('10:00') });

    await chat.press('Turn reminders off');
    expect(chat.text()).toContain('Saved.');
    expect(chat.text()).toContain('Reminders before a visit: off');
    expect(await deliveredTo('booking.reminder', booking.id, customerId)).toEqual([]);
    expect(await deliveredTo('booking.follow_up', booking.id, customerId)).toEqual(['telegram:9501']);
    const post = teamBookingPost(await bookingDetails(w.ctx, w.business.id, booking.id), 'en', say('notify.team.new_booking'));
    expect(post.lines).toContainEqual(say('notify.team.reminders_muted'));

    await chat.press('No thank-you messages');
    expect(await deliveredTo('booking.follow_up', booking.id, customerId)).toEqual([]);
    await chat.press('Turn reminders on');
    expect(await deliveredTo('booking.reminder', booking.id, customerId)).toEqual(['telegram:9501']);
    expect(await em().findOneOrFail(CustomerSchema, { id: customerId })).toMatchObject({ remindersOff: false, followUpsOff: true });
  });

  it('with chats on two channels, sends them where the customer chose', async () => {
    const e = em();
    e.create(ChannelIdentitySchema, { business: w.business.id, channel: 'whatsapp', externalId: '77011112233@s.whatsapp.net', customer: customerId });
    await e.flush();
    const booking = await createBooking(w.ctx, w.business.id, owner, { customerId, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('12:00') });
    await chat.send({ kind: 'command', name: 'settings', arg: '' });
    expect(chat.text()).toContain('They come to: Telegram');
    await chat.press('Send them to WhatsApp');
    expect(chat.text()).toContain('They come to: WhatsApp');
    expect(await deliveredTo('booking.reminder', booking.id, customerId)).toEqual(['whatsapp:77011112233@s.whatsapp.net']);
    // A channel the customer has no chat on is not offered, and a forged press changes nothing.
    expect(chat.labels().join(' ')).not.toContain('SMS');
    await chat.send({ kind: 'choice', id: 'to:sms', version: chat.version() });
    expect((await em().findOneOrFail(CustomerSchema, { id: customerId })).notifyChannel).toBe('whatsapp');
  });
});
