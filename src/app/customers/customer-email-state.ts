import { AuditEntrySchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** Why no e-mail goes to a customer's address, as the profile page tells it; both null when mail goes. */
export interface CustomerEmailState {
  /** The address was refused for good: since when, and the mail server's words (from the audit entry) when recorded. */
  bounced: { at: Date; reason: string | null } | null;
  /** The customer used the unsubscribe link: when, if the audit log still says. */
  unsubscribed: { at: Date | null } | null;
}

/**
 * Reads the audit entries behind a customer's e-mail marks (`customer.email_bounced`,
 * `customer.email_unsubscribed`; the latest of each), only for the marks the card has.
 */
export async function customerEmailState(ctx: UseCaseContext, businessId: string, customer: { id: string; emailBouncedAt?: Date | null; emailOptOut: boolean }): Promise<CustomerEmailState> {
  const latest = (action: string) =>
    emForBusiness(ctx.orm, businessId).findOne(AuditEntrySchema, { entityType: 'customer', entityId: customer.id, action }, { orderBy: { createdAt: 'desc' }, fields: ['createdAt', 'details'] });
  const [bounce, unsubscribe] = await Promise.all([
    customer.emailBouncedAt ? latest('customer.email_bounced') : null,
    customer.emailOptOut ? latest('customer.email_unsubscribed') : null,
  ]);
  const detail = bounce?.details['detail'];
  return {
    bounced: customer.emailBouncedAt ? { at: customer.emailBouncedAt, reason: typeof detail === 'string' && detail.trim() !== '' ? detail.trim() : null } : null,
    unsubscribed: customer.emailOptOut ? { at: unsubscribe?.createdAt ?? null } : null,
  };
}
