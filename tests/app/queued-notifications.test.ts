import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditEntrySchema, BookingSchema, BusinessSchema, OutboxMessageSchema, ReviewSchema, WorkingHoursSchema, type Business } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { cancelBooking } from '../../src/app/booking/cancel-booking.ts';
import { confirmBooking } from '../../src/app/booking/confirm-booking.ts';
import { holdSlot } from '../../src/app/booking/hold-slot.ts';
import { releaseUnpaidBookings } from '../../src/app/sweeps/release-unpaid-bookings.ts';
import { markUnattendedNoShows } from '../../src/app/sweeps/mark-unattended-no-shows.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { queueDailyDigest } from '../../src/app/notifications/queue-daily-digest.ts';
import { queueDueFollowUps } from '../../src/app/notifications/queue-due-follow-ups.ts';
import { queueDueReminders } from '../../src/app/notifications/queue-due-reminders.ts';
import { recordReview, REVIEW_COMMENT_WAIT_MS } from '../../src/app/reviews/record-review.ts';
import { rescheduleBooking } from '../../src/app/booking/reschedule-booking.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { validationIssues } from '../support/validation-issues.ts';

let db: TestDatabase;
let w: BookingWorld;
const owner = { kind: 'business' as const, userId: null };
const em = () => emForBusiness(db.orm, w.business.id);
const reminders = async (bookingId: string) =>
  (await em().find(OutboxMessageSchema, { topic: 'booking.reminder', aggregateId: bookingId }, { orderBy: { createdAt: 'asc' } })).map((m) => ({
    offset: m.payload['offsetMinutes'],
    startsAt: m.payload['startsAt'],
  }));

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 4 });
});
afterAll(async () => db.drop());
beforeEach(() => w.clock.reset());

describe('queued notifications', () => {
  it('queues the 24 h and 2 h reminders once each, at their time', async () => {
    const b = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('12:00', 3) });
    w.clock.set(w.at('11:59', 2));
    expect(await queueDueReminders(w.ctx, w.business.id)).toBe(0);
    w.clock.set(w.at('12:00', 2));
    expect(await queueDueReminders(w.ctx, w.business.id)).toBe(1);
    expect(await queueDueReminders(w.ctx, w.business.id)).toBe(0);
    w.clock.set(w.at('10:05', 3));
    expect(await queueDueReminders(w.ctx, w.business.id)).toBe(1);
    expect(await reminders(b.id)).toEqual([
      { offset: 1440, startsAt: new Date(w.at('12:00', 3)).toISOString() },
      { offset: 120, startsAt: new Date(w.at('12:00', 3)).toISOString() },
    ]);
  });

  it('reminds a rescheduled booking of its new time and a cancelled one of nothing', async () => {
    const moved = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[1]!, serviceId: w.haircut.id, staffId: w.staff[1]!.id, startsAt: w.at('10:00', 5) });
    const dropped = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[2]!, serviceId: w.haircut.id, staffId: w.staff[1]!.id, startsAt: w.at('12:00', 5) });
    await rescheduleBooking(w.ctx, w.business.id, owner, { bookingId: moved.id, startsAt: w.at('15:00', 5) });
    await cancelBooking(w.ctx, w.business.id, owner, { bookingId: dropped.id });
    w.clock.set(w.at('10:00', 4));
    await queueDueReminders(w.ctx, w.business.id);
    expect(await reminders(moved.id)).toEqual([]);
    w.clock.set(w.at('15:00', 4));
    await queueDueReminders(w.ctx, w.business.id);
    expect(await reminders(moved.id)).toEqual([{ offset: 1440, startsAt: new Date(w.at('15:00', 5)).toISOString() }]);
    w.clock.set(w.at('11:30', 5));
    await queueDueReminders(w.ctx, w.business.id);
    expect(await reminders(dropped.id)).toEqual([]);
  });

  it('skips a reminder missed by more than the grace period instead of sending it late', async () => {
    const b = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[3]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('16:00', 7) });
    w.clock.set(w.at('17:00', 6)); // 23 h before: the 24 h reminder was due an hour ago
    await queueDueReminders(w.ctx, w.business.id);
    expect(await reminders(b.id)).toEqual([]);
  });

  it('asks how it went two hours after the end, once', async () => {
    const b = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('09:00', 8) });
    const followUps = () => em().count(OutboxMessageSchema, { topic: 'booking.follow_up', aggregateId: b.id });
    w.clock.set(w.at('11:59', 8));
    await queueDueFollowUps(w.ctx, w.business.id);
    expect(await followUps()).toBe(0);
    w.clock.set(w.at('12:00', 8));
    expect(await queueDueFollowUps(w.ctx, w.business.id)).toBeGreaterThanOrEqual(1);
    expect(await queueDueFollowUps(w.ctx, w.business.id)).toBe(0);
    expect(await em().count(OutboxMessageSchema, { topic: 'booking.follow_up', aggregateId: b.id })).toBe(1);
  });

  it('queues the daily digest at opening time with the day per specialist, once a day', async () => {
    // A business of its own: its opening hours must not change the other tests' days.
    const d = await makeBookingWorld(db.orm, { customers: 3 });
    const e = emForBusiness(db.orm, d.business.id);
    for (let weekday = 1; weekday <= 7; weekday += 1) e.create(WorkingHoursSchema, { business: d.business.id, staffMember: null, weekday, startMinute: 8 * 60 + 30, endMinute: 19 * 60 });
    await e.flush();
    await createBooking(d.ctx, d.business.id, owner, { customerId: d.customers[1]!, serviceId: d.haircut.id, staffId: d.staff[0]!.id, startsAt: d.at('11:00', 9) });
    await createBooking(d.ctx, d.business.id, owner, { customerId: d.customers[2]!, serviceId: d.haircut.id, staffId: d.staff[1]!.id, startsAt: d.at('10:00', 9) });
    d.clock.set(d.at('08:29', 9));
    expect(await queueDailyDigest(d.ctx, d.business.id)).toBe(false);
    d.clock.set(d.at('08:30', 9));
    expect(await queueDailyDigest(d.ctx, d.business.id)).toBe(true);
    expect(await queueDailyDigest(d.ctx, d.business.id)).toBe(false);
    // The next day the service was down until the afternoon: no stale digest at 13:00.
    d.clock.set(d.at('13:00', 10));
    expect(await queueDailyDigest(d.ctx, d.business.id)).toBe(false);
    const digests = await emForBusiness(db.orm, d.business.id).find(OutboxMessageSchema, { topic: 'business.daily_digest' });
    expect(digests).toHaveLength(1);
    expect(digests[0]!.payload).toMatchObject({
      date: '2031-03-12',
      staff: [
        { staffId: d.staff[0]!.id, bookings: [{ customer: 'Customer 2', service: 'Haircut', startsAt: new Date(d.at('11:00', 9)).toISOString() }] },
        { staffId: d.staff[1]!.id, bookings: [{ customer: 'Customer 3' }] },
      ],
    });
  });
});

describe('reviews', () => {
  it('stores a rating for an appointment that took place, once per booking, and tells the team', async () => {
    const b = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('09:00', 11) });
    const review = () => recordReview(w.ctx, w.business.id, { customerId: w.customers[0]!, bookingId: b.id, rating: 5, comment: 'Great cut' });
    await expect(review()).rejects.toMatchObject({ code: 'invalid_request' }); // not yet
    w.clock.set(w.at('11:00', 11));
    expect(await review()).toMatchObject({ rating: 5, comment: 'Great cut', staffId: w.staff[0]!.id });
    const again = await recordReview(w.ctx, w.business.id, { customerId: w.customers[0]!, bookingId: b.id, rating: 4 });
    expect(again.rating).toBe(4);
    expect(await em().count(ReviewSchema, { booking: b.id })).toBe(1);
    // The team's post had not gone out yet: it now says 4 stars, and there is still one.
    const posts = await em().find(OutboxMessageSchema, { topic: 'review.received', aggregateId: b.id });
    expect(posts.map((p) => p.payload['rating'])).toEqual([4]);
    await expect(recordReview(w.ctx, w.business.id, { customerId: w.customers[1]!, bookingId: b.id, rating: 1 })).rejects.toMatchObject({ code: 'not_your_booking' });
    expect(await validationIssues(recordReview(w.ctx, w.business.id, { customerId: w.customers[0]!, bookingId: b.id, rating: 6 }))).toEqual(['rating: rating is 1 to 5']);
  });
});

/** The team's posts of a booking's review, oldest first, and its audit entries. */
const reviewPosts = (bookingId: string) => em().fork().find(OutboxMessageSchema, { topic: 'review.received', aggregateId: bookingId }, { orderBy: { createdAt: 'asc' } });
const reviewAudits = (bookingId: string) => em().count(AuditEntrySchema, { action: 'review.received', entityId: bookingId });

/** A haircut of customer/staff `n` at 09:00 on day 15, with the clock at 11:00 after it while `run` runs. */
async function afterVisit(n: number, run: (bookingId: string, after: number) => Promise<void>): Promise<void> {
  const b = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[n]!, serviceId: w.haircut.id, staffId: w.staff[n]!.id, startsAt: w.at('09:00', 15) });
  const after = w.at('11:00', 15);
  w.clock.set(after);
  await run(b.id, after);
}

describe('a rating, then its comment', () => {
  it('tells the team once, stars and words together; a rating left alone goes out after the wait', async () => {
    await afterVisit(0, async (bookingId, after) => {
      const posts = () => reviewPosts(bookingId);
      await recordReview(w.ctx, w.business.id, { customerId: w.customers[0]!, bookingId: bookingId, rating: 5, commentMayFollow: true });
      // Waits for the comment the chat asks for next.
      expect((await posts()).map((p) => [p.payload['rating'], p.availableAt.getTime()])).toEqual([[5, after + REVIEW_COMMENT_WAIT_MS]]);
      w.clock.set(after + 60_000);
      await recordReview(w.ctx, w.business.id, { customerId: w.customers[0]!, bookingId: bookingId, rating: 5, comment: 'Great cut' });
      expect((await posts()).map((p) => [p.payload['rating'], p.payload['comment'], p.availableAt.getTime()])).toEqual([[5, 'Great cut', after + 60_000]]);
      // Once the team has it, a changed review is news of its own.
      await em().nativeUpdate(OutboxMessageSchema, { topic: 'review.received', aggregateId: bookingId }, { status: 'sent' });
      await recordReview(w.ctx, w.business.id, { customerId: w.customers[0]!, bookingId: bookingId, rating: 3, comment: 'Actually, too short' });
      expect((await posts()).map((p) => [p.status, p.payload['comment']])).toEqual([
        ['sent', 'Great cut'],
        ['pending', 'Actually, too short'],
      ]);
      // Every change is in the audit log.
      expect(await reviewAudits(bookingId)).toBe(3);
      // The same answer again (a star pressed twice, "no comment" long after): no new post, no new entry.
      await em().nativeUpdate(OutboxMessageSchema, { topic: 'review.received', aggregateId: bookingId }, { status: 'sent' });
      w.clock.set(after + 2 * REVIEW_COMMENT_WAIT_MS);
      await recordReview(w.ctx, w.business.id, { customerId: w.customers[0]!, bookingId: bookingId, rating: 3, comment: 'Actually, too short' });
      expect((await posts()).filter((p) => p.status === 'pending')).toHaveLength(0);
      expect(await reviewAudits(bookingId)).toBe(3);
      // The same stars pressed again on the old follow-up keep the words.
      expect(await recordReview(w.ctx, w.business.id, { customerId: w.customers[0]!, bookingId: bookingId, rating: 3, commentMayFollow: true })).toMatchObject({ comment: 'Actually, too short' });
      expect((await posts()).filter((p) => p.status === 'pending')).toHaveLength(0);
      expect(await reviewAudits(bookingId)).toBe(3);
    });
  });
});

describe('a rating, then no comment', () => {
  it('sends the waiting post of the stars at once when the customer skips the comment', async () => {
    await afterVisit(1, async (bookingId, after) => {
      await recordReview(w.ctx, w.business.id, { customerId: w.customers[1]!, bookingId, rating: 4, commentMayFollow: true });
      w.clock.set(after + 30_000);
      await recordReview(w.ctx, w.business.id, { customerId: w.customers[1]!, bookingId, rating: 4 });
      const posts = await reviewPosts(bookingId);
      expect(posts.map((p) => [p.status, p.payload['rating'], p.availableAt.getTime()])).toEqual([['pending', 4, after + 30_000]]);
      expect(await reviewAudits(bookingId)).toBe(1);
    });
  });
});

describe('unpaid deposits', () => {
  it('gives the slot back when the deposit is not paid in time, and tells both sides', async () => {
    const held = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[1]!, serviceId: w.massage.id, staffId: w.staff[1]!.id, startsAt: w.at('14:00', 12), source: 'telegram' });
    const pending = await confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[1]! }, { bookingId: held.id });
    expect(pending).toMatchObject({ status: 'pending', awaiting: 'payment' });
    w.clock.advanceMinutes(59);
    expect(await releaseUnpaidBookings(w.ctx, w.business.id)).toEqual([]);
    w.clock.advanceMinutes(1);
    expect(await releaseUnpaidBookings(w.ctx, w.business.id)).toEqual([held.id]);
    const released = await em().findOneOrFail(BookingSchema, { id: held.id });
    expect(released).toMatchObject({ status: 'cancelled', cancelledBy: 'system', cancelReason: 'payment_expired' });
    expect(await em().count(OutboxMessageSchema, { topic: 'booking.payment_expired', aggregateId: held.id })).toBe(1);
    const again = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[2]!, serviceId: w.massage.id, staffId: w.staff[1]!.id, startsAt: w.at('14:00', 12), source: 'sms' });
    expect(again.status).toBe('held');
  });
});

describe('automatic no-shows', () => {
  it('marks unmarked past bookings only for businesses that opted in, after their delay', async () => {
    // A business of its own, so no other test's past bookings are swept up with this one.
    const n = await makeBookingWorld(db.orm, { customers: 1 });
    const b = await createBooking(n.ctx, n.business.id, owner, { customerId: n.customers[0]!, serviceId: n.haircut.id, staffId: n.staff[0]!.id, startsAt: n.at('09:00', 13) });
    n.clock.set(n.at('12:00', 13));
    expect(await markUnattendedNoShows(n.ctx, n.business.id)).toEqual([]); // not opted in
    const e = emForBusiness(db.orm, n.business.id);
    const business = await e.findOneOrFail(BusinessSchema, { id: n.business.id });
    business.autoNoShowAfterMinutes = 60;
    await e.flush();
    n.clock.set(n.at('10:59', 13));
    expect(await markUnattendedNoShows(n.ctx, n.business.id)).toEqual([]);
    n.clock.set(n.at('11:00', 13));
    expect(await markUnattendedNoShows(n.ctx, n.business.id)).toEqual([b.id]);
    expect(await markUnattendedNoShows(n.ctx, n.business.id)).toEqual([]);
    expect(await emForBusiness(db.orm, n.business.id).count(OutboxMessageSchema, { topic: 'booking.no_show', aggregateId: b.id })).toBe(1);
  });
});

describe("the business's follow-up and digest times", () => {
  /** A business of its own with some policies set, so no other test's bookings or days are touched. */
  async function worldWith(policies: Partial<Pick<Business, 'followUpAfterMinutes' | 'digestAtMinute'>>): Promise<BookingWorld> {
    const x = await makeBookingWorld(db.orm, { customers: 1 });
    const e = emForBusiness(db.orm, x.business.id);
    const business = await e.findOneOrFail(BusinessSchema, { id: x.business.id });
    e.assign(business, policies);
    await e.flush();
    return x;
  }
  const followUpsOf = (x: BookingWorld, bookingId: string) => emForBusiness(db.orm, x.business.id).count(OutboxMessageSchema, { topic: 'booking.follow_up', aggregateId: bookingId });

  it('asks how it went after the business own delay', async () => {
    const x = await worldWith({ followUpAfterMinutes: 30 });
    const b = await createBooking(x.ctx, x.business.id, owner, { customerId: x.customers[0]!, serviceId: x.haircut.id, staffId: x.staff[0]!.id, startsAt: x.at('09:00', 2) });
    x.clock.set(x.at('10:29', 2));
    expect(await queueDueFollowUps(x.ctx, x.business.id)).toBe(0);
    x.clock.set(x.at('10:30', 2));
    expect(await queueDueFollowUps(x.ctx, x.business.id)).toBe(1);
    expect(await followUpsOf(x, b.id)).toBe(1);
  });

  it('asks nobody when the business turned follow-ups off, and never a week late', async () => {
    const off = await worldWith({ followUpAfterMinutes: null });
    const b = await createBooking(off.ctx, off.business.id, owner, { customerId: off.customers[0]!, serviceId: off.haircut.id, staffId: off.staff[0]!.id, startsAt: off.at('09:00', 2) });
    off.clock.set(off.at('12:00', 3));
    expect(await queueDueFollowUps(off.ctx, off.business.id)).toBe(0);
    expect(await followUpsOf(off, b.id)).toBe(0);

    const late = await worldWith({ followUpAfterMinutes: 60 });
    const old = await createBooking(late.ctx, late.business.id, owner, { customerId: late.customers[0]!, serviceId: late.haircut.id, staffId: late.staff[0]!.id, startsAt: late.at('09:00', 2) });
    // Due at 11:00 on day 2; the sweep first runs more than a week after that.
    late.clock.set(late.at('11:01', 9));
    expect(await queueDueFollowUps(late.ctx, late.business.id)).toBe(0);
    expect(await followUpsOf(late, old.id)).toBe(0);
  });

  it('sends the digest at the business own time instead of at opening, within four hours of it', async () => {
    const early = await worldWith({ digestAtMinute: 7 * 60 + 15 });
    // Specialists open at 09:00: the digest goes at 07:15 all the same.
    early.clock.set(early.at('07:14', 2));
    expect(await queueDailyDigest(early.ctx, early.business.id)).toBe(false);
    early.clock.set(early.at('07:15', 2));
    expect(await queueDailyDigest(early.ctx, early.business.id)).toBe(true);
    expect(await queueDailyDigest(early.ctx, early.business.id)).toBe(false);

    const noon = await worldWith({ digestAtMinute: 12 * 60 });
    noon.clock.set(noon.at('09:00', 2));
    expect(await queueDailyDigest(noon.ctx, noon.business.id)).toBe(false);
    noon.clock.set(noon.at('15:59', 2));
    expect(await queueDailyDigest(noon.ctx, noon.business.id)).toBe(true);
    // The next day the service was down until 16:00, four hours after noon: no stale digest.
    noon.clock.set(noon.at('16:00', 3));
    expect(await queueDailyDigest(noon.ctx, noon.business.id)).toBe(false);
    const digests = await emForBusiness(db.orm, noon.business.id).find(OutboxMessageSchema, { topic: 'business.daily_digest' });
    expect(digests.map((d) => d.payload['date'])).toEqual(['2031-03-05']);
  });
});
