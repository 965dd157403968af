import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmBooking } from '../../../src/app/booking/confirm-booking.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import { rescheduleBooking } from '../../../src/app/booking/reschedule-booking.ts';
import { AuditEntrySchema, BookingSchema, ChannelIdentitySchema, CustomerSchema, OutboxMessageSchema, PaymentSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { startPanelHarness, type PanelClient, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let h: PanelHarness;
let staff: PanelClient;
let manager: PanelClient;
let base: string;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  staff = await h.as('staff');
  manager = await h.as('manager');
  base = `/admin/b/${h.world.business.slug}`;
  const em = emForBusiness(db.orm, h.world.business.id);
  const first = await em.findOneOrFail(CustomerSchema, { id: h.world.customers[0]! });
  first.name = 'Olga, "the" =boss';
  first.phone = '+380501234567';
  await em.flush();
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

const w = () => h.world;
const em = () => emForBusiness(db.orm, w().business.id);
async function book(i: number, startsAt: number, serviceId = w().haircut.id) {
  const held = await holdSlot(w().ctx, w().business.id, { customerId: w().customers[i]!, serviceId, staffId: w().staff[0]!.id, startsAt, source: 'telegram' });
  return confirmBooking(w().ctx, w().business.id, { kind: 'customer', customerId: w().customers[i]! }, { bookingId: held.id });
}
const versionOf = async (id: string) => (await em().findOneOrFail(BookingSchema, { id })).version;

describe('the desk pages', () => {
  it('shows today with approvals on top, and the board answers 204 until something changes', async () => {
    const today = await book(0, w().at('15:00', 0));
    const waiting = await book(1, w().at('11:00', 4), w().consultation.id);
    const page = await staff.get(base);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Olga, &quot;the&quot; =boss');
    expect(page.body).toContain('+380501234567');
    expect(page.body).toMatch(new RegExp(`data-booking="${today.id}"`));
    const attention = page.body.slice(page.body.indexOf('desk-attention'), page.body.indexOf('desk-today-title'));
    expect(attention).toContain(`/bookings/${waiting.id}`);
    expect(attention).toContain('value="approve"');

    const stamp = /data-stamp="([^"]+)"/.exec(page.body)![1]!;
    const quiet = await staff.get(`${base}/today/board?stamp=${encodeURIComponent(stamp)}`);
    expect(quiet.statusCode).toBe(204);
    await rescheduleBooking(w().ctx, w().business.id, { kind: 'business', userId: null }, { bookingId: today.id, startsAt: w().at('16:00', 0) });
    const changed = await staff.get(`${base}/today/board?stamp=${encodeURIComponent(stamp)}`);
    expect(changed.statusCode).toBe(200);
    expect(changed.body).toContain('id="desk-board"');
    expect(changed.body).toContain('16:00');
    expect(changed.body).not.toContain('<html');
  });

  it('approves from the board through the use case, and refuses a press on a stale page', async () => {
    const waiting = await book(2, w().at('12:00', 5), w().consultation.id);
    const version = await versionOf(waiting.id);
    const pressed = await staff.post(`${base}/bookings/${waiting.id}/act`, { action: 'approve', version: String(version), back: base });
    expect(pressed.statusCode).toBe(303);
    expect(pressed.headers.location).toBe(base);
    expect((await em().findOneOrFail(BookingSchema, { id: waiting.id })).status).toBe('confirmed');
    // Approved with nothing to pay: confirmed at once, recorded as the approval.
    const audit = await em().findOneOrFail(AuditEntrySchema, { entityId: waiting.id, action: 'booking.confirmed', actorKind: 'user' });
    expect(audit.details).toMatchObject({ approved: true });
    expect(audit.actorKind).toBe('user');
    expect(audit.actorId).toBe(h.userIds.staff);

    const stale = await staff.post(`${base}/bookings/${waiting.id}/act`, { action: 'noshow', version: String(version), back: base });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('changed in the meantime');
    expect((await em().findOneOrFail(BookingSchema, { id: waiting.id })).status).toBe('confirmed');
    // Somewhere else than this panel is not where an action goes back to.
    const away = await staff.post(`${base}/bookings/${waiting.id}/act`, { action: 'noshow', version: String(await versionOf(waiting.id)), back: 'https://evil.example/' });
    expect(away.statusCode).toBe(422);
  });

  it('moves a booking and tells the customer; a taken time offers the nearest free ones and changes nothing', async () => {
    const a = await book(0, w().at('10:00', 6));
    await book(1, w().at('14:00', 6));
    const taken = await staff.post(`${base}/bookings/${a.id}/move`, { version: String(await versionOf(a.id)), date: '2031-03-09', time: '14:00', staff: '' });
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('just been taken');
    expect(taken.body.match(/name="time" value="\d\d:\d\d"/g)?.length).toBeGreaterThan(0);
    expect((await em().findOneOrFail(BookingSchema, { id: a.id })).startsAt.getTime()).toBe(w().at('10:00', 6));

    const moved = await staff.post(`${base}/bookings/${a.id}/move`, { version: String(await versionOf(a.id)), date: '2031-03-09', time: '16:30', staff: '' });
    expect(moved.statusCode).toBe(303);
    expect((await em().findOneOrFail(BookingSchema, { id: a.id })).startsAt.getTime()).toBe(w().at('16:30', 6));
    expect(await em().count(OutboxMessageSchema, { aggregateId: a.id, topic: 'booking.rescheduled' })).toBe(1);

    const bad = await staff.post(`${base}/bookings/${a.id}/move`, { version: String(await versionOf(a.id)), date: '2031-02-30', time: '25:99' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('cancels with a reason the customer reads, and shows it in the history', async () => {
    const b = await book(3, w().at('09:00', 7));
    const cancelled = await staff.post(`${base}/bookings/${b.id}/cancel`, { version: String(await versionOf(b.id)), reason: 'The master is ill', tellCustomer: ['', 'on'], refund: 'policy' });
    expect(cancelled.statusCode).toBe(303);
    const row = await em().findOneOrFail(BookingSchema, { id: b.id });
    expect(row).toMatchObject({ status: 'cancelled', cancelReason: 'The master is ill', cancelledBy: 'business' });
    const message = await em().findOneOrFail(OutboxMessageSchema, { aggregateId: b.id, topic: 'booking.cancelled' });
    expect(message.payload).toMatchObject({ reason: 'The master is ill' });
    const card = await staff.get(`${base}/bookings/${b.id}`);
    expect(card.body).toContain('Cancelled');
    expect(card.body).toContain('«The master is ill»');
    // A cancelled booking offers no more changes.
    expect(card.body).not.toContain('/move"');
  });

  it('sends a confirmation again only for a confirmed booking to come, of a customer it can reach', async () => {
    const phoneOnly = await book(1, w().at('10:00', 8));
    const refused = await staff.post(`${base}/bookings/${phoneOnly.id}/resend`, { version: String(await versionOf(phoneOnly.id)) });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('nothing to send it to');
    const scoped = em();
    scoped.create(ChannelIdentitySchema, { business: w().business.id, channel: 'telegram', externalId: '9405002', customer: w().customers[2]! });
    await scoped.flush();
    const b = await book(2, w().at('13:00', 8));
    const before = await em().count(OutboxMessageSchema, { aggregateId: b.id, topic: 'booking.confirmed' });
    const resent = await staff.post(`${base}/bookings/${b.id}/resend`, { version: String(await versionOf(b.id)) });
    expect(resent.statusCode).toBe(303);
    expect(await em().count(OutboxMessageSchema, { aggregateId: b.id, topic: 'booking.confirmed' })).toBe(before + 1);
    expect((await staff.get(String(resent.headers.location))).body).toContain('sent to the customer again');
  });

  it('leaves the refund to the policy when staff cancel; an admin may refund all', async () => {
    const admin = await h.as('admin');
    const paidFor = async (bookingId: string) => {
      const scoped = em();
      const payment = scoped.create(PaymentSchema, { business: w().business.id, booking: bookingId, provider: 'cash', amountMinor: 20_000, currency: 'UAH', status: 'paid', createdAt: new Date(), updatedAt: new Date() });
      await scoped.flush();
      return payment.id;
    };
    // Inside the 2-hour cutoff the policy keeps the deposit.
    const a = await book(0, w().at('09:30', 0), w().consultation.id);
    const b = await book(1, w().at('09:30', 0), w().consultation.id).catch(() => book(1, w().at('10:00', 0)));
    const pa = await paidFor(a.id);
    const pb = await paidFor(b.id);
    expect((await staff.post(`${base}/bookings/${a.id}/cancel`, { version: String(await versionOf(a.id)), reason: '', refund: 'full' })).statusCode).toBe(303);
    expect((await admin.post(`${base}/bookings/${b.id}/cancel`, { version: String(await versionOf(b.id)), reason: '', refund: 'full' })).statusCode).toBe(303);
    expect((await em().findOneOrFail(PaymentSchema, { id: pa })).refundDueMinor).toBe(0);
    expect((await em().findOneOrFail(PaymentSchema, { id: pb })).refundDueMinor).toBe(20_000);
    expect((await staff.get(`${base}/bookings/${a.id}`)).body).not.toContain('name="refund"');
  });

  it('lists with filters and search, validates them, and 404s another business booking', async () => {
    const list = await staff.get(`${base}/bookings?from=2031-03-03&to=2031-03-20&q=olga`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Olga');
    expect(list.body).not.toContain('Download CSV');
    expect((await manager.get(`${base}/bookings?from=2031-03-03&to=2031-03-20`)).body).toContain('Download CSV');
    const inverted = await staff.get(`${base}/bookings?from=2031-03-20&to=2031-03-03`);
    expect(inverted.statusCode).toBe(422);
    expect(inverted.body).toContain('ends before it starts');
    const garbage = await staff.get(`${base}/bookings?from=yesterday&status=lost&staff=1`);
    expect(garbage.statusCode).toBe(422);
    expect(garbage.body).toContain('aria-invalid="true"');
    const long = await staff.get(`${base}/bookings?from=2030-01-01&to=2031-12-31`);
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain('at most a year');

    const theirs = await holdSlot(h.other.ctx, h.other.business.id, { customerId: h.other.customers[0]!, serviceId: h.other.haircut.id, staffId: h.other.staff[0]!.id, startsAt: h.other.at('10:00', 3), source: 'telegram' });
    expect((await staff.get(`${base}/bookings/${theirs.id}`)).statusCode).toBe(404);
    expect((await staff.post(`${base}/bookings/${theirs.id}/cancel`, { version: '1', reason: 'x' })).statusCode).toBe(404);
    expect((await staff.get(`${base}/bookings/not-a-uuid`)).statusCode).toBe(404);
  });

  it('downloads the CSV matching the database, with quoting and formula cells defused', async () => {
    const noted = await book(3, w().at('11:00', 9));
    const edit = em();
    const row = await edit.findOneOrFail(BookingSchema, { id: noted.id });
    row.notes = '=1+2';
    await edit.flush();
    const csv = await manager.get(`${base}/bookings.csv?from=2031-03-03&to=2031-03-31`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="bookings-.*-2031-03-03-2031-03-31\.csv"/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('id,date,start,end,status,service,specialist,customer,guest,phone,channel,campaign,price,discount,deposit,currency,paid,cancel_reason,notes,created_at');
    const stored = await em().find(BookingSchema, { status: { $ne: 'held' }, startsAt: { $gte: new Date(w().at('00:00', 0)), $lt: new Date(w().at('00:00', 29)) } });
    expect(lines.length - 1).toBe(stored.length);
    for (const b of stored) expect(csv.body).toContain(b.id);
    expect(csv.body).toContain('"Olga, ""the"" =boss"');
    expect(csv.body).toContain(",'=1+2,");
    // A phone number is a number, not a formula: kept as it is.
    expect(csv.body).toContain(',+380501234567,');
    expect((await manager.get(`${base}/bookings.csv?from=2031-03-31&to=2031-03-01`)).statusCode).toBe(422);
    expect((await staff.get(`${base}/bookings.csv`)).statusCode).toBe(403);
  });
});
