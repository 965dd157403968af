import { BroadcastSchema, type BroadcastAudience, type BroadcastStatus } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { settleBroadcasts } from './settle-broadcasts.ts';

/** A broadcast as the panel shows it, with its results so far. */
export interface BroadcastView {
  id: string;
  text: string;
  audience: BroadcastAudience;
  status: BroadcastStatus;
  counts: { sent: number; failed: number; skipped: number; optedOut: number };
  createdAt: Date;
  queuedAt: Date | null;
  finishedAt: Date | null;
}

function view(b: { id: string; text: string; audience: BroadcastAudience; status: BroadcastStatus; sentCount: number; failedCount: number; skippedCount: number; optedOutCount: number; createdAt: Date; queuedAt?: Date | null; finishedAt?: Date | null }): BroadcastView {
  return {
    id: b.id,
    text: b.text,
    audience: b.audience,
    status: b.status,
    counts: { sent: b.sentCount, failed: b.failedCount, skipped: b.skippedCount, optedOut: b.optedOutCount },
    createdAt: b.createdAt,
    queuedAt: b.queuedAt ?? null,
    finishedAt: b.finishedAt ?? null,
  };
}

/** The business's latest broadcasts (newest first), their results settled first from the dispatcher's work. */
export async function listBroadcasts(ctx: UseCaseContext, businessId: string, limit = 50): Promise<BroadcastView[]> {
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    await settleBroadcasts(em, id, ctx.now());
    const rows = await em.find(BroadcastSchema, { business: id }, { orderBy: { createdAt: 'desc' }, limit });
    return rows.map(view);
  });
}

/** One broadcast of the business, results settled (another business's id: `NotFound`). */
export async function getBroadcast(ctx: UseCaseContext, businessId: string, rawId: string): Promise<BroadcastView> {
  const id = Id.parse(businessId);
  const broadcastId = Id.safeParse(rawId);
  if (!broadcastId.success) throw new NotFound('broadcast');
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    await settleBroadcasts(em, id, ctx.now());
    const row = await em.findOne(BroadcastSchema, { id: broadcastId.data, business: id });
    if (!row) throw new NotFound('broadcast');
    return view(row);
  });
}
