import { z } from 'zod';
import { CustomerSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
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

/** The business edits a customer card: name, contact, notes, tags, preferences, block list. */
export async function updateCustomer(ctx: UseCaseContext, businessId: string, raw: z.input<typeof UpdateCustomerInput>): Promise<CustomerView> {
  const input = UpdateCustomerInput.parse(raw);
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const customer = await em.findOne(CustomerSchema, { id: input.customerId });
    if (!customer) throw new NotFound('customer');
    const { customerId: _id, tags, ...fields } = input;
    em.assign(customer, { ...fields, ...(tags ? { tags: [...new Set(tags)] } : {}) });
    await em.flush();
    return toCustomerView(customer);
  });
}
