import { z } from 'zod';
import { releaseExpiredHolds } from '../app/sweeps/release-expired-holds.ts';
import { forEachBusiness } from './business-sweep.ts';
import type { JobDefinition } from './job-definition.ts';
import { BUSINESSES_WITH_HOLD_WORK } from './sweep-sql.ts';
import { runSql } from '../db/sql-statement.ts';

/**
 * Every minute: releases the holds that expired in every business (each business in
 * its own transaction) and offers freed slots to the waitlist. A booking releases only
 * the lapsed holds in its own way and leaves their waitlist offers to this job; this
 * job makes sure customers are told and waitlist offers move on even when nobody books.
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
      (em) => runSql(em, BUSINESSES_WITH_HOLD_WORK, { now: new Date(ctx.now()) }),
    );
  },
};
