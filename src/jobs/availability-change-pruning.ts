import { z } from 'zod';
import { pruneAvailabilityChanges } from '../app/availability/prune-availability-changes.ts';
import type { JobDefinition } from './job-definition.ts';

/**
 * Every 5 minutes: drops the log rows of availability changes older than ten minutes
 * (written by triggers at each commit that changes what a business can book, read by the
 * availability cache, which keeps no answer past a minute).
 */
export const availabilityChangePruning: JobDefinition<Record<string, never>> = {
  name: 'availability-change-pruning',
  payload: z.object({}).strict(),
  every: '5 minutes',
  lockLifetimeMs: 5 * 60_000,
  async handle(_payload, { ctx, logger }) {
    const pruned = await pruneAvailabilityChanges(ctx);
    if (pruned > 0) logger.debug({ pruned }, 'old availability changes pruned');
  },
};
