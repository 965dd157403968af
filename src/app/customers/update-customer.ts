import { z } from 'zod';
import { CustomerSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { toCustomerView, type CustomerView } from './customer-view.ts';

/** Input of {@link updateCustomer}: what the business may change on a customer card. */
export const UpdateCustomerInput = z.object({
  customerId: z.uuid(),
  name: z.string().trim().min(1).max(200).optional(),
  email: z.email().nullable().optional(),
  locale: z.enum(['en', 'ru', 'uk', 'kk']).nullable().optional(),
  notes: z.string().max(5000).optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(30).optional(),
  preferences: z.record(z.string(), z.unknown()).optional(),
  blocked: z.boolean().optional(),
});

// The fields an audit entry names when they change (their values stay out of the log: notes are private).
const AUDITED = ['name', 'email', 'locale', 'notes', 'tags', 'preferences', 'blocked'] as const;

/**
 * A customer card changes: its name, contact, notes, tags, preferences, block list — by
 * the business (the REST API) or by the customer in a chat (their name, their language).
 * Audited as `customer.updated` with the names of the fields that changed, as the
 * panel's card edit is; nothing changed, nothing recorded. A different e-mail address
 * clears the old one's bounce mark (`emailBouncedAt` among the changed fields).
 */
export async function updateCustomer(ctx: UseCaseContext, businessId: string, actor: Actor, raw: z.input<typeof UpdateCustomerInput>): Promise<CustomerView> {
  const input = UpdateCustomerInput.parse(raw);
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const customer = await em.findOne(CustomerSchema, { id: input.customerId });
    if (!customer) throw new NotFound('customer');
    const before = AUDITED.map((field) => JSON.stringify(customer[field] ?? null));
    const { customerId: _id, tags, ...fields } = input;
    const oldAddress = (customer.email ?? '').toLowerCase();
    em.assign(customer, { ...fields, ...(tags ? { tags: [...new Set(tags)] } : {}) });
    const changed: string[] = AUDITED.filter((field, i) => JSON.stringify(customer[field] ?? null) !== before[i]);
    // The bounce was of the old address: a different one may be mailed (an unsubscribe stays: it was the person's choice).
    if (customer.emailBouncedAt && (customer.email ?? '').toLowerCase() !== oldAddress) {
      customer.emailBouncedAt = null;
      changed.push('emailBouncedAt');
    }
    if (changed.length > 0) {
      recordAudit(em, ctx.now(), { businessId, actor, action: 'customer.updated', entityType: 'customer', entityId: customer.id, details: { changed } });
    }
    await em.flush();
    return toCustomerView(customer);
  });
}
