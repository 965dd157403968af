import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { WHATSAPP_WINDOW_MS } from './broadcast-audience.ts';
import { WROTE_SINCE } from './broadcasts-sql.ts';

/**
 * Whether a WhatsApp chat's customer wrote to the business within the last 24 hours
 * (their conversation's last event). A linked number sends a broadcast only then:
 * checked again at send time, as the broadcast may have waited in the queue.
 */
export async function wroteWithinWindow(ctx: UseCaseContext, businessId: string, chatId: string): Promise<boolean> {
  const [row] = await runSql(emForBusiness(ctx.orm, businessId), WROTE_SINCE, { businessId, chatId, windowStart: ctx.now() - WHATSAPP_WINDOW_MS });
  return row?.recent === true;
}
