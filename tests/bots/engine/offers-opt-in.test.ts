import { beforeAll, describe, expect, it } from 'vitest';
import { createBroadcast } from '../../../src/app/broadcasts/create-broadcast.ts';
import { getBroadcast } from '../../../src/app/broadcasts/list-broadcasts.ts';
import { sendBroadcast } from '../../../src/app/broadcasts/send-broadcast.ts';
import { isOffersStop } from '../../../src/bots/engine/offers-opt-out.ts';
import { ChannelIdentitySchema, CustomerSchema } from '../../../src/db/entities/index.ts';
import type { BookingWorld } from '../../support/booking-world.ts';
import { useEngineWorld } from '../../support/engine-world.ts';

// Offers are off until the customer turns them on in the chat's notification settings;
// STOP (any language, any step) or a broadcast's Unsubscribe button turns them off.
const world = useEngineWorld({ firstChatId: 9700 });
let w: BookingWorld;
beforeAll(() => {
  w = world.w;
});
const owner = { kind: 'business', userId: null } as const;
const optedIn = async (customerId: string) => (await world.em().findOneOrFail(CustomerSchema, { id: customerId })).marketingOptIn;

describe('offers in the chat', () => {
  it.each([
    ['STOP', true],
    ['Стоп.', true],
    ['/stop', true],
    ['unsubscribe', true],
    ['stop by at 10', false],
    ['top', false],
  ])('reads %s as stop: %s', (text, expected) => {
    expect(isOffersStop(text)).toBe(expected);
  });

  it('is off at first, turned on in the settings, and off again by STOP', async () => {
    const chat = world.customer();
    await chat.type('hi');
    await chat.press('Notifications');
    expect(chat.text()).toContain('Offers and news: off');
    const customerId = (await world.em().findOneOrFail(ChannelIdentitySchema, { channel: 'telegram', externalId: world.lastChatId() })).customer.id;
    expect(await optedIn(customerId)).toBe(false);
    await chat.press('Send me offers and news');
    expect(chat.text()).toContain('Offers and news: on');
    expect(await optedIn(customerId)).toBe(true);

    await chat.type('STOP');
    expect(chat.text()).toContain('you will get no more offers');
    expect(await optedIn(customerId)).toBe(false);
    await chat.type('stop');
    expect(chat.text()).toContain('You do not get offers from us');
  });

  it("a broadcast's Unsubscribe button turns offers off and counts on that broadcast", async () => {
    const chat = world.customer();
    await chat.type('hi');
    await chat.press('Notifications');
    await chat.press('Send me offers and news');
    const customerId = (await world.em().findOneOrFail(ChannelIdentitySchema, { channel: 'telegram', externalId: world.lastChatId() })).customer.id;
    const { id } = await createBroadcast(w.ctx, w.business.id, owner, { text: 'Hello' });
    await sendBroadcast(w.ctx, w.business.id, owner, id);
    // The button as the broadcast carries it (`notification-messages.ts`): a choice with no version.
    await chat.send({ kind: 'choice', id: `mk-off:${id}`, version: null });
    expect(chat.text()).toContain('you will get no more offers');
    expect(await optedIn(customerId)).toBe(false);
    expect((await getBroadcast(w.ctx, w.business.id, id)).counts.optedOut).toBe(1);
  });
});
