import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingSchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { holdSlot, MAX_HOLDS_PER_MINUTE } from '../../src/app/booking/hold-slot.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';

// Many fresh accounts each holding their three slots could empty a day in seconds: the
// chats of one business may hold at most so many slots a minute.
let db: TestDatabase;
let w: BookingWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: MAX_HOLDS_PER_MINUTE + 2, staff: 1 });
});
afterAll(async () => db.drop());

const hold = (i: number) =>
  holdSlot(w.ctx, w.business.id, {
    customerId: w.customers[i]!,
    serviceId: w.haircut.id,
    staffId: w.staff[0]!.id,
    startsAt: w.at(`${String(9 + (i % 9)).padStart(2, '0')}:00`, 1 + Math.floor(i / 9)),
    source: 'telegram',
    conversationKey: `tg:${i}`,
  });

describe('holds per minute', () => {
  it('refuses the hold past the limit within a minute, stores nothing for it, and takes holds again a minute later', async () => {
    for (let i = 0; i < MAX_HOLDS_PER_MINUTE; i += 1) await hold(i);
    w.clock.advanceMinutes(0.5);
    await expect(hold(MAX_HOLDS_PER_MINUTE)).rejects.toMatchObject({ code: 'holds_per_minute_reached' });
    expect(await emForBusiness(db.orm, w.business.id).count(BookingSchema, { status: 'held' })).toBe(MAX_HOLDS_PER_MINUTE);
    w.clock.advanceMinutes(0.6);
    expect((await hold(MAX_HOLDS_PER_MINUTE + 1)).status).toBe('held');
  });
});
