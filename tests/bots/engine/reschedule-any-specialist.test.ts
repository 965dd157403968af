import { beforeEach, describe, expect, it } from 'vitest';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { BookingSchema, BusinessSchema, ChannelIdentitySchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../../src/db/tenant-scope.ts';
import type { ChatDriver } from '../../support/chat-driver.ts';
import { useEngineWorld } from '../../support/engine-world.ts';

// Moving a booking: by default the customer sees their own specialist's free times; where
// the business allows it (Policies: "Customers may move to another specialist"), every
// specialist's — their own first when free, else whoever is free then.
const world = useEngineWorld({ firstChatId: 9700 });
const owner = { kind: 'business', userId: null } as const;

const allowOthers = (allowed: boolean) => emAcrossBusinesses(world.db.orm).nativeUpdate(BusinessSchema, { id: world.w.business.id }, { rescheduleAnySpecialist: allowed });

/** A chat whose customer has a haircut with the first specialist on Tue at `time`, and that specialist busy on Wed at 15:00. */
async function customerWithBooking(time: string): Promise<{ chat: ChatDriver; bookingId: string }> {
  const { w } = world;
  const chat = world.customer();
  await chat.type('hi');
  const customerId = (await world.em().findOneOrFail(ChannelIdentitySchema, { channel: 'telegram', externalId: world.lastChatId() })).customer.id;
  const booking = await createBooking(w.ctx, w.business.id, owner, { customerId, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at(time) });
  await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('15:00', 2) }).catch(() => undefined);
  await chat.press('My bookings');
  await chat.press(time);
  await chat.press('Reschedule');
  await chat.press('Wed');
  return { chat, bookingId: booking.id };
}

describe('moving a booking to another specialist', () => {
  beforeEach(() => allowOthers(false));

  it('by default offers only the own specialist\'s free times', async () => {
    const { chat } = await customerWithBooking('10:00');
    expect(chat.labels()).not.toContain('15:00');
    expect(chat.labels()).toContain('16:00');
  });

  it('where the business allows it, offers every specialist\'s times and moves to whoever is free', async () => {
    await allowOthers(true);
    const { chat, bookingId } = await customerWithBooking('11:00');
    expect(chat.labels()).toContain('15:00');
    await chat.press('15:00');
    await chat.press('yes');
    const moved = await world.em().findOneOrFail(BookingSchema, { id: bookingId });
    expect(moved.startsAt.getTime()).toBe(world.w.at('15:00', 2));
    expect(moved.staffMember.id).toBe(world.w.staff[1]!.id);
  });

  it('where allowed, keeps the own specialist when they are free at the new time', async () => {
    await allowOthers(true);
    const { chat, bookingId } = await customerWithBooking('12:00');
    await chat.press('16:00');
    await chat.press('yes');
    const moved = await world.em().findOneOrFail(BookingSchema, { id: bookingId });
    expect(moved.startsAt.getTime()).toBe(world.w.at('16:00', 2));
    expect(moved.staffMember.id).toBe(world.w.staff[0]!.id);
  });
});
