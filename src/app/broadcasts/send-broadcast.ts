import { LockMode } from '@mikro-orm/core';
import { BroadcastSchema } from '../../db/entities/index.ts';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { audienceParams } from './broadcast-audience.ts';
import { QUEUE_BROADCAST } from './broadcasts-sql.ts';

/**
 * How far apart one business's broadcast messages fall due: a broadcast of 1,000
 * customers takes about 17 minutes, and the business's booking messages keep flowing
 * between its messages. Each channel's own pace (the dispatcher) applies on top.
 */
export const BROADCAST_SPACING_MS = 1_000;

/** What sending did: how many messages were queued and how many customers skipped at once. */
export type SendBroadcastResult = { queued: number; skipped: number; already: false } | { queued: 0; skipped: 0; already: true };

/**
 * Sends a draft broadcast: in one transaction, one recipient row per customer it
 * reaches or skips (no chat; a WhatsApp chat silent for 24 hours — a linked number
 * must not write to them), and one outbox row per customer reached, keyed per
 * broadcast and customer, so a customer is messaged at most once. Never sends in the
 * caller's time: the dispatcher delivers at each channel's pace. A broadcast already
 * sent is left alone (`already`). Audited as `broadcast.sent`.
 */
export async function sendBroadcast(ctx: UseCaseContext, businessId: string, actor: Actor, rawBroadcastId: string): Promise<SendBroadcastResult> {
  const id = Id.parse(businessId);
  const broadcastId = Id.safeParse(rawBroadcastId);
  if (!broadcastId.success) throw new NotFound('broadcast');
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const broadcast = await em.findOne(BroadcastSchema, { id: broadcastId.data, business: id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!broadcast) throw new NotFound('broadcast');
    if (broadcast.status !== 'draft') return { queued: 0, skipped: 0, already: true };
    const now = ctx.now();
    const [row] = await runSql(em, QUEUE_BROADCAST, { ...audienceParams(id, broadcast.audience, now), broadcastId: broadcast.id, spacingMs: BROADCAST_SPACING_MS });
    const result = { queued: row?.queued ?? 0, skipped: row?.skipped ?? 0 };
    recordAudit(em, now, { businessId: id, actor, action: 'broadcast.sent', entityType: 'broadcast', entityId: broadcast.id, details: result });
    return { ...result, already: false };
  });
}
