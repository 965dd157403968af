import { describe, expect, it } from 'vitest';
import { bookingDetails } from '../../../src/app/booking/booking-details.ts';
import { say } from '../../../src/bots/engine/chat-message.ts';
import { teamBookingPost } from '../../../src/bots/notification-messages.ts';
import { BookingSchema, CustomerSchema } from '../../../src/db/entities/index.ts';
import type { ChatDriver } from '../../support/chat-driver.ts';
import { useEngineWorld } from '../../support/engine-world.ts';

// At the summary a customer can still change the name or phone on the booking, say that
// someone else is coming, and leave a note for the specialist — each step comes back to
// the summary with the hold kept, and the booking carries it all once confirmed.
const world = useEngineWorld({ firstChatId: 8000 });
const em = () => world.em();

/** A new chat at the summary of a haircut on Tue at `time`, booked as Olena. */
async function atSummary(time: string): Promise<ChatDriver> {
  const chat = world.customer();
  await world.toSummary(chat, time, { block: '444' });
  expect(chat.text()).toContain('Please check your booking');
  expect(chat.text()).toContain('Contact: Olena, +38067444');
  return chat;
}

describe('changes at the summary', () => {
  it('a note for the specialist and someone else coming reach the booking; the hold is kept throughout', async () => {
    const chat = await atSummary('10:00');
    const held = await em().findOneOrFail(BookingSchema, { status: 'held', conversationKey: `telegram:${world.lastChatId()}` });
    await chat.press('note');
    expect(chat.text()).toContain('Write a note for the specialist');
    await chat.type('Long hair, please allow extra time.');
    expect(chat.text()).toContain('Note added.');
    expect(chat.text()).toContain('Note: Long hair, please allow extra time.');
    await chat.press('details');
    await chat.press('guest');
    await chat.type('12345');
    expect(chat.text()).toContain('name in letters');
    await chat.type('Anna');
    expect(chat.text()).toContain("we'll expect them");
    expect(chat.text()).toContain('Coming: Anna');
    const reply = await chat.press('ok');
    const card = reply.messages.find((m) => m.lasting)!;
    expect(card.lines.some((l) => 'key' in l && l.key === 'chat.summary_edit.summary_guest')).toBe(true);
    const booked = await em().findOneOrFail(BookingSchema, { id: held.id });
    expect(booked).toMatchObject({ status: 'confirmed', notes: 'Long hair, please allow extra time.', guestName: 'Anna' });
    // The team's post says who is coming and the note, in the team's words.
    const post = teamBookingPost(await bookingDetails(world.w.ctx, world.w.business.id, held.id), 'ru', say('notify.team.booked'));
    const read = post.lines.map((l) => ('raw' in l ? l.raw : world.translator.t('ru', l.key, l.params)));
    expect(read).toEqual(expect.arrayContaining(['👥 Придёт: Anna', '📝 Комментарий: Long hair, please allow extra time.']));
  });

  it('changes the name and phone and comes back to the summary, not on through checkout', async () => {
    const chat = await atSummary('11:00');
    await chat.press('details');
    await chat.press('name');
    expect(chat.labels()).toContain('⬅️ Back');
    await chat.type('Olena Petrenko');
    expect(chat.text()).toContain('Saved.');
    expect(chat.text()).toContain('Contact: Olena Petrenko');
    await chat.press('details');
    await chat.press('phone');
    await chat.type('+380 50 123 45 67');
    expect(chat.text()).toContain('Please check your booking');
    expect(chat.text()).toContain('+380501234567');
    // "Back" (or typed "cancel") on an edit step returns to the summary; the hold stays.
    await chat.press('details');
    await chat.press('name');
    await chat.type('cancel');
    expect(chat.text()).toContain('Please check your booking');
    const customer = await em().findOneOrFail(CustomerSchema, { name: 'Olena Petrenko' });
    expect(customer.phone).toBe('+380501234567');
    expect(await em().count(BookingSchema, { status: 'held', customer: customer.id })).toBe(1);
  });

  it('a note can be removed, and "It\'s me" takes the guest back', async () => {
    const chat = await atSummary('12:00');
    await chat.press('note');
    await chat.type('Ring twice');
    await chat.press('note');
    expect(chat.text()).toContain('Ring twice');
    await chat.press('Remove the note');
    expect(chat.text()).toContain('Note removed.');
    expect(chat.text()).not.toContain('Note: ');
    await chat.press('details');
    await chat.press('guest');
    await chat.type('Mark');
    await chat.press('details');
    await chat.press('guest');
    await chat.press('me');
    expect(chat.text()).not.toContain('Coming:');
    const held = await em().findOneOrFail(BookingSchema, { status: 'held', conversationKey: `telegram:${world.lastChatId()}` });
    expect(held).toMatchObject({ notes: '', guestName: null });
  });
});
