import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingSchema, CustomerSchema } from '../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../src/db/tenant-scope.ts';
import { applyPromoCode } from '../../src/app/booking/apply-promo-code.ts';
import { cancelBooking } from '../../src/app/booking/cancel-booking.ts';
import { confirmBooking } from '../../src/app/booking/confirm-booking.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { customerBookings } from '../../src/app/customers/customer-bookings.ts';
import { setCustomerPhone } from '../../src/app/customers/set-customer-phone.ts';
import { updateCustomer } from '../../src/app/customers/update-customer.ts';
import { approveBooking } from '../../src/app/booking/approve-booking.ts';
import { declineBooking } from '../../src/app/booking/decline-booking.ts';
import { holdSlot } from '../../src/app/booking/hold-slot.ts';
import { listAvailability } from '../../src/app/availability/list-availability.ts';
import { markCompleted } from '../../src/app/booking/mark-completed.ts';
import { markNoShow } from '../../src/app/booking/mark-no-show.ts';
import { rescheduleBooking } from '../../src/app/booking/reschedule-booking.ts';
import { joinWaitlist } from '../../src/app/waitlist/join-waitlist.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';

let db: TestDatabase;
let a: BookingWorld;
let b: BookingWorld;
let bookingOfA: string;
const owner = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase();
  a = await makeBookingWorld(db.orm);
  b = await makeBookingWorld(db.orm);
  bookingOfA = (await createBooking(a.ctx, a.business.id, owner, { customerId: a.customers[0]!, serviceId: a.haircut.id, staffId: a.staff[0]!.id, startsAt: a.at('10:00') })).id;
});
afterAll(async () => db.drop());

// Business B's side calls every use case with business A's ids.
describe("business B cannot read or change business A's data through any use case", () => {
  it.each([
    ['hold a slot with A’s service and customer', () => holdSlot(b.ctx, b.business.id, { customerId: a.customers[1]!, serviceId: a.haircut.id, staffId: null, startsAt: a.at('12:00'), source: 'sms' })],
    ['hold with B’s customer but A’s service', () => holdSlot(b.ctx, b.business.id, { customerId: b.customers[1]!, serviceId: a.haircut.id, staffId: null, startsAt: a.at('12:00'), source: 'sms' })],
    ['create a booking for A’s customer', () => createBooking(b.ctx, b.business.id, owner, { customerId: a.customers[1]!, serviceId: b.haircut.id, staffId: null, startsAt: a.at('12:00') })],
    ['confirm A’s booking', () => confirmBooking(b.ctx, b.business.id, owner, { bookingId: bookingOfA })],
    ['cancel A’s booking', () => cancelBooking(b.ctx, b.business.id, owner, { bookingId: bookingOfA })],
    ['reschedule A’s booking', () => rescheduleBooking(b.ctx, b.business.id, owner, { bookingId: bookingOfA, startsAt: a.at('15:00') })],
    ['approve A’s booking', () => approveBooking(b.ctx, b.business.id, owner, { bookingId: bookingOfA })],
    ['decline A’s booking', () => declineBooking(b.ctx, b.business.id, owner, { bookingId: bookingOfA })],
    ['mark A’s booking completed', () => markCompleted(b.ctx, b.business.id, owner, { bookingId: bookingOfA })],
    ['mark A’s booking no-show', () => markNoShow(b.ctx, b.business.id, owner, { bookingId: bookingOfA })],
    ['apply a promo to A’s booking', () => applyPromoCode(b.ctx, b.business.id, owner, { bookingId: bookingOfA, code: 'X' })],
    ['list A’s availability', () => listAvailability(b.ctx, b.business.id, { serviceId: a.haircut.id, from: a.at('00:00'), to: a.at('23:00') })],
    ['edit A’s customer', () => updateCustomer(b.ctx, b.business.id, { kind: 'business', userId: null }, { customerId: a.customers[0]!, notes: 'mine now' })],
    ['set A’s customer phone', () => setCustomerPhone(b.ctx, b.business.id, { customerId: a.customers[0]!, phone: '+380671234567' })],
    ['put A’s customer on a waitlist', () => joinWaitlist(b.ctx, b.business.id, { customerId: a.customers[0]!, serviceId: b.haircut.id, fromDate: '2031-03-04', toDate: '2031-03-05' })],
  ])('%s → not found', async (_label, call) => {
    await expect(call()).rejects.toMatchObject({ code: 'not_found' });
  });

  it("reads none of A's bookings for A's customer id", async () => {
    expect(await customerBookings(b.ctx, b.business.id, a.customers[0]!)).toEqual([]);
  });

  it('left A untouched', async () => {
    const em = emAcrossBusinesses(db.orm);
    expect(await em.findOneOrFail(BookingSchema, { id: bookingOfA })).toMatchObject({ status: 'confirmed' });
    expect((await em.findOneOrFail(CustomerSchema, { id: a.customers[0]! })).notes).toBe('');
    expect(await em.count(BookingSchema, { business: b.business.id })).toBe(0);
  });
});
