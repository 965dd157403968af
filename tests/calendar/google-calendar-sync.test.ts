import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAvailability } from '../../src/app/availability/list-availability.ts';
import { cancelBooking } from '../../src/app/booking/cancel-booking.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { rescheduleBooking } from '../../src/app/booking/reschedule-booking.ts';
import { pullBusyTimes } from '../../src/app/calendars/pull-busy-times.ts';
import { runCalendarPushes } from '../../src/app/calendars/run-calendar-pushes.ts';
import { googleCalendarProvider, googleEventId } from '../../src/calendar/google-calendar-provider.ts';
import { CalendarConnectionSchema, CalendarEventLinkSchema, CalendarPushSchema, ExternalBusySchema } from '../../src/db/entities/index.ts';
import { startFakeGoogleApi, type FakeGoogleApi } from '../support/fake-google-api.ts';
import { startCalendarSyncWorld, type CalendarSyncWorld } from '../support/calendar-sync-world.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Google Calendar two-way sync against a local fake Google over real HTTP: the OAuth
// callback, pushes through the outbox, busy times blocking availability, 410 resyncs,
// outages and a revoked token.
let db: TestDatabase;
let google: FakeGoogleApi;
let w: CalendarSyncWorld;
const owner = { kind: 'business', userId: null } as const;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 6 });
  google = await startFakeGoogleApi({ code: 'good-code', calendars: [{ id: 'anna@example.com', summary: 'Anna', primary: true }, { id: 'holidays', summary: 'Holidays', accessRole: 'reader' }] });
  w = await startCalendarSyncWorld(db.orm, { google: googleCalendarProvider({ clientId: 'client-id-123', clientSecret: 'client-secret-123', apiRoot: google.url, tokenUrl: google.tokenUrl }) });
});
afterAll(async () => {
  await w?.h.close();
  await google?.close();
  await db?.drop();
});

const events = () => [...google.calendars.get('anna@example.com')!.values()];
const ctx = () => w.h.world.ctx;

describe('Google Calendar sync', () => {
  it('connects through the OAuth consent and callback, storing the tokens sealed', async () => {
    const staff = await w.h.as('staff');
    const page = `/admin/b/${w.h.world.business.slug}/staff/${w.anna()}/calendar`;
    expect((await staff.get(page)).body).toContain('data-connect="google"');
    const consent = await w.consentUrl('google');
    expect(consent.searchParams.get('access_type')).toBe('offline');
    expect(consent.searchParams.get('prompt')).toBe('consent');
    expect(consent.searchParams.get('redirect_uri')).toBe('https://book.example/admin/calendar/callback');
    const state = consent.searchParams.get('state')!;
    // A forged or tampered state stores nothing.
    expect((await w.callback(state.slice(0, -2) + 'xx', 'good-code')).statusCode).toBe(404);
    expect(await w.em().count(CalendarConnectionSchema, {})).toBe(0);
    const back = await w.callback(state, 'good-code');
    expect(back.statusCode).toBe(303);
    expect(String(back.headers.location)).toBe(`${page}?connected=1`);
    const row = await w.em().findOneOrFail(CalendarConnectionSchema, { staffMember: w.anna() });
    expect(row.accountEmail).toBe('anna@example.com');
    expect(row.busyCalendarIds).toEqual(['anna@example.com']);
    expect(row.targetCalendarId).toBe('anna@example.com');
    // The fakes mark every token they issue; a sealed box never shows one (a random
    // ciphertext may well hold a short run like `at-`, so the mark is a long word).
    expect(row.tokensCiphertext).not.toContain('plaintext');
    const shown = await staff.get(page);
    expect(shown.body).toContain('Holidays');
    expect(shown.body).not.toContain('data-calendar-warning');
  });

  it('pushes a booking once (a retry does not duplicate), patches it on a move and deletes it on cancel', async () => {
    const booking = await createBooking(ctx(), w.h.world.business.id, owner, { customerId: w.h.world.customers[0]!, serviceId: w.h.world.haircut.id, staffId: w.anna(), startsAt: w.h.world.at('10:00') });
    expect((await w.flush()).pushed).toBe(1);
    expect(await w.em().count(CalendarPushSchema, {})).toBe(0);
    expect(events()).toHaveLength(1);
    const event = events()[0]!;
    expect(event.id).toBe(googleEventId(booking.id));
    expect(event.extendedProperties?.private?.['bookingId']).toBe(booking.id);
    expect(Date.parse(event.start.dateTime!)).toBe(w.h.world.at('10:00'));

    // A retry after a lost answer: the link was never saved, the push runs again.
    await w.em().nativeDelete(CalendarEventLinkSchema, {});
    const e2 = w.em();
    e2.create(CalendarPushSchema, { business: w.h.world.business.id, booking: booking.id, dueAt: new Date(ctx().now()) });
    await e2.flush();
    expect((await runCalendarPushes(ctx(), w.sync)).pushed).toBe(1);
    expect(events()).toHaveLength(1);
    expect(google.requests.some((r) => r.method === 'POST' && r.status === 409)).toBe(true);

    await rescheduleBooking(ctx(), w.h.world.business.id, owner, { bookingId: booking.id, startsAt: w.h.world.at('12:00') });
    await w.flush();
    expect(events()).toHaveLength(1);
    expect(Date.parse(events()[0]!.start.dateTime!)).toBe(w.h.world.at('12:00'));

    await cancelBooking(ctx(), w.h.world.business.id, owner, { bookingId: booking.id });
    await w.flush();
    expect(events()[0]!.status).toBe('cancelled');
    expect(await w.em().count(CalendarEventLinkSchema, {})).toBe(0);
  });

  it('an event in Google blocks that time; our own pushed event is not counted twice', async () => {
    const booking = await createBooking(ctx(), w.h.world.business.id, owner, { customerId: w.h.world.customers[0]!, serviceId: w.h.world.haircut.id, staffId: w.anna(), startsAt: w.h.world.at('16:00') });
    await w.flush();
    google.addEvent('anna@example.com', { id: 'dentist', summary: 'Dentist', start: { dateTime: new Date(w.h.world.at('14:00')).toISOString() }, end: { dateTime: new Date(w.h.world.at('15:00')).toISOString() } });
    const free = async () => (await listAvailability(ctx(), w.h.world.business.id, { serviceId: w.h.world.haircut.id, staffId: w.anna(), from: w.h.world.at('09:00'), to: w.h.world.at('18:00') })).slots.map((s) => s.startsAt);
    expect(await free()).toContain(w.h.world.at('14:00'));
    expect((await pullBusyTimes(ctx(), w.sync)).synced).toBe(1);
    const rows = await w.em().find(ExternalBusySchema, {});
    expect(rows.map((r) => r.eventId)).toEqual(['dentist']);
    expect(rows.some((r) => r.eventId === googleEventId(booking.id))).toBe(false);
    expect(await free()).not.toContain(w.h.world.at('14:00'));
    expect(await free()).toContain(w.h.world.at('13:00'));
  });

  it('a 410 for a stale sync token triggers a full resync', async () => {
    google.expireSyncTokens = true;
    google.addEvent('anna@example.com', { id: 'gym', start: { dateTime: new Date(w.h.world.at('09:00', 2)).toISOString() }, end: { dateTime: new Date(w.h.world.at('10:00', 2)).toISOString() } });
    const before = google.requests.length;
    expect((await pullBusyTimes(ctx(), w.sync)).synced).toBe(1);
    const lists = google.requests.slice(before).filter((r) => r.method === 'GET' && (r.path.endsWith('/events') || r.path.endsWith('?syncToken')));
    expect(lists.map((r) => r.status)).toEqual([410, 200]);
    expect((await w.em().find(ExternalBusySchema, {})).map((r) => r.eventId).sort()).toEqual(['dentist', 'gym']);
    google.expireSyncTokens = false;
  });

  it('an outage keeps the last busy data, delays pushes without losing them, and warns the team once', async () => {
    google.down = true;
    expect((await pullBusyTimes(ctx(), w.sync)).failed).toBe(1);
    expect((await pullBusyTimes(ctx(), w.sync)).failed).toBe(1);
    expect(await w.em().count(ExternalBusySchema, {})).toBe(2);
    expect((await w.em().findOneOrFail(CalendarConnectionSchema, { staffMember: w.anna() })).state).toBe('failing');
    expect(await w.troubleMessages()).toBe(1);
    const page = await (await w.h.as('staff')).get(`/admin/b/${w.h.world.business.slug}/staff/${w.anna()}/calendar`);
    expect(page.body).toContain('data-calendar-warning');

    const booking = await createBooking(ctx(), w.h.world.business.id, owner, { customerId: w.h.world.customers[0]!, serviceId: w.h.world.haircut.id, staffId: w.anna(), startsAt: w.h.world.at('11:00', 3) });
    expect((await w.flush()).failed).toBe(1);
    expect(await w.em().count(CalendarPushSchema, { booking: booking.id })).toBe(1);

    google.down = false;
    w.h.world.clock.advanceMinutes(5);
    expect((await runCalendarPushes(ctx(), w.sync)).pushed).toBe(1);
    expect(events().some((e) => e.id === googleEventId(booking.id) && e.status === 'confirmed')).toBe(true);
    expect((await pullBusyTimes(ctx(), w.sync)).synced).toBe(1);
    expect((await w.em().findOneOrFail(CalendarConnectionSchema, { staffMember: w.anna() })).state).toBe('ok');
    expect(await w.troubleMessages()).toBe(1);
  });

  it('a revoked token marks the connection and tells the team; disconnect revokes and forgets', async () => {
    const before = await w.troubleMessages();
    // The account withdrew access in Google: its tokens stop working.
    google.expireAccessTokens();
    await revokeAll();
    google.revoked.clear();
    expect((await pullBusyTimes(ctx(), w.sync)).failed).toBe(1);
    const after = await w.em().findOneOrFail(CalendarConnectionSchema, { staffMember: w.anna() });
    expect(after.state).toBe('revoked');
    expect(await w.troubleMessages()).toBe(before + 1);
    expect(await w.em().count(ExternalBusySchema, {})).toBe(2);

    const staff = await w.h.as('staff');
    const page = `/admin/b/${w.h.world.business.slug}/staff/${w.anna()}/calendar`;
    expect((await staff.get(page)).body).toContain('data-calendar-warning');
    expect((await staff.post(`${page}/google/disconnect`)).statusCode).toBe(303);
    expect(google.revoked.size).toBeGreaterThan(0);
    expect(await w.em().count(CalendarConnectionSchema, {})).toBe(0);
    expect(await w.em().count(ExternalBusySchema, {})).toBe(0);
  });
});

// Revokes every refresh token the fake issued (as a person removing the app's access in their Google account does).
async function revokeAll() {
  for (let i = 1; i <= 50; i += 1) await fetch(`${google.url}/revoke?token=rt-${i}-plaintext`, { method: 'POST' });
}
