import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAvailability } from '../../src/app/availability/list-availability.ts';
import { cancelBooking } from '../../src/app/booking/cancel-booking.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { rescheduleBooking } from '../../src/app/booking/reschedule-booking.ts';
import { pullBusyTimes } from '../../src/app/calendars/pull-busy-times.ts';
import { runCalendarPushes } from '../../src/app/calendars/run-calendar-pushes.ts';
import { BOOKING_ID_PROPERTY, outlookCalendarProvider } from '../../src/calendar/outlook-calendar-provider.ts';
import { CalendarConnectionSchema, CalendarEventLinkSchema, CalendarPushSchema, ExternalBusySchema } from '../../src/db/entities/index.ts';
import { startFakeGraphApi, type FakeGraphApi } from '../support/fake-graph-api.ts';
import { startCalendarSyncWorld, type CalendarSyncWorld } from '../support/calendar-sync-world.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Outlook (Microsoft 365) two-way sync against a local fake Microsoft identity platform
// and Graph over real HTTP, through the same use cases as Google: the OAuth callback,
// pushes through the outbox, busy times by calendarView delta, stale delta tokens,
// outages, refreshed (rotated) tokens saved, and withdrawn access.
let db: TestDatabase;
let graph: FakeGraphApi;
let w: CalendarSyncWorld;
const owner = { kind: 'business', userId: null } as const;
const CAL = 'AAMkAD-calendar==';

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 6 });
  graph = await startFakeGraphApi({ code: 'good-code', mail: 'anna@clinic.example', calendars: [{ id: CAL, name: 'Calendar', isDefaultCalendar: true }, { id: 'AAMkAD-holidays', name: 'Holidays', canEdit: false }] });
  w = await startCalendarSyncWorld(db.orm, {
    outlook: outlookCalendarProvider({ clientId: 'ms-client-id-123', clientSecret: 'ms-client-secret-123', graphRoot: graph.graphRoot, tokenUrl: graph.tokenUrl, authorizeUrl: graph.authorizeUrl }),
  });
});
afterAll(async () => {
  await w?.h.close();
  await graph?.close();
  await db?.drop();
});

const ctx = () => w.h.world.ctx;
const utc = (ms: number) => ({ dateTime: new Date(ms).toISOString().slice(0, 19), timeZone: 'UTC' });
const busyIds = async () => (await w.em().find(ExternalBusySchema, {})).map((r) => r.eventId).sort();
const free = async () => (await listAvailability(ctx(), w.h.world.business.id, { serviceId: w.h.world.haircut.id, staffId: w.anna(), from: w.h.world.at('09:00'), to: w.h.world.at('18:00') })).slots.map((s) => s.startsAt);

describe('Outlook calendar sync', () => {
  it('connects through the Microsoft consent and callback, storing the tokens sealed', async () => {
    const staff = await w.h.as('staff');
    expect((await staff.get(w.page())).body).toContain('data-connect="outlook"');
    const consent = await w.consentUrl('outlook');
    expect(consent.origin + consent.pathname).toBe(graph.authorizeUrl);
    expect(consent.searchParams.get('scope')).toBe('offline_access Calendars.ReadWrite User.Read');
    expect(consent.searchParams.get('response_type')).toBe('code');
    expect(consent.searchParams.get('redirect_uri')).toBe('https://book.example/admin/calendar/callback');
    const state = consent.searchParams.get('state')!;
    // A forged or tampered state stores nothing.
    expect((await w.callback(state.slice(0, -2) + 'xx', 'good-code')).statusCode).toBe(404);
    expect(await w.em().count(CalendarConnectionSchema, {})).toBe(0);
    const back = await w.callback(state, 'good-code');
    expect(back.statusCode).toBe(303);
    expect(String(back.headers.location)).toBe(`${w.page()}?connected=1`);
    const row = await w.em().findOneOrFail(CalendarConnectionSchema, { staffMember: w.anna() });
    expect(row.provider).toBe('outlook');
    expect(row.accountEmail).toBe('anna@clinic.example');
    expect(row.busyCalendarIds).toEqual([CAL]);
    expect(row.targetCalendarId).toBe(CAL);
    // The fakes mark every token they issue; a sealed box never shows one (a random
    // ciphertext may well hold a short run like `at-`, so the mark is a long word).
    expect(row.tokensCiphertext).not.toContain('plaintext');
    const shown = await staff.get(w.page());
    expect(shown.body).toContain('Holidays');
    expect(shown.body).not.toContain('data-calendar-warning');
  });

  it('pushes a booking once (a retry finds it by the booking id), patches it on a move and deletes it on cancel', async () => {
    const booking = await createBooking(ctx(), w.h.world.business.id, owner, { customerId: w.h.world.customers[0]!, serviceId: w.h.world.haircut.id, staffId: w.anna(), startsAt: w.h.world.at('10:00') });
    expect((await w.flush()).pushed).toBe(1);
    expect(graph.live(CAL)).toHaveLength(1);
    const event = graph.live(CAL)[0]!;
    expect(event.singleValueExtendedProperties).toEqual([{ id: BOOKING_ID_PROPERTY, value: booking.id }]);
    expect(event.start).toEqual(utc(w.h.world.at('10:00')));
    // Graph made the id: it is kept on the link.
    expect((await w.em().findOneOrFail(CalendarEventLinkSchema, { booking: booking.id })).eventId).toBe(event.id);

    // A retry after a lost answer: the link was never saved, the push runs again and finds the event.
    await w.em().nativeDelete(CalendarEventLinkSchema, {});
    const e2 = w.em();
    e2.create(CalendarPushSchema, { business: w.h.world.business.id, booking: booking.id, dueAt: new Date(ctx().now()) });
    await e2.flush();
    const posts = () => graph.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/events')).length;
    const before = posts();
    expect((await runCalendarPushes(ctx(), w.sync)).pushed).toBe(1);
    expect(posts()).toBe(before);
    expect(graph.live(CAL)).toHaveLength(1);
    expect((await w.em().findOneOrFail(CalendarEventLinkSchema, { booking: booking.id })).eventId).toBe(event.id);

    await rescheduleBooking(ctx(), w.h.world.business.id, owner, { bookingId: booking.id, startsAt: w.h.world.at('12:00') });
    await w.flush();
    expect(graph.live(CAL)).toHaveLength(1);
    expect(graph.live(CAL)[0]!.start).toEqual(utc(w.h.world.at('12:00')));

    await cancelBooking(ctx(), w.h.world.business.id, owner, { bookingId: booking.id });
    await w.flush();
    expect(graph.live(CAL)).toHaveLength(0);
    expect(await w.em().count(CalendarEventLinkSchema, {})).toBe(0);
  });

  it('a busy Outlook event blocks its slots; free time, deleted events and our own bookings do not', async () => {
    const booking = await createBooking(ctx(), w.h.world.business.id, owner, { customerId: w.h.world.customers[0]!, serviceId: w.h.world.haircut.id, staffId: w.anna(), startsAt: w.h.world.at('16:00') });
    await w.flush();
    graph.addEvent(CAL, { id: 'dentist', subject: 'Dentist', start: utc(w.h.world.at('14:00')), end: utc(w.h.world.at('15:00')), showAs: 'busy' });
    graph.addEvent(CAL, { id: 'lunch-free', subject: 'Maybe lunch', start: utc(w.h.world.at('11:00')), end: utc(w.h.world.at('12:00')), showAs: 'free' });
    graph.addEvent(CAL, { id: 'call', subject: 'Call', start: utc(w.h.world.at('09:00', 1)), end: utc(w.h.world.at('10:00', 1)), showAs: 'tentative' });
    expect(await free()).toContain(w.h.world.at('14:00'));
    expect((await pullBusyTimes(ctx(), w.sync)).synced).toBe(1);
    // Four events on three pages of the delta round.
    expect(graph.requests.filter((r) => r.path.includes('calendarView/delta?$skiptoken')).length).toBeGreaterThan(0);
    expect(await busyIds()).toEqual(['call', 'dentist']);
    const ours = await w.em().findOneOrFail(CalendarEventLinkSchema, { booking: booking.id });
    expect(await busyIds()).not.toContain(ours.eventId);
    expect(await free()).not.toContain(w.h.world.at('14:00'));
    expect(await free()).toContain(w.h.world.at('11:00'));

    // Incremental: the call is deleted in Outlook, the dentist moves an hour later.
    graph.calendars.get(CAL)!.get('call')!.removed = true;
    graph.addEvent(CAL, { id: 'call', start: utc(w.h.world.at('09:00', 1)), end: utc(w.h.world.at('10:00', 1)), removed: true });
    graph.addEvent(CAL, { id: 'dentist', subject: 'Dentist', start: utc(w.h.world.at('15:00')), end: utc(w.h.world.at('16:00')), showAs: 'busy' });
    const before = graph.requests.length;
    expect((await pullBusyTimes(ctx(), w.sync)).synced).toBe(1);
    expect(graph.requests.slice(before).some((r) => r.path.includes('$deltatoken'))).toBe(true);
    expect(await busyIds()).toEqual(['dentist']);
    expect(await free()).toContain(w.h.world.at('14:00'));
    expect(await free()).not.toContain(w.h.world.at('15:00'));
  });

  it('an invalid delta token triggers a full resync', async () => {
    graph.expireDeltaTokens = true;
    graph.addEvent(CAL, { id: 'gym', start: utc(w.h.world.at('09:00', 2)), end: utc(w.h.world.at('10:00', 2)), showAs: 'busy' });
    const before = graph.requests.length;
    expect((await pullBusyTimes(ctx(), w.sync)).synced).toBe(1);
    const rounds = graph.requests.slice(before).filter((r) => r.path.includes('calendarView/delta') && !r.path.includes('$skiptoken'));
    expect(rounds.map((r) => [r.path.includes('$deltatoken') ? 'token' : 'window', r.status])).toEqual([
      ['token', 410],
      ['window', 200],
    ]);
    expect(await busyIds()).toEqual(['dentist', 'gym']);
    graph.expireDeltaTokens = false;
  });

  it('an outage keeps the last busy data, delays pushes without losing them, warns once, and the Calendars page lists it', async () => {
    graph.down = true;
    expect((await pullBusyTimes(ctx(), w.sync)).failed).toBe(1);
    expect((await pullBusyTimes(ctx(), w.sync)).failed).toBe(1);
    expect(await busyIds()).toEqual(['dentist', 'gym']);
    expect((await w.em().findOneOrFail(CalendarConnectionSchema, { staffMember: w.anna() })).state).toBe('failing');
    expect(await w.troubleMessages()).toBe(1);
    expect((await (await w.h.as('staff')).get(w.page())).body).toContain('data-calendar-warning');
    const calendars = (await (await w.h.as('admin')).get(`/admin/b/${w.h.world.business.slug}/calendars`)).body;
    expect(calendars).toContain('data-trouble="outlook" data-state="failing"');
    expect(calendars).toContain('ServiceNotAvailable');

    const booking = await createBooking(ctx(), w.h.world.business.id, owner, { customerId: w.h.world.customers[0]!, serviceId: w.h.world.haircut.id, staffId: w.anna(), startsAt: w.h.world.at('11:00', 3) });
    expect((await w.flush()).failed).toBe(1);
    expect(await w.em().count(CalendarPushSchema, { booking: booking.id })).toBe(1);

    graph.down = false;
    w.h.world.clock.advanceMinutes(5);
    expect((await runCalendarPushes(ctx(), w.sync)).pushed).toBe(1);
    expect(graph.live(CAL).some((e) => e.singleValueExtendedProperties?.[0]?.value === booking.id)).toBe(true);
    expect((await pullBusyTimes(ctx(), w.sync)).synced).toBe(1);
    expect((await w.em().findOneOrFail(CalendarConnectionSchema, { staffMember: w.anna() })).state).toBe('ok');
    expect(await w.troubleMessages()).toBe(1);
    expect((await (await w.h.as('admin')).get(`/admin/b/${w.h.world.business.slug}/calendars`)).body).not.toContain('data-calendar-trouble');
  });

  it('tokens refreshed while the panel lists the calendars are saved (Microsoft rotates the refresh token)', async () => {
    const sealed = (await w.em().findOneOrFail(CalendarConnectionSchema, { staffMember: w.anna() })).tokensCiphertext;
    graph.expireAccessTokens();
    expect((await (await w.h.as('staff')).get(w.page())).body).toContain('Holidays');
    expect((await w.em().findOneOrFail(CalendarConnectionSchema, { staffMember: w.anna() })).tokensCiphertext).not.toBe(sealed);
    // The old refresh token no longer works: the pull only succeeds with the saved one.
    graph.expireAccessTokens();
    expect((await pullBusyTimes(ctx(), w.sync)).synced).toBe(1);
  });

  it('withdrawn access (invalid_grant) marks the connection and tells the team once; disconnect forgets the tokens', async () => {
    const before = await w.troubleMessages();
    graph.withdrawAccess();
    expect((await pullBusyTimes(ctx(), w.sync)).failed).toBe(1);
    const after = await w.em().findOneOrFail(CalendarConnectionSchema, { staffMember: w.anna() });
    expect(after.state).toBe('revoked');
    expect(after.lastError).toMatch(/invalid_grant/);
    expect(await w.troubleMessages()).toBe(before + 1);
    expect(await busyIds()).toEqual(['dentist', 'gym']);
    // A booking change meanwhile does not tell the team again (the revoked calendar is not written).
    await createBooking(ctx(), w.h.world.business.id, owner, { customerId: w.h.world.customers[0]!, serviceId: w.h.world.haircut.id, staffId: w.anna(), startsAt: w.h.world.at('13:00', 4) });
    await w.flush();
    expect((await pullBusyTimes(ctx(), w.sync)).synced + (await pullBusyTimes(ctx(), w.sync)).failed).toBe(0);
    expect(await w.troubleMessages()).toBe(before + 1);
    expect((await (await w.h.as('admin')).get(`/admin/b/${w.h.world.business.slug}/calendars`)).body).toContain('data-trouble="outlook" data-state="revoked"');

    const staff = await w.h.as('staff');
    expect((await staff.get(w.page())).body).toContain('data-calendar-warning');
    const gone = await staff.post(`${w.page()}/outlook/disconnect`);
    expect(gone.statusCode).toBe(303);
    expect(String(gone.headers.location)).toBe(`${w.page()}?forgotten=1`);
    expect((await staff.get(`${w.page()}?forgotten=1`)).body).toContain('deleted its access keys');
    expect(await w.em().count(CalendarConnectionSchema, {})).toBe(0);
    expect(await w.em().count(ExternalBusySchema, {})).toBe(0);
  });
});
