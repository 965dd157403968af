import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmBooking } from '../../../src/app/booking/confirm-booking.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import { AuditEntrySchema, BookingSchema, CustomerSchema, OutboxMessageSchema, StaffMemberSchema, TimeOffSchema } from '../../../src/db/entities/index.ts';
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
  await emForBusiness(db.orm, h.world.business.id).nativeUpdate(StaffMemberSchema, { id: h.world.staff[0]!.id }, { user: h.userIds.staff });
  [staff, manager] = await Promise.all([h.as('staff'), h.as('manager')]);
  base = `/admin/b/${h.world.business.slug}/calendar`;
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

const w = () => h.world;
const em = () => emForBusiness(db.orm, w().business.id);
const keyOf = (html: string) => /name="key" value="([^"]+)"/.exec(html)![1]!;

describe('the calendar', () => {
  it('shows a day of every specialist with bookings, free times to book and shaded hours', async () => {
    const held = await holdSlot(w().ctx, w().business.id, { customerId: w().customers[0]!, serviceId: w().haircut.id, staffId: w().staff[0]!.id, startsAt: w().at('10:00', 1), source: 'telegram' });
    await confirmBooking(w().ctx, w().business.id, { kind: 'customer', customerId: w().customers[0]! }, { bookingId: held.id });
    const page = await staff.get(`${base}?date=2031-03-04`);
    expect(page.statusCode).toBe(200);
    for (const s of w().staff) expect(page.body).toContain(`>${s.name}</th>`);
    expect(page.body).toContain(`data-booking="${held.id}"`);
    expect(page.body).toMatch(/class="cal-block" rowspan="4"/);
    expect(page.body).toContain(`${base}/book?staff=${w().staff[0]!.id}&amp;start=${w().at('11:00', 1)}`);
    // Everyone works 09:00–18:00: a booking at 18:30 widens the day, and the time after hours is shaded.
    const late = await holdSlot(w().ctx, w().business.id, { customerId: w().customers[1]!, serviceId: w().haircut.id, staffId: w().staff[1]!.id, startsAt: w().at('16:00', 1), source: 'telegram' });
    await em().nativeUpdate(BookingSchema, { id: late.id }, { startsAt: new Date(w().at('18:30', 1)), endsAt: new Date(w().at('19:30', 1)), blockedFrom: new Date(w().at('18:30', 1)), blockedUntil: new Date(w().at('19:30', 1)) });
    const wider = await staff.get(`${base}?date=2031-03-04`);
    expect(wider.body).toContain('<th scope="row" class="cal-time">19:00</th>');
    expect(wider.body).toContain('class="cal-off"');
  });

  it('shows a week of one specialist, and a bad address shows today rather than an error', async () => {
    const week = await staff.get(`${base}?view=week&date=2031-03-06&lane=${w().staff[1]!.id}`);
    expect(week.statusCode).toBe(200);
    expect(week.body.match(/<th scope="col">/g)).toHaveLength(7);
    expect(week.body).toContain('Week of Monday, March 3, 2031');
    const garbage = await staff.get(`${base}?view=month&date=2031-02-31&lane=x`);
    expect(garbage.statusCode).toBe(200);
    expect(garbage.body).toContain('Monday, March 3, 2031');
    const theirs = await staff.get(`${base}?view=week&lane=${h.other.staff[0]!.id}`);
    expect(theirs.statusCode).toBe(404);
  });

  it('reads a week of one specialist only: their bookings and time off and the whole business’s, no one else’s', async () => {
    const book = async (staffIndex: number, time: string) => {
      const held = await holdSlot(w().ctx, w().business.id, { customerId: w().customers[2]!, serviceId: w().haircut.id, staffId: w().staff[staffIndex]!.id, startsAt: w().at(time, 8), source: 'telegram' });
      await confirmBooking(w().ctx, w().business.id, { kind: 'customer', customerId: w().customers[2]! }, { bookingId: held.id });
      return held.id;
    };
    const theirs = await book(0, '10:00');
    const mine = await book(1, '12:00');
    const fork = em();
    const dentist = fork.create(TimeOffSchema, { business: w().business.id, staffMember: w().staff[0]!.id, startsAt: new Date(w().at('13:00', 9)), endsAt: new Date(w().at('14:00', 9)), reason: 'Dentist' });
    const training = fork.create(TimeOffSchema, { business: w().business.id, staffMember: null, startsAt: new Date(w().at('13:00', 10)), endsAt: new Date(w().at('14:00', 10)), reason: 'Team training' });
    await fork.flush();
    const week = await staff.get(`${base}?view=week&date=2031-03-11&lane=${w().staff[1]!.id}`);
    expect(week.body).toContain(`data-booking="${mine}"`);
    expect(week.body).not.toContain(`data-booking="${theirs}"`);
    expect(week.body).toContain('Team training');
    expect(week.body).not.toContain('Dentist');
    expect(week.body).toContain(`title="Book 09:00 with ${w().staff[1]!.name}"`);
    const day = await staff.get(`${base}?date=2031-03-11`);
    for (const id of [mine, theirs]) expect(day.body).toContain(`data-booking="${id}"`);
    expect(day.body).toContain(`<span class="visually-hidden">Book 09:00 with ${w().staff[0]!.name}</span>`);
    // The next test counts the time off it makes.
    await em().nativeDelete(TimeOffSchema, { id: { $in: [dentist.id, training.id] } });
  });

  it('blocks time for a meeting (own time only for staff), shows it, and frees it again', async () => {
    const own = w().staff[0]!.id;
    const blocked = await staff.post(`${base}/block`, { staff: own, day: '2031-03-05', from: '13:00', to: '14:00', reason: 'Staff meeting', back: `${base}?date=2031-03-05` });
    expect(blocked.statusCode).toBe(303);
    expect(blocked.headers.location).toBe(`${base}?date=2031-03-05`);
    const timeOff = await em().findOneOrFail(TimeOffSchema, { staffMember: own });
    expect(timeOff.reason).toBe('Staff meeting');
    const page = await staff.get(`${base}?date=2031-03-05`);
    expect(page.body).toContain('Staff meeting');
    expect((await staff.post(`${base}/block`, { staff: w().staff[1]!.id, day: '2031-03-05', from: '13:00', to: '14:00' })).statusCode).toBe(404);
    const inverted = await staff.post(`${base}/block`, { staff: own, day: '2031-03-05', from: '15:00', to: '14:00' });
    expect(inverted.statusCode).toBe(422);
    expect((await manager.post(`${base}/block`, { staff: w().staff[1]!.id, day: '2031-03-05', from: '13:00', to: '14:00' })).statusCode).toBe(303);
    // The grid is in the business's zone: a specialist living in another zone is blocked at the time clicked.
    await em().nativeUpdate(StaffMemberSchema, { id: w().staff[2]?.id ?? w().staff[1]!.id }, { timeZone: 'Asia/Almaty' });
    const elsewhere = w().staff[2]?.id ?? w().staff[1]!.id;
    expect((await manager.post(`${base}/block`, { staff: elsewhere, day: '2031-03-06', from: '13:00', to: '14:00', reason: 'Training' })).statusCode).toBe(303);
    expect((await em().findOneOrFail(TimeOffSchema, { staffMember: elsewhere, reason: 'Training' })).startsAt.getTime()).toBe(w().at('13:00', 3));
    await em().nativeUpdate(StaffMemberSchema, { id: elsewhere }, { timeZone: null });
    await em().nativeDelete(TimeOffSchema, { staffMember: elsewhere, reason: 'Training' });
    const freed = await staff.post(`${base}/unblock`, { staff: own, timeOff: timeOff.id, back: 'https://evil.example' });
    expect(freed.statusCode).toBe(303);
    expect(freed.headers.location).toBe(base);
    expect(await em().count(TimeOffSchema, { staffMember: own })).toBe(0);
  });

  it('books a walk-in by phone: a new customer, confirmed at once, once per form', async () => {
    const form = await staff.get(`${base}/book?staff=${w().staff[1]!.id}&start=${w().at('15:00', 2)}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/id="f-date"[^>]*value="2031-03-05"/);
    expect(form.body).toMatch(/id="f-time"[^>]*value="15:00"/);
    const key = keyOf(form.body);
    const fields = { staff: w().staff[1]!.id, service: w().haircut.id, date: '2031-03-05', time: '15:00', phone: '050 777 11 22', name: 'Walk In', notes: '', force: '', key };
    const booked = await staff.post(`${base}/book`, fields);
    expect(booked.statusCode).toBe(303);
    const id = String(booked.headers.location).split('/').pop()!;
    const row = await em().findOneOrFail(BookingSchema, { id }, { populate: ['customer'] });
    expect(row).toMatchObject({ status: 'confirmed', source: 'admin' });
    expect(row.customer.getEntity()).toMatchObject({ name: 'Walk In', phone: '+380507771122', phoneTrusted: true });
    expect(await em().count(OutboxMessageSchema, { aggregateId: id, topic: 'booking.created' })).toBe(1);
    expect(await em().count(AuditEntrySchema, { action: 'customer.created', entityId: row.customer.id })).toBe(1);
    // The same form again (a double click) is the same booking.
    const again = await staff.post(`${base}/book`, fields);
    expect(again.headers.location).toBe(booked.headers.location);
    expect(await em().count(CustomerSchema, { phone: '+380507771122' })).toBe(1);

    // The number again finds the same card; a taken time shows the nearest free ones.
    const taken = await staff.post(`${base}/book`, { ...fields, key: 'another-form-1' });
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('just been taken');
    expect(taken.body).toMatch(/<li>[^<]*\d\d:\d\d<\/li>/);
    const badPhone = await staff.post(`${base}/book`, { ...fields, key: 'another-form-2', phone: 'call me' });
    expect(badPhone.statusCode).toBe(422);
    expect(badPhone.body).toContain('does not look like a phone number');
    const late = await staff.post(`${base}/book`, { ...fields, key: 'another-form-3', time: '22:00' });
    expect(late.statusCode).toBe(422);
    const forced = await staff.post(`${base}/book`, { ...fields, key: 'another-form-4', time: '21:00', force: ['', 'on'] });
    expect(forced.statusCode).toBe(303);
  });
});
