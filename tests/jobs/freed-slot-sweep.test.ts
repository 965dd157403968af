import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingSchema, WaitlistEntrySchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { cancelBooking } from '../../src/app/booking/cancel-booking.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { joinWaitlist } from '../../src/app/waitlist/join-waitlist.ts';
import { holdExpirySweep } from '../../src/jobs/hold-expiry-sweep.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';

// The sweep visits a business whose only work is a freed slot still to offer (no
// lapsed hold at all), so such a slot is never forgotten.
let db: TestDatabase;
let w: BookingWorld;
const owner = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 3, staff: 1 });
});
afterAll(async () => db.drop());

describe('hold-expiry sweep and freed slots', () => {
  it('offers a slot marked as due to the waitlist in a business with no lapsed holds', async () => {
    const em = () => emForBusiness(db.orm, w.business.id);
    const booked = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('12:00', 2) });
    await cancelBooking(w.ctx, w.business.id, owner, { bookingId: booked.id });
    // Someone asks for that day afterwards, and the slot is marked as freed but not yet
    // offered — as a booking that released a lapsed hold on its way leaves it.
    const waiting = await joinWaitlist(w.ctx, w.business.id, { customerId: w.customers[1]!, serviceId: w.haircut.id, fromDate: '2031-03-05', toDate: '2031-03-05', source: 'telegram' });
    await em().nativeUpdate(BookingSchema, { id: booked.id }, { waitlistOfferDue: true });
    expect(await em().count(BookingSchema, { status: 'held' })).toBe(0);

    await holdExpirySweep.handle({}, { ctx: w.ctx, logger: pino({ level: 'silent' }) });

    const entry = await em().findOneOrFail(WaitlistEntrySchema, { id: waiting.id });
    expect(entry.status).toBe('offered');
    expect((await em().findOneOrFail(BookingSchema, { id: entry.offerBooking!.id })).startsAt.getTime()).toBe(w.at('12:00', 2));
    expect((await em().findOneOrFail(BookingSchema, { id: booked.id })).waitlistOfferDue).toBe(false);
  });
});
