import { beforeAll, describe, expect, it } from 'vitest';
import { updateBusinessProfile } from '../../../src/app/catalog/update-business-profile.ts';
import type { ChatMessage } from '../../../src/bots/engine/chat-message.ts';
import { textMenusFor } from '../../../src/bots/text/plain-text.ts';
import { BookingSchema } from '../../../src/db/entities/index.ts';
import type { BookingWorld } from '../../support/booking-world.ts';
import { useEngineWorld } from '../../support/engine-world.ts';
import type { ChatDriver } from '../../support/chat-driver.ts';

// After booking, the customer keeps a confirmation of their own: a lasting message with
// what, who, when, where, how much, a map and a calendar file, and buttons that name the
// booking (so they work from any step). The menu comes as the next message.
const world = useEngineWorld({ firstChatId: 7000 });
let w: BookingWorld;

beforeAll(async () => {
  w = world.w;
  await updateBusinessProfile(w.ctx, w.business.id, { kind: 'business', userId: null }, { address: 'Khreshchatyk 1, Kyiv', mapUrl: 'https://maps.example/kyiv-studio', phone: '+380441234567' });
});

function customer(options: { textMenus?: boolean; timeZone?: string } = {}): ChatDriver {
  return world.customer({ ...(options.timeZone ? { timeZone: options.timeZone } : {}), ...(options.textMenus ? { channel: 'sms' as const, textMenus: textMenusFor(320) } : {}) });
}

const read = (m: ChatMessage) => world.read(m);

/** Books a haircut at `time` on Tue through the chat, up to the reply to "Confirm". */
async function book(chat: ChatDriver, time: string, service = 'Haircut'): Promise<ChatMessage[]> {
  await world.toSummary(chat, time, { service });
  return (await chat.press('ok')).messages;
}

describe('the confirmation a customer keeps', () => {
  it('says what, who, when, where and how much, with a map, a calendar file and its own Reschedule/Cancel', async () => {
    const chat = customer();
    const [card, menu, ...rest] = await book(chat, '10:00');
    expect(rest).toEqual([]);
    const booking = await world.em().findOneOrFail(BookingSchema, { status: 'confirmed', startsAt: new Date(w.at('10:00')) }, { populate: ['staffMember'] });
    expect(card!.lasting).toBe(true);
    const text = read(card!);
    expect(text).toContain("You're booked for Tue");
    expect(text).toContain(`Haircut with ${booking.staffMember.getEntity().name}`);
    expect(text).toMatch(/Price: .*\d/);
    expect(text).toContain('📍 Khreshchatyk 1, Kyiv');
    expect(text).toContain('📞 +380441234567');
    expect(card!.links?.map((l) => l.url)).toEqual(['https://maps.example/kyiv-studio', expect.stringMatching(new RegExp(`^https://book\\.example/calendar/${w.business.slug}/${booking.id}\\.ics\\?t=[\\w-]{20,}$`))]);
    // A confirmed visit can be repeated from here (recurring-visits.test.ts).
    expect(card!.choices.flat().map((c) => c.id)).toEqual([`rm-move:${booking.id}`, `rm-cancel:${booking.id}`, `rp:${booking.id}`]);
    // The menu is a message of its own below it, not edited over it.
    expect(menu!.lasting).toBeUndefined();
    expect(read(menu!)).toContain('What would you like to do?');
    // Its buttons act from any later step: pressed with no version, like a reminder's.
    await chat.press('My bookings');
    await chat.send({ kind: 'choice', id: `rm-cancel:${booking.id}`, version: null });
    expect(chat.text()).toContain('Cancel Haircut on');
  });

  it('a moved booking gets a new confirmation with the new time', async () => {
    const chat = customer();
    await book(chat, '11:00');
    await chat.press('My bookings');
    await chat.press('Haircut');
    await chat.press('Reschedule');
    await chat.press('Wed');
    await chat.press('15:00');
    const [card, menu] = (await chat.press('yes')).messages;
    expect(card!.lasting).toBe(true);
    expect(read(card!)).toContain('moved to Wed');
    expect(read(card!)).toContain('15:00');
    expect(read(menu!)).toContain('What would you like to do?');
  });

  it('waiting for the team\'s approval, it says so, and still carries the calendar file', async () => {
    const chat = customer();
    const [card] = await book(chat, '12:00', 'Consultation');
    expect(read(card!)).toContain('The team will confirm it shortly');
    expect(card!.links?.some((l) => l.url.includes('/calendar/'))).toBe(true);
  });

  it('on a channel without buttons, the card has no numbered choices of its own (the menu below has them)', async () => {
    const chat = customer({ textMenus: true });
    await chat.type('hi');
    await chat.type('1');
    await chat.type('haircut');
    await chat.type('1');
    await chat.type('tomorrow');
    await chat.type('13:00');
    await chat.type('Olena');
    await chat.type('+380675559999');
    const messages = (await chat.type('yes')).messages;
    const card = messages.find((m) => m.lasting)!;
    expect(read(card)).toContain("You're booked for Tue");
    expect(card.choices).toEqual([]);
    expect(card.links?.some((l) => l.url.includes('/calendar/'))).toBe(true);
    expect(messages.at(-1)!.choices.flat().length).toBeGreaterThan(0);
  });

  it('gives the time where the customer is when their zone differs (and only then)', async () => {
    const abroad = customer({ timeZone: 'Asia/Almaty' });
    const [card] = await book(abroad, '14:00');
    expect(read(card!)).toMatch(/🌍 Times are in GMT\+2: for you that is Tue 4 Mar\w*, 17:00\./);
    const local = customer({ timeZone: 'Europe/Kyiv' });
    const [same] = await book(local, '15:00');
    expect(read(same!)).not.toContain('🌍');
  });
});
