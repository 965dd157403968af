import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmBooking } from '../../../src/app/booking/confirm-booking.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import { AuditEntrySchema, BookingSchema, ChannelIdentitySchema, OutboxMessageSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { startPanelHarness, type PanelClient, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let h: PanelHarness;
let staff: PanelClient;
let base: string;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  staff = await h.as('staff');
  base = `/admin/b/${h.world.business.slug}/bookings`;
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

const w = () => h.world;
const em = () => emForBusiness(db.orm, w().business.id);
async function book(i: number, startsAt: number, staffIndex = 0) {
  const held = await holdSlot(w().ctx, w().business.id, { customerId: w().customers[i]!, serviceId: w().haircut.id, staffId: w().staff[staffIndex]!.id, startsAt, source: 'telegram' });
  return confirmBooking(w().ctx, w().business.id, { kind: 'customer', customerId: w().customers[i]! }, { bookingId: held.id });
}
const versionOf = async (id: string) => String((await em().findOneOrFail(BookingSchema, { id })).version);
const seriesOf = async (id: string) => (await em().findOneOrFail(BookingSchema, { id })).seriesId;

describe('a series from the desk', () => {
  let origin = '';

  it('previews the dates (a taken one with nearby free times), then books them with a replacement picked', async () => {
    origin = (await book(0, w().at('10:00', 1))).id;
    // Two weeks later that hour is taken by someone else.
    const blocker = await book(1, w().at('10:00', 15));
    const preview = await staff.post(`${base}/${origin}/series/preview`, { everyWeeks: '1', count: '3' });
    expect(preview.statusCode).toBe(200);
    expect(preview.body.match(/class="series-free"/g)).toHaveLength(2);
    expect(preview.body.match(/class="series-taken"/g)).toHaveLength(1);
    const alternative = /name="instead_2" value="(\d+)"/.exec(preview.body)?.[1];
    expect(alternative).toBeDefined();
    expect(await seriesOf(origin)).toBeNull();

    const booked = await staff.post(`${base}/${origin}/series`, { everyWeeks: '1', count: '3', instead_2: alternative! });
    expect(booked.statusCode).toBe(303);
    const seriesId = await seriesOf(origin);
    expect(seriesId).not.toBeNull();
    const visits = await em().find(BookingSchema, { seriesId }, { orderBy: { startsAt: 'asc' } });
    expect(visits.map((v) => v.startsAt.getTime())).toEqual([w().at('10:00', 1), w().at('10:00', 8), Number(alternative), w().at('10:00', 22)]);
    expect((await em().findOneOrFail(BookingSchema, { id: blocker.id })).status).toBe('confirmed');
    // Booked by the desk, recorded as the business (the panel user), not the customer.
    const audit = await em().findOneOrFail(AuditEntrySchema, { entityId: visits[1]!.id, action: 'booking.created' });
    expect(audit).toMatchObject({ actorKind: 'user', actorId: h.userIds.staff });
    expect((await staff.get(String(booked.headers.location))).body).toContain('The series is booked.');
  });

  it('moves the series from the second visit on to another weekday and time', async () => {
    const seriesId = await seriesOf(origin);
    const visits = await em().find(BookingSchema, { seriesId }, { orderBy: { startsAt: 'asc' } });
    const second = visits[1]!;
    // Tuesday 10:00 → Wednesday 15:00 for the second visit and every one after it.
    const moved = await staff.post(`${base}/${second.id}/series/move`, { version: await versionOf(second.id), seriesDate: '2031-03-12', seriesTime: '15:00', seriesStaff: '' });
    expect(moved.statusCode).toBe(303);
    expect(moved.headers.location).toMatch(/\?moved=all$/);
    const after = await em().find(BookingSchema, { seriesId }, { orderBy: { startsAt: 'asc' } });
    expect(after[0]!.startsAt.getTime()).toBe(w().at('10:00', 1));
    expect(after.slice(1).map((v) => v.startsAt.getTime())).toEqual([w().at('15:00', 9), w().at('15:00', 16), w().at('15:00', 23)]);
    const stale = await staff.post(`${base}/${second.id}/series/move`, { version: String(second.version), seriesDate: '2031-03-12', seriesTime: '16:00' });
    expect(stale.statusCode).toBe(409);
  });

  it('moves a whole series a week later (latest first, so no visit runs into the next one)', async () => {
    const first = (await book(3, w().at('16:00', 2), 1)).id;
    expect((await staff.post(`${base}/${first}/series`, { everyWeeks: '1', count: '2' })).statusCode).toBe(303);
    const seriesId = await seriesOf(first);
    const moved = await staff.post(`${base}/${first}/series/move`, { version: await versionOf(first), seriesDate: '2031-03-12', seriesTime: '16:00', seriesStaff: '' });
    expect(moved.headers.location).toMatch(/\?moved=all$/);
    const after = await em().find(BookingSchema, { seriesId }, { orderBy: { startsAt: 'asc' } });
    expect(after.map((v) => v.startsAt.getTime())).toEqual([w().at('16:00', 9), w().at('16:00', 16), w().at('16:00', 23)]);
  });

  it('cancels from one visit on, telling the customer the reason, and keeps the earlier ones', async () => {
    const seriesId = await seriesOf(origin);
    const visits = await em().find(BookingSchema, { seriesId }, { orderBy: { startsAt: 'asc' } });
    const third = visits[2]!;
    const stale = await staff.post(`${base}/${third.id}/series/cancel`, { version: String(third.version - 1), seriesReason: 'x' });
    expect(stale.statusCode).toBe(409);
    const cancelled = await staff.post(`${base}/${third.id}/series/cancel`, { version: await versionOf(third.id), seriesReason: 'We close for renovation', seriesTell: ['', 'on'] });
    expect(cancelled.statusCode).toBe(303);
    const after = await em().find(BookingSchema, { seriesId }, { orderBy: { startsAt: 'asc' } });
    expect(after.map((v) => v.status)).toEqual(['confirmed', 'confirmed', 'cancelled', 'cancelled']);
    const told = await em().find(OutboxMessageSchema, { topic: 'booking.cancelled', aggregateId: { $in: [visits[2]!.id, visits[3]!.id] } });
    expect(told.map((m) => m.payload['reason'])).toEqual(['We close for renovation', 'We close for renovation']);
  });

  it('refuses to repeat a booking that is already in a series or not confirmed, with a message', async () => {
    const refused = await staff.post(`${base}/${origin}/series/preview`, { everyWeeks: '1', count: '2' });
    expect(refused.statusCode).toBe(422);
    expect((await staff.post(`${base}/${origin}/series/preview`, { everyWeeks: '3', count: '2' })).statusCode).toBe(422);
    expect((await staff.post(`${base}/${origin}/series/preview`, { everyWeeks: '1', count: '99' })).statusCode).toBe(422);
  });
});

describe('a message to the customer from the desk', () => {
  it('goes to a chat customer through the outbox, signed; a customer with no chat is told to be called', async () => {
    const b = await book(2, w().at('12:00', 3));
    const scoped = em();
    scoped.create(ChannelIdentitySchema, { business: w().business.id, channel: 'telegram', externalId: '9404001', customer: w().customers[2]! });
    await scoped.flush();
    const sent = await staff.post(`${base}/${b.id}/message`, { text: 'Please come 10 minutes early' });
    expect(sent.statusCode).toBe(303);
    const queued = await em().findOneOrFail(OutboxMessageSchema, { topic: 'conversation.reply', aggregateId: w().customers[2]! });
    expect(queued.payload).toMatchObject({ text: 'Please come 10 minutes early', customerId: w().customers[2]! });

    const phoneOnly = await book(3, w().at('13:00', 3));
    const noChat = await staff.post(`${base}/${phoneOnly.id}/message`, { text: 'Hello' });
    expect(noChat.statusCode).toBe(422);
    expect(noChat.body).toContain('no chat with us');
    expect(await em().count(OutboxMessageSchema, { topic: 'conversation.reply', aggregateId: w().customers[3]! })).toBe(0);
    expect((await staff.post(`${base}/${b.id}/message`, { text: '   ' })).statusCode).toBe(422);
  });
});
