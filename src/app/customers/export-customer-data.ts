import { emForBusiness } from '../../db/tenant-scope.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { customerRecord, type CustomerRecord } from './customer-record.ts';

/** One customer's data as the business hands it to them (a data-subject request): everything it holds, in plain JSON. */
export interface CustomerDataExport extends CustomerRecord {
  /** What this file is, for whoever opens it later. */
  format: 'bookchat.customer-export';
  version: 1;
  exportedAt: string;
  business: { id: string; name: string };
}

/**
 * Everything the business holds about one customer — the card, chat identities,
 * bookings, payments, reviews and waitlist entries — for them to take away; the export
 * itself is audited (`customer.exported`), since it hands personal data out.
 */
export async function exportCustomerData(ctx: UseCaseContext, business: { id: string; name: string }, actor: Actor, rawCustomerId: string): Promise<CustomerDataExport> {
  const record = await customerRecord(ctx, business.id, rawCustomerId);
  const now = ctx.now();
  const em = emForBusiness(ctx.orm, business.id);
  recordAudit(em, now, { businessId: business.id, actor, action: 'customer.exported', entityType: 'customer', entityId: record.customer.id });
  await em.flush();
  return { format: 'bookchat.customer-export', version: 1, exportedAt: new Date(now).toISOString(), business: { id: business.id, name: business.name }, ...record };
}
