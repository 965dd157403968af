import { z } from 'zod';
import { CustomerSchema } from '../../db/entities/index.ts';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { MARK_OPTED_OUT } from './broadcasts-sql.ts';

/**
 * A customer turns offers off from their chat (a broadcast's Unsubscribe button, or
 * STOP): no broadcast reaches them again until they turn offers on in the chat's
 * settings. The broadcast they answered (else the last one that reached them) counts
 * one opt-out. Audited as `customer.offers_stopped`; returns whether they were opted in.
 */
export async function stopOffers(ctx: UseCaseContext, businessId: string, customerId: string, broadcastId: string | null = null): Promise<{ wasOptedIn: boolean }> {
  const customer = z.uuid().parse(customerId);
  const answered = z.uuid().nullable().parse(broadcastId);
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const row = await em.findOne(CustomerSchema, { id: customer });
    if (!row) throw new NotFound('customer');
    const wasOptedIn = row.marketingOptIn;
    if (!wasOptedIn) return { wasOptedIn };
    row.marketingOptIn = false;
    await runSql(em, MARK_OPTED_OUT, { businessId, customerId: customer, broadcastId: answered, now: new Date(ctx.now()) });
    recordAudit(em, ctx.now(), { businessId, actor: { kind: 'customer', customerId: customer }, action: 'customer.offers_stopped', entityType: 'customer', entityId: customer, details: { broadcastId: answered } });
    return { wasOptedIn };
  });
}
