import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BookingSchema } from './booking.ts';
import { BusinessSchema } from './business.ts';
import { StaffMemberSchema } from './staff-member.ts';

/** Calendar services a staff member may connect. */
export const CALENDAR_PROVIDERS = ['google', 'outlook'] as const;
/** One of {@link CALENDAR_PROVIDERS}. */
export type CalendarProviderName = (typeof CALENDAR_PROVIDERS)[number];

/** `ok`; `failing` (the service did not answer: busy times kept, retried); `revoked` (access withdrawn: reconnect). */
export const CALENDAR_CONNECTION_STATES = ['ok', 'failing', 'revoked'] as const;
/** One of {@link CALENDAR_CONNECTION_STATES}. */
export type CalendarConnectionState = (typeof CALENDAR_CONNECTION_STATES)[number];

/**
 * A staff member's connected calendar account (one per provider). The OAuth tokens are
 * sealed at rest (`src/db/secret-box.ts`, bound to this row's id) and replaced when
 * refreshed. `busyCalendarIds` are the calendars whose events block the staff member's
 * availability; `targetCalendarId` the one bookings are written to. `syncTokens` hold
 * each busy calendar's incremental-sync token. `warnedAt`: the team was told of the
 * current trouble (once), cleared when the calendar answers again.
 */
export const CalendarConnectionSchema = defineEntity({
  name: 'CalendarConnection',
  tableName: 'calendar_connection',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    staffMember: () => p.manyToOne(StaffMemberSchema).ref().deleteRule('cascade'),
    provider: p.enum(CALENDAR_PROVIDERS),
    accountEmail: p.string().length(320).nullable(),
    tokensCiphertext: p.text(),
    targetCalendarId: p.string().length(1024).nullable(),
    busyCalendarIds: p.array().defaultRaw("'{}'").onCreate((c) => c.busyCalendarIds ?? []),
    syncTokens: p.json<Record<string, string>>().onCreate((c) => c.syncTokens ?? {}),
    state: p.enum(CALENDAR_CONNECTION_STATES).default('ok'),
    lastError: p.string().length(500).nullable(),
    lastSyncedAt: p.datetime().nullable(),
    warnedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ name: 'calendar_connection_staff_provider_unique', properties: ['staffMember', 'provider'] }],
  indexes: [{ name: 'calendar_connection_business_idx', properties: ['business'] }],
});

/** A calendar connection row. */
export type CalendarConnection = InferEntity<typeof CalendarConnectionSchema>;

/**
 * A busy time from a staff member's own calendar: blocks availability like time off.
 * Kept when the calendar cannot be reached (the last known busy data), replaced by the
 * next successful sync, removed with the connection.
 */
export const ExternalBusySchema = defineEntity({
  name: 'ExternalBusy',
  tableName: 'external_busy',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    staffMember: () => p.manyToOne(StaffMemberSchema).ref().deleteRule('cascade'),
    connection: () => p.manyToOne(CalendarConnectionSchema).ref().deleteRule('cascade'),
    calendarId: p.string().length(1024),
    eventId: p.string().length(1024),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
  },
  uniques: [{ name: 'external_busy_event_unique', properties: ['connection', 'calendarId', 'eventId'] }],
  indexes: [{ name: 'external_busy_staff_idx', properties: ['business', 'staffMember', 'startsAt'] }],
});

/** An external busy row. */
export type ExternalBusy = InferEntity<typeof ExternalBusySchema>;

/**
 * A booking whose calendar events must be brought in line with it (made by the outbox
 * fan-out, one per booking however many changes came): the calendar job inserts,
 * patches or deletes and then removes the row; a failure keeps it, retried later.
 */
export const CalendarPushSchema = defineEntity({
  name: 'CalendarPush',
  tableName: 'calendar_push',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    booking: () => p.manyToOne(BookingSchema).ref().deleteRule('cascade').unique('calendar_push_booking_unique'),
    dueAt: p.datetime(),
    attempts: p.integer().default(0),
    lastError: p.string().length(500).nullable(),
  },
  indexes: [{ name: 'calendar_push_due_idx', properties: ['dueAt'] }],
});

/** A calendar push row. */
export type CalendarPush = InferEntity<typeof CalendarPushSchema>;

/** Where a booking's event was written: so a move to another specialist, or a cancellation, finds it. */
export const CalendarEventLinkSchema = defineEntity({
  name: 'CalendarEventLink',
  tableName: 'calendar_event_link',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    booking: () => p.manyToOne(BookingSchema).ref().deleteRule('cascade'),
    connection: () => p.manyToOne(CalendarConnectionSchema).ref().deleteRule('cascade'),
    calendarId: p.string().length(1024),
    eventId: p.string().length(1024),
  },
  uniques: [{ name: 'calendar_event_link_unique', properties: ['booking', 'connection'] }],
});

/** A calendar event link row. */
export type CalendarEventLink = InferEntity<typeof CalendarEventLinkSchema>;
