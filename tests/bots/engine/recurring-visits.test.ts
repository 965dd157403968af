import { beforeAll, describe, expect, it } from 'vitest';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import type { ChatMessage } from '../../../src/bots/engine/chat-message.ts';
import { textMenusFor } from '../../../src/bots/text/plain-text.ts';
import { BookingSchema, type Booking } from '../../../src/db/entities/index.ts';
import type { BookingWorld } from '../../support/booking-world.ts';
import { useEngineWorld } from '../../support/engine-world.ts';
import type { ChatDriver } from '../../support/chat-driver.ts';

// A tutor's student books once and repeats it from the confirmation: how often, how many
// more times, a preview naming the taken dates with the nearest free times (one pressed
// takes the visit's place), then the visits booked as one series — and later cancelled
// one at a time or from a visit on.
const world = useEngineWorld({ firstChatId: 9100 });
let w: BookingWorld;

beforeAll(() => {
  w = world.w;
});

const em = () => world.em();
const read = (m: ChatMessage) => world.read(m);

function customer(options: { textMenus?: boolean } = {}): ChatDriver {
  return world.customer(options.textMenus ? { channel: 'sms' as const, textMenus: textMenusFor(320) } : {});
}

/** Books a haircut on Tue at `time` through the chat; returns the kept confirmation and the booking. */
async function book(chat: ChatDriver, time: string): Promise<{ card: ChatMessage; booking: Booking }> {
  await world.toSummary(chat, time, { block: '333' });
  const [card] = (await chat.press('ok')).messages;
  const booking = await em().findOneOrFail(BookingSchema, { status: 'confirmed', startsAt: new Date(w.at(time)), conversationKey: null, source: 'telegram' }, { orderBy: { createdAt: 'desc' } });
  return { card: card!, booking };
}

/** Someone else takes the same specialist at `startsAt`. */
async function takenBySomeoneElse(staffId: string, startsAt: number): Promise<void> {
  await createBooking(w.ctx, w.business.id, { kind: 'business', userId: null }, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId, startsAt });
}

describe('repeating a visit from its confirmation', () => {
  it('previews the free and taken dates, takes a nearest free time instead, and books the series', async () => {
    const chat = customer();
    const { card, booking } = await book(chat, '10:00');
    expect(card.choices.flat().map((c) => c.id)).toEqual([`rm-move:${booking.id}`, `rm-cancel:${booking.id}`, `rp:${booking.id}`]);
    await takenBySomeoneElse(booking.staffMember.id, w.at('10:00', 15));

    // Pressed later, from any step: the card names its booking.
    await chat.send({ kind: 'choice', id: `rp:${booking.id}`, version: null });
    expect(chat.text()).toContain('Repeat Haircut with');
    expect(chat.text()).toContain('How often?');
    await chat.press('Every week');
    expect(chat.text()).toContain('How many more visits?');
    await chat.press('4');
    const preview = chat.text();
    expect(preview).toContain('✅ Free, will be booked:\n• Tue 11 March, 10:00\n• Tue 25 March, 10:00\n• Tue 1 April, 10:00');
    expect(preview).toContain("⚠️ Can't be booked:\nTue 18 March, 10:00 — already taken\nNearest free: 09:00, 11:00, 11:30");
    expect(chat.labels()).toEqual(['✅ Book these visits', '↪ Tue 18 March, 09:00 instead', '↪ Tue 18 March, 11:00 instead', '⬅️ Back']);

    await chat.press('11:00 instead');
    expect(chat.text()).not.toContain('already taken');
    expect(chat.text()).toContain('• Tue 18 March, 11:00');
    const [kept, menu] = (await chat.press('Book these visits')).messages;
    expect(kept!.lasting).toBe(true);
    expect(read(kept!)).toBe('🗓 Your next visits are booked:\n• Tue 11 March, 10:00\n• Tue 18 March, 11:00\n• Tue 25 March, 10:00\n• Tue 1 April, 10:00');
    expect(read(menu!)).toContain('What would you like to do?');

    const first = await em().findOneOrFail(BookingSchema, { id: booking.id });
    const series = await em().find(BookingSchema, { seriesId: first.seriesId! }, { orderBy: { startsAt: 'asc' } });
    expect(series.map((b) => [b.startsAt.getTime(), b.status, b.staffMember.id])).toEqual(
      [w.at('10:00'), w.at('10:00', 8), w.at('11:00', 15), w.at('10:00', 22), w.at('10:00', 29)].map((t) => [t, 'confirmed', booking.staffMember.id]),
    );
    // A booking already in a series is not offered to repeat again.
    await chat.send({ kind: 'choice', id: `rp:${booking.id}`, version: null });
    expect(chat.transcript()).toContain("can't be repeated from the chat");
  });

  it('a date taken between the preview and "Book" is named with its nearest free times; the rest are booked', async () => {
    const chat = customer();
    const { booking } = await book(chat, '13:00');
    await chat.send({ kind: 'choice', id: `rp:${booking.id}`, version: null });
    await chat.press('Every 2 weeks');
    await chat.press('4');
    expect(chat.text()).not.toContain("Can't be booked");
    await takenBySomeoneElse(booking.staffMember.id, w.at('13:00', 29));
    const [kept] = (await chat.press('Book these visits')).messages;
    expect(read(kept!)).toBe(
      '🗓 Your next visits are booked:\n• Tue 18 March, 13:00\n• Tue 15 April, 13:00\n• Tue 29 April, 13:00\n' +
        '⚠️ These dates could not be booked:\nTue 1 April, 13:00 — already taken\nNearest free: 12:00, 14:00, 11:30\n' +
        'You can book one of the nearest free times with Book in the menu.',
    );
  });
});

describe('a visit of a series in My bookings', () => {
  it('cancels this one alone, or this and all later ones', async () => {
    const chat = customer();
    const { booking } = await book(chat, '15:00');
    await chat.send({ kind: 'choice', id: `rp:${booking.id}`, version: null });
    await chat.press('Every week');
    await chat.press('4');
    await chat.press('Book these visits');

    await chat.press('My bookings');
    await chat.press('11 March, 15:00');
    expect(chat.text()).toContain('One of your regular visits.');
    expect(chat.labels()).toEqual(['🔁 Reschedule', '❌ Cancel this one', '❌ Cancel this and all later ones', '⬅️ Back']);
    await chat.press('Cancel this one');
    await chat.press('yes');

    await chat.press('My bookings');
    await chat.press('25 March, 15:00');
    await chat.press('Cancel this and all later ones');
    expect(chat.text()).toBe('Cancel Haircut on Tue 25 March, 15:00 and every later visit of this series?');
    await chat.press('Yes, cancel them');
    expect(chat.transcript()).toContain('Cancelled:\n• Tue 25 March, 15:00\n• Tue 1 April, 15:00');

    const first = await em().findOneOrFail(BookingSchema, { id: booking.id });
    const series = await em().find(BookingSchema, { seriesId: first.seriesId! }, { orderBy: { startsAt: 'asc' } });
    expect(series.map((b) => b.status)).toEqual(['confirmed', 'cancelled', 'confirmed', 'cancelled', 'cancelled']);
  });

  it('on a channel without buttons, a booking\'s page offers to repeat it', async () => {
    const chat = customer({ textMenus: true });
    await chat.type('hi');
    await chat.type('1');
    await chat.type('haircut');
    await chat.type('1');
    await chat.type('tomorrow');
    await chat.type('16:00');
    await chat.type('Olena');
    await chat.type('+380675551111');
    await chat.type('yes');
    await chat.type('menu');
    await chat.press('My bookings');
    await chat.press('16:00');
    expect(chat.labels()).toContain('🗓 Repeat');
    await chat.press('Repeat');
    expect(chat.text()).toContain('How often?');
  });
});
