import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql } from '../../db/sql-statement.ts';
import { FINISH_EMPTY_BROADCASTS, SETTLE_RECIPIENTS, UPDATE_BROADCAST_COUNTS } from './broadcasts-sql.ts';

/**
 * The error a linked WhatsApp number gives a broadcast for a customer who has not
 * written in 24 hours: the delivery ends, and the recipient counts as skipped.
 */
export const OUTSIDE_WHATSAPP_WINDOW = 'broadcast skipped: the customer has not written on WhatsApp in the last 24 hours';

/**
 * Brings a business's broadcasts up to date with the dispatcher: pending recipients
 * whose delivery ended become sent, failed or skipped, and each unfinished broadcast
 * gets its counts and status (`sending` once some settled, `done` when none is left).
 * Three statements, in the caller's transaction; safe to run any time, by anyone.
 */
export async function settleBroadcasts(em: EntityManager, businessId: string, now: number): Promise<void> {
  await runSql(em, SETTLE_RECIPIENTS, { businessId, outsideWindowError: OUTSIDE_WHATSAPP_WINDOW });
  await runSql(em, UPDATE_BROADCAST_COUNTS, { businessId, now: new Date(now) });
  await runSql(em, FINISH_EMPTY_BROADCASTS, { businessId, now: new Date(now) });
}
