import { beforeAll, describe, expect, it } from 'vitest';
import { deepLinkPayload } from '../../../src/bots/engine/deep-link.ts';
import { BookingSchema, PromoCodeSchema } from '../../../src/db/entities/index.ts';
import type { BookingWorld } from '../../support/booking-world.ts';
import { useEngineWorld } from '../../support/engine-world.ts';
import type { ChatDriver } from '../../support/chat-driver.ts';

// A /start link opens a service with a specialist, offers the promo code it carries with
// one tap, and its campaign is recorded on every booking the chat makes from then on.
const world = useEngineWorld({ firstChatId: 9300 });
let w: BookingWorld;

beforeAll(async () => {
  w = world.w;
  const e = world.em();
  e.create(PromoCodeSchema, { business: w.business.id, code: 'SPRING10', discountKind: 'percent', discountValue: 1000 });
  await e.flush();
});

const em = () => world.em();
const customer = () => world.customer();
const start = (chat: ChatDriver, payload: string) => chat.send({ kind: 'command', name: 'start', arg: payload });

describe('/start links', () => {
  it('opens the service with the named specialist, offers the code with one tap, and records the campaign', async () => {
    const chat = customer();
    const specialist = w.staff[1]!;
    await start(chat, deepLinkPayload({ serviceId: w.haircut.id, staffId: specialist.id, promo: 'SPRING10', campaign: 'insta' })!);
    expect(chat.text()).toContain('Choose a day');
    await chat.press('Tue');
    await chat.press('10:00');
    await chat.press('name:profile');
    await chat.type(`+380 67 333 ${world.lastChatId().slice(-2)} 00`);
    expect(chat.labels()).toContain('🎟 Use SPRING10');
    await chat.press('Use SPRING10');
    expect(chat.text()).toContain('Promo code applied');
    await chat.press('ok');
    const booking = await em().findOneOrFail(BookingSchema, { status: 'confirmed', startsAt: new Date(w.at('10:00')), staffMember: specialist.id }, { populate: ['promoCode'] });
    expect(booking.staffMember.id).toBe(specialist.id);
    expect(booking.campaign).toBe('insta');
    expect(booking.promoCode?.getEntity().code).toBe('SPRING10');
    expect(booking.discountMinor).toBeGreaterThan(0);

    // A later booking in the same chat keeps the campaign; a plain /start does not wipe it.
    await start(chat, '');
    await chat.press('book');
    await chat.press('Haircut');
    await chat.press('Anyone');
    await chat.press('Wed');
    await chat.press('11:00');
    await chat.press('skip');
    await chat.press('ok');
    const second = await em().findOneOrFail(BookingSchema, { status: 'confirmed', startsAt: new Date(w.at('11:00', 2)), customer: booking.customer.id });
    expect(second.campaign).toBe('insta');
    expect(second.promoCode).toBeNull();
  });

  it('a link naming a specialist who does not do the service asks whom to see; a broken link just greets', async () => {
    const chat = customer();
    await start(chat, deepLinkPayload({ serviceId: w.haircut.id, staffId: '00000000-0000-4000-8000-000000000000' })!);
    expect(chat.text()).toContain('Who would you like to see?');
    const other = customer();
    await start(other, 'sNOT-A-REAL-LINK');
    expect(other.text()).toContain('Hello');
    expect(other.labels().join(' ')).not.toContain('Use');
  });
});
