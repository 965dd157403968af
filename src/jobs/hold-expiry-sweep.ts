import { z } from 'zod';
import { releaseExpiredHolds } from '../app/sweeps/release-expired-holds.ts';
import { forEachBusiness } from './business-sweep.ts';
import type { JobDefinition } from './job-definition.ts';

/**
 * Every minute: releases the holds that expired in every business (each business in
 * its own transaction). The booking use cases also release lapsed holds before they
 * place a slot; this job makes sure customers are told and waitlist offers move on
 * even when nobody books.
 */
export const holdExpirySweep: JobDefinition<Record<string, never>> = {
  name: 'hold-expiry-sweep',
  payload: z.object({}).strict(),
  every: '1 minute',
  lockLifetimeMs: 5 * 60_000,
  async handle(_payload, { ctx, logger }) {
    await forEachBusiness(
      ctx,
      logger,
      async (businessId) => {
        const released = await releaseExpiredHolds(ctx, businessId);
        if (released.length > 0) logger.info({ businessId, released: released.length }, 'expired holds released');
      },
      "select distinct business_id from booking where status = 'held' and hold_expires_at <= ?",
      [new Date(ctx.now())],
    );
  },
};
