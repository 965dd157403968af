import { z } from 'zod';
import { releaseExpiredHolds } from '../app/release-expired-holds.ts';
import type { JobDefinition } from './job-definition.ts';

/**
 * Every minute: releases the holds that expired in every business (each business in
 * its own transaction, so one failing business does not block the others). The
 * booking use cases also release lapsed holds before they place a slot; this job makes
 * sure customers are told and waitlist offers move on even when nobody books.
 */
export const holdExpirySweep: JobDefinition<Record<string, never>> = {
  name: 'hold-expiry-sweep',
  payload: z.object({}).strict(),
  every: '1 minute',
  lockLifetimeMs: 5 * 60_000,
  async handle(_payload, { ctx, logger }) {
    const rows = await ctx.orm.em
      .getConnection()
      .execute<{ business_id: string }[]>(
        "select distinct business_id from booking where status = 'held' and hold_expires_at <= ?",
        [new Date(ctx.now())],
      );
    for (const { business_id: businessId } of rows) {
      try {
        const released = await releaseExpiredHolds(ctx, businessId);
        if (released.length > 0) logger.info({ businessId, released: released.length }, 'expired holds released');
      } catch (error) {
        logger.error({ err: error, businessId }, 'releasing expired holds failed');
      }
    }
  },
};
