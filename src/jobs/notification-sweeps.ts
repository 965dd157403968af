import { z } from 'zod';
import { queueDailyDigest } from '../app/notifications/queue-daily-digest.ts';
import { queueDueFollowUps } from '../app/notifications/queue-due-follow-ups.ts';
import { queueDueReminders } from '../app/notifications/queue-due-reminders.ts';
import { releaseUnpaidBookings } from '../app/sweeps/release-unpaid-bookings.ts';
import { makeDueRefunds } from '../app/payments/make-due-refunds.ts';
import { markUnattendedNoShows } from '../app/sweeps/mark-unattended-no-shows.ts';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';
import { forEachBusiness } from './business-sweep.ts';
import type { JobDefinition } from './job-definition.ts';

/** A recurring job that runs one use case for every business. */
function sweepEveryBusiness(
  name: string,
  every: string,
  work: (ctx: UseCaseContext, businessId: string) => Promise<unknown>,
): JobDefinition<Record<string, never>> {
  return {
    name,
    payload: z.object({}).strict(),
    every,
    lockLifetimeMs: 10 * 60_000,
    async handle(_payload, { ctx, logger }) {
      await forEachBusiness(ctx, logger, (businessId) => work(ctx, businessId));
    },
  };
}

/** Every minute: queue the reminders that fell due (24 h / 2 h before, per business). */
export const reminderSweep = sweepEveryBusiness('reminder-sweep', '1 minute', queueDueReminders);

/** Every five minutes: queue "how was it?" follow-ups for appointments that ended. */
export const followUpSweep = sweepEveryBusiness('follow-up-sweep', '5 minutes', queueDueFollowUps);

/** Every five minutes: queue each business's digest once its day has opened. */
export const dailyDigestSweep = sweepEveryBusiness('daily-digest-sweep', '5 minutes', queueDailyDigest);

/** Every minute: give back the slots of bookings whose deposit was not paid in time. */
export const paymentExpirySweep = sweepEveryBusiness('payment-expiry-sweep', '1 minute', releaseUnpaidBookings);

/** Every minute: make the refunds that are due through each payment's provider (retried until made). */
export const refundSweep = sweepEveryBusiness('refund-sweep', '1 minute', (ctx, businessId) => makeDueRefunds(ctx, businessId));

/** Every five minutes, for businesses that opted in: mark unmarked past bookings as no-shows. */
export const autoNoShowSweep = sweepEveryBusiness('auto-no-show-sweep', '5 minutes', markUnattendedNoShows);
