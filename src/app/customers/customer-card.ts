import { CustomerSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { toCustomerView, type CustomerView } from './customer-view.ts';

/** One customer card, or `NotFound`. */
export async function customerCard(ctx: UseCaseContext, businessId: string, rawCustomerId: string): Promise<CustomerView> {
  const customer = await emForBusiness(ctx.orm, businessId).findOne(CustomerSchema, { id: Id.parse(rawCustomerId) });
  if (!customer) throw new NotFound('customer');
  return toCustomerView(customer);
}
