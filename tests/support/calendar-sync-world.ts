import type { MikroORM } from '@mikro-orm/postgresql';
import type { Response as LightMyRequestResponse } from 'light-my-request';
import type { CalendarSyncSettings } from '../../src/app/calendars/calendar-sync-settings.ts';
import { runCalendarPushes } from '../../src/app/calendars/run-calendar-pushes.ts';
import { fanOutOutbox } from '../../src/app/notifications/fan-out-outbox.ts';
import { OutboxMessageSchema, StaffMemberSchema, type CalendarProviderName } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { startPanelHarness, TEST_APP_SECRET, type PanelHarness } from './panel-harness.ts';

/** The panel over a booking world with calendar sync through the given providers; its first specialist (Anna) is the staff-role user. */
export interface CalendarSyncWorld {
  h: PanelHarness;
  sync: CalendarSyncSettings;
  em(): ReturnType<typeof emForBusiness>;
  /** Anna's staff id. */
  anna(): string;
  /** Anna's calendar page in the panel. */
  page(): string;
  /** The outbox fan-out then one run of the calendar pushes. */
  flush(): ReturnType<typeof runCalendarPushes>;
  /** How many times the team was told of calendar trouble. */
  troubleMessages(): Promise<number>;
  /** Anna (staff role) presses Connect for `provider`: the consent URL it redirects to (303), with the signed `state`. */
  consentUrl(provider: CalendarProviderName): Promise<URL>;
  /** The provider sends Anna back to the callback with `state` and `code`. */
  callback(state: string, code: string): Promise<LightMyRequestResponse>;
}

export async function startCalendarSyncWorld(orm: MikroORM, providers: CalendarSyncSettings['providers']): Promise<CalendarSyncWorld> {
  const sync: CalendarSyncSettings = { secrets: TEST_APP_SECRET, providers };
  const h = await startPanelHarness(orm, { publicUrl: 'https://book.example', deps: { calendars: { secrets: TEST_APP_SECRET, sync } } });
  const scoped = emForBusiness(orm, h.world.business.id);
  scoped.assign(await scoped.findOneOrFail(StaffMemberSchema, { id: h.world.staff[0]!.id }), { user: h.userIds.staff });
  await scoped.flush();
  const em = () => emForBusiness(orm, h.world.business.id).fork();
  const anna = () => h.world.staff[0]!.id;
  return {
    h,
    sync,
    em,
    anna,
    page: () => `/admin/b/${h.world.business.slug}/staff/${anna()}/calendar`,
    flush: async () => {
      await fanOutOutbox(h.world.ctx);
      return runCalendarPushes(h.world.ctx, sync);
    },
    troubleMessages: () => em().count(OutboxMessageSchema, { topic: 'calendars.connection_trouble' }),
    async consentUrl(provider) {
      const start = await (await h.as('staff')).get(`/admin/b/${h.world.business.slug}/staff/${anna()}/calendar/${provider}/connect`);
      if (start.statusCode !== 303) throw new Error(`Connect ${provider} answered ${start.statusCode}`);
      return new URL(String(start.headers.location));
    },
    callback: async (state, code) => (await h.as('staff')).get(`/admin/calendar/callback?state=${encodeURIComponent(state)}&code=${encodeURIComponent(code)}`),
  };
}
