import { CalendarConnectionSchema, type CalendarConnectionState, type CalendarProviderName } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { staffForSchedule, type ScheduleAccess } from '../catalog/schedule-access.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import type { ProviderCalendar } from './calendar-provider.ts';
import { openTokens, type CalendarSyncSettings } from './calendar-sync-settings.ts';
import { saveRefreshedTokens } from './calendar-trouble.ts';

/** A staff member's connection as the panel shows it. */
export interface CalendarConnectionView {
  id: string;
  provider: CalendarProviderName;
  accountEmail: string | null;
  state: CalendarConnectionState;
  lastError: string | null;
  lastSyncedAt: number | null;
  targetCalendarId: string | null;
  busyCalendarIds: string[];
  /** The account's calendars, asked live; null when the provider could not be reached. */
  calendars: ProviderCalendar[] | null;
}

/**
 * A staff member's calendar connections (a staff-role user only their own), with the
 * account's calendars to pick from, asked live. Tokens the provider refreshed on the way
 * are saved (Microsoft hands out a new refresh token with each refresh).
 */
export async function staffCalendarConnections(ctx: UseCaseContext, settings: CalendarSyncSettings, businessId: string, staffId: string, access: ScheduleAccess = {}): Promise<CalendarConnectionView[]> {
  const em = emForBusiness(ctx.orm, Id.parse(businessId)).fork();
  const staff = await staffForSchedule(em, staffId, access);
  const rows = await em.find(CalendarConnectionSchema, { staffMember: staff.id }, { orderBy: { provider: 'asc' } });
  return Promise.all(
    rows.map(async (row) => {
      const provider = settings.providers[row.provider];
      let calendars: ProviderCalendar[] | null = null;
      if (provider && row.state !== 'revoked') {
        try {
          calendars = await provider.api(openTokens(settings, row), (tokens) => saveRefreshedTokens(ctx, settings, row.id, row.business.id, tokens)).listCalendars();
        } catch {
          calendars = null;
        }
      }
      return {
        id: row.id,
        provider: row.provider,
        accountEmail: row.accountEmail ?? null,
        state: row.state,
        lastError: row.lastError ?? null,
        lastSyncedAt: row.lastSyncedAt?.getTime() ?? null,
        targetCalendarId: row.targetCalendarId ?? null,
        busyCalendarIds: row.busyCalendarIds,
        calendars,
      };
    }),
  );
}
