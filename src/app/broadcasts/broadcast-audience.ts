import type { BroadcastAudience } from '../../db/entities/index.ts';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { AUDIENCE_COUNTS, type AudienceParams } from './broadcasts-sql.ts';

/** WhatsApp lets a business write freely (and a linked number safely) this long after the customer's last message. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Who a broadcast would reach now, and who not and why. */
export interface AudienceCounts {
  /** Customers it would be sent to. */
  reach: number;
  /** Opted in, but skipped: no chat at all, or a WhatsApp chat silent for 24 hours. */
  skipped: { noChat: number; whatsappWindow: number };
  /** Matching the filters, never messaged: not opted in, blocked. */
  excluded: { notOptedIn: number; blocked: number };
}

/** The audience statement's parameters for a broadcast's filters at `now`. */
export function audienceParams(businessId: string, audience: BroadcastAudience, now: number): AudienceParams {
  return {
    businessId,
    now: new Date(now),
    tag: audience.tag ?? null,
    serviceId: audience.serviceId ?? null,
    lapsedSince: audience.lapsedDays === undefined ? null : new Date(now - audience.lapsedDays * 86_400_000),
    windowStart: now - WHATSAPP_WINDOW_MS,
  };
}

/** Counts who a broadcast with these filters would reach, skip and leave out, by the same query that queues it. */
export async function broadcastAudience(ctx: UseCaseContext, businessId: string, audience: BroadcastAudience): Promise<AudienceCounts> {
  const id = Id.parse(businessId);
  const rows = await runSql(emForBusiness(ctx.orm, id), AUDIENCE_COUNTS, audienceParams(id, audience, ctx.now()));
  const n = (verdict: string) => rows.find((r) => r.verdict === verdict)?.customers ?? 0;
  return {
    reach: n('reach'),
    skipped: { noChat: n('no_chat'), whatsappWindow: n('whatsapp_window') },
    excluded: { notOptedIn: n('not_opted_in'), blocked: n('blocked') },
  };
}
