import { BookingSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** What the team should know of a customer at a glance: visits made and visits missed here. */
export interface CustomerStanding {
  visits: number;
  noShows: number;
}

/** The customer's completed visits and no-shows at this business (a new client has neither). */
export async function customerStanding(ctx: UseCaseContext, businessId: string, customerId: string): Promise<CustomerStanding> {
  const em = emForBusiness(ctx.orm, businessId);
  const [visits, noShows] = await Promise.all([em.count(BookingSchema, { customer: customerId, status: 'completed' }), em.count(BookingSchema, { customer: customerId, status: 'no_show' })]);
  return { visits, noShows };
}
