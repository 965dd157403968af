import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelBooking } from '../../src/app/booking/cancel-booking.ts';
import { confirmBooking } from '../../src/app/booking/confirm-booking.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { holdSlot } from '../../src/app/booking/hold-slot.ts';
import { forwardToTeam } from '../../src/app/conversations/forward-to-team.ts';
import { fanOutOutbox } from '../../src/app/notifications/fan-out-outbox.ts';
import { OutboxMessageSchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// A notification is due by the clock of the use case that queued it — the clock the
// fan-out compares it with — never by the wall clock. A world whose clock stands in a
// past year shows the difference: with the wall clock its notifications would wait
// for years.
let db: TestDatabase;
let w: BookingWorld;
const owner = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 2, today: '2020-03-02' });
});
afterAll(async () => db.drop());

const dueTimes = async () => (await emForBusiness(db.orm, w.business.id).find(OutboxMessageSchema, { status: 'pending' })).map((m) => [m.topic, m.availableAt.getTime()]);

describe('outbox clock', () => {
  it("queues each notification at the use case's now, and the fan-out takes it at once", async () => {
    const booked = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at('10:00') });
    w.clock.advanceMinutes(5);
    await cancelBooking(w.ctx, w.business.id, owner, { bookingId: booked.id, reason: 'closed' });
    w.clock.advanceMinutes(5);
    const held = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[1]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at('12:00'), source: 'telegram' });
    await confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[1]! }, { bookingId: held.id });
    await forwardToTeam(w.ctx, w.business.id, { customerId: w.customers[1]!, text: 'Can I bring my dog?' });

    const start = w.at('08:00', 0);
    expect((await dueTimes()).sort()).toEqual(
      [
        ['booking.created', start],
        ['booking.confirmed', start],
        ['booking.cancelled', start + 5 * 60_000],
        ['booking.created', start + 10 * 60_000],
        ['booking.confirmed', start + 10 * 60_000],
        ['conversation.message', start + 10 * 60_000],
      ].sort(),
    );
    expect(await fanOutOutbox(w.ctx)).toBe(6);
    expect(await dueTimes()).toEqual([]);
  });
});
