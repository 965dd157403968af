import type { CalendarProviderName } from '../../db/entities/index.ts';

/** OAuth tokens of a connected account, as kept (sealed) in the connection row. */
export interface CalendarTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms the access token stops working at; null when unknown. */
  expiresAt: number | null;
}

/** A calendar of the account, to pick busy sources and the push target from. */
export interface ProviderCalendar {
  id: string;
  name: string;
  primary: boolean;
  /** False for a calendar the account may only read (it cannot be a target). */
  writable: boolean;
}

/** A booking as an event on the staff member's calendar. */
export interface PushedEvent {
  bookingId: string;
  summary: string;
  description: string;
  startsAt: number;
  endsAt: number;
  timeZone: string;
}

/** One event seen in a busy calendar. `busy: false` — removed, cancelled, free time or one of our own bookings. */
export interface BusyChange {
  eventId: string;
  busy: boolean;
  startsAt: number;
  endsAt: number;
}

/**
 * The stretch of time busy changes are read for: from `fromMs` to `toMs`, and the zone an
 * all-day event of no zone of its own is read in (the business's).
 */
export interface BusyWindow {
  fromMs: number;
  toMs: number;
  timeZone: string;
}

/** A page of busy changes: `full` means it replaces everything known of that calendar. */
export interface BusyChanges {
  full: boolean;
  changes: BusyChange[];
  nextSyncToken: string | null;
}

/** A connected account's calendars, through one provider's API (Google Calendar, Microsoft Graph). */
export interface CalendarApi {
  listCalendars(): Promise<ProviderCalendar[]>;
  /** Writes the booking's event (inserted, or patched when `eventId` is known or the provider finds it by the booking id): its id. */
  upsertEvent(calendarId: string, event: PushedEvent, eventId: string | null): Promise<string>;
  /** Removes an event; one already gone is not an error. */
  deleteEvent(calendarId: string, eventId: string): Promise<void>;
  /**
   * Busy changes of a calendar since `syncToken` (null: everything in the window). A
   * provider that can tell our own events (the booking id on them) answers them not busy;
   * the caller also skips every event it wrote itself (`calendar_event_link`), as not every
   * provider's change feed shows the booking id (Graph's delta cannot expand it).
   * A token the provider no longer accepts is {@link CalendarSyncTokenExpired}.
   */
  busyChanges(calendarId: string, syncToken: string | null, window: BusyWindow): Promise<BusyChanges>;
}

/**
 * One calendar service behind the calendar-connection contract: its OAuth2 consent
 * (offline access, so a refresh token comes back), code exchange, revocation, and the
 * API of a connected account. `onTokens` is called with refreshed tokens, to be saved.
 */
export interface CalendarProvider {
  name: CalendarProviderName;
  authUrl(state: string, redirectUri: string): string;
  exchangeCode(code: string, redirectUri: string): Promise<{ tokens: CalendarTokens; accountEmail: string | null }>;
  /**
   * Withdraws the grant at the provider: true when it did; false when the provider has no
   * way to revoke one app's grant (Microsoft Graph) — the caller forgets the tokens either way.
   */
  revoke(tokens: CalendarTokens): Promise<boolean>;
  api(tokens: CalendarTokens, onTokens: (tokens: CalendarTokens) => Promise<void>): CalendarApi;
}

/** The account withdrew access (revoked, expired refresh token): the connection must be made again. */
export class CalendarAccessRevoked extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarAccessRevoked';
  }
}

/** A sync token the provider no longer accepts (Google answers 410, Graph 410 or a resync error): sync the calendar again in full. */
export class CalendarSyncTokenExpired extends Error {
  constructor() {
    super('sync token expired');
    this.name = 'CalendarSyncTokenExpired';
  }
}
