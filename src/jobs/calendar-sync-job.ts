import { z } from 'zod';
import type { CalendarSyncSettings } from '../app/calendars/calendar-sync-settings.ts';
import { pullBusyTimes } from '../app/calendars/pull-busy-times.ts';
import { runCalendarPushes } from '../app/calendars/run-calendar-pushes.ts';
import type { JobDefinition } from './job-definition.ts';

/**
 * The Agenda job that pushes bookings to staff calendars (every 30 seconds: the outbox
 * fan-out made the pushes). Calendar requests wait on Google's servers, so they run apart
 * from the outbox dispatcher and never hold up a chat message.
 */
export function calendarPushJob(settings: CalendarSyncSettings): JobDefinition<Record<string, never>> {
  return {
    name: 'calendar-push',
    payload: z.object({}).strict(),
    every: '30 seconds',
    lockLifetimeMs: 10 * 60_000,
    async handle(_payload, { ctx, logger }) {
      const run = await runCalendarPushes(ctx, settings);
      if (run.failed > 0) logger.warn(run, 'calendar pushes failed; retried later');
    },
  };
}

/** The Agenda job that reads busy times from the staff members' chosen calendars, every 5 minutes. */
export function calendarPullJob(settings: CalendarSyncSettings): JobDefinition<Record<string, never>> {
  return {
    name: 'calendar-pull',
    payload: z.object({}).strict(),
    every: '5 minutes',
    lockLifetimeMs: 10 * 60_000,
    async handle(_payload, { ctx, logger }) {
      const run = await pullBusyTimes(ctx, settings);
      if (run.failed > 0) logger.warn(run, 'some calendars could not be read; their last busy times are kept');
    },
  };
}
