import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelBooking } from '../../src/app/booking/cancel-booking.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { rescheduleBooking } from '../../src/app/booking/reschedule-booking.ts';
import { runCalendarPushes } from '../../src/app/calendars/run-calendar-pushes.ts';
import { googleCalendarProvider } from '../../src/calendar/google-calendar-provider.ts';
import { outlookCalendarProvider } from '../../src/calendar/outlook-calendar-provider.ts';
import { CalendarConnectionSchema, CalendarEventLinkSchema, CalendarPushSchema } from '../../src/db/entities/index.ts';
import { startCalendarSyncWorld, type CalendarSyncWorld } from '../support/calendar-sync-world.ts';
import { startFakeGoogleApi, type FakeGoogleApi } from '../support/fake-google-api.ts';
import { startFakeGraphApi, type FakeGraphApi } from '../support/fake-graph-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// A specialist with both Google and Outlook connected: every booking goes to both
// calendars, and one calendar's outage marks only its own connection while the other
// keeps in step.
let db: TestDatabase;
let google: FakeGoogleApi;
let graph: FakeGraphApi;
let w: CalendarSyncWorld;
const owner = { kind: 'business', userId: null } as const;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 6 });
  google = await startFakeGoogleApi({ code: 'good-code', calendars: [{ id: 'anna@example.com', summary: 'Anna', primary: true }] });
  graph = await startFakeGraphApi({ code: 'good-code', mail: 'anna@clinic.example', calendars: [{ id: 'AAMkAD-cal', name: 'Calendar', isDefaultCalendar: true }] });
  w = await startCalendarSyncWorld(db.orm, {
    google: googleCalendarProvider({ clientId: 'client-id-123', clientSecret: 'client-secret-123', apiRoot: google.url, tokenUrl: google.tokenUrl }),
    outlook: outlookCalendarProvider({ clientId: 'ms-client-id-123', clientSecret: 'ms-client-secret-123', graphRoot: graph.graphRoot, tokenUrl: graph.tokenUrl, authorizeUrl: graph.authorizeUrl }),
  });
});
afterAll(async () => {
  await w?.h.close();
  await google?.close();
  await graph?.close();
  await db?.drop();
});

const googleEvents = () => [...google.calendars.get('anna@example.com')!.values()].filter((e) => e.status !== 'cancelled');
const stateOf = async (provider: 'google' | 'outlook') => (await w.em().findOneOrFail(CalendarConnectionSchema, { staffMember: w.anna(), provider })).state;

describe('two connected calendars', () => {
  it('pushes each booking to both, and an outage of one marks only that one', async () => {
    for (const provider of ['google', 'outlook'] as const) {
      expect((await w.callback((await w.consentUrl(provider)).searchParams.get('state')!, 'good-code')).statusCode).toBe(303);
    }
    expect(await w.em().count(CalendarConnectionSchema, { staffMember: w.anna() })).toBe(2);

    const ctx = w.h.world.ctx;
    const booking = await createBooking(ctx, w.h.world.business.id, owner, { customerId: w.h.world.customers[0]!, serviceId: w.h.world.haircut.id, staffId: w.anna(), startsAt: w.h.world.at('10:00') });
    expect((await w.flush()).pushed).toBe(1);
    expect(googleEvents()).toHaveLength(1);
    expect(graph.live('AAMkAD-cal')).toHaveLength(1);
    expect(await w.em().count(CalendarEventLinkSchema, { booking: booking.id })).toBe(2);

    google.down = true;
    await rescheduleBooking(ctx, w.h.world.business.id, owner, { bookingId: booking.id, startsAt: w.h.world.at('12:00') });
    expect((await w.flush()).failed).toBe(1);
    expect(graph.live('AAMkAD-cal')[0]!.start.dateTime).toBe(new Date(w.h.world.at('12:00')).toISOString().slice(0, 19));
    expect(await stateOf('google')).toBe('failing');
    expect(await stateOf('outlook')).toBe('ok');
    expect(await w.troubleMessages()).toBe(1);
    expect(await w.em().count(CalendarPushSchema, { booking: booking.id })).toBe(1);

    google.down = false;
    w.h.world.clock.advanceMinutes(5);
    expect((await runCalendarPushes(ctx, w.sync)).pushed).toBe(1);
    expect(Date.parse(googleEvents()[0]!.start.dateTime!)).toBe(w.h.world.at('12:00'));

    await cancelBooking(ctx, w.h.world.business.id, owner, { bookingId: booking.id });
    expect((await w.flush()).pushed).toBe(1);
    expect(googleEvents()).toHaveLength(0);
    expect(graph.live('AAMkAD-cal')).toHaveLength(0);
    expect(await w.em().count(CalendarEventLinkSchema, {})).toBe(0);
  });
});
