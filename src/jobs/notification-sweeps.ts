import { z } from 'zod';
import { queueDailyDigest } from '../app/queue-daily-digest.ts';
import { queueDueFollowUps, queueDueReminders } from '../app/queue-reminders.ts';
import { forEachBusiness } from './business-sweep.ts';
import type { JobDefinition } from './job-definition.ts';

const NO_PAYLOAD = z.object({}).strict();

/** Every minute: queue the reminders that fell due (24 h / 2 h before, per business). */
export const reminderSweep: JobDefinition<Record<string, never>> = {
  name: 'reminder-sweep',
  payload: NO_PAYLOAD,
  every: '1 minute',
  lockLifetimeMs: 5 * 60_000,
  async handle(_payload, { ctx, logger }) {
    await forEachBusiness(ctx, logger, (businessId) => queueDueReminders(ctx, businessId));
  },
};

/** Every five minutes: queue "how was it?" follow-ups for appointments that ended. */
export const followUpSweep: JobDefinition<Record<string, never>> = {
  name: 'follow-up-sweep',
  payload: NO_PAYLOAD,
  every: '5 minutes',
  lockLifetimeMs: 10 * 60_000,
  async handle(_payload, { ctx, logger }) {
    await forEachBusiness(ctx, logger, (businessId) => queueDueFollowUps(ctx, businessId));
  },
};

/** Every five minutes: queue each business's digest once its day has opened. */
export const dailyDigestSweep: JobDefinition<Record<string, never>> = {
  name: 'daily-digest-sweep',
  payload: NO_PAYLOAD,
  every: '5 minutes',
  lockLifetimeMs: 10 * 60_000,
  async handle(_payload, { ctx, logger }) {
    await forEachBusiness(ctx, logger, (businessId) => queueDailyDigest(ctx, businessId));
  },
};
