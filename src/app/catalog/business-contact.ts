import { BusinessSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** How a customer reaches the business, and until when they may change a booking themselves. */
export interface BusinessContact {
  /** International format, or empty when the business gave none. */
  phone: string;
  address: string;
  cancelCutoffMinutes: number;
  rescheduleCutoffMinutes: number;
}

/** The business's contact and change cutoffs (a reminder inside the cutoff offers to call instead). */
export async function businessContact(ctx: UseCaseContext, businessId: string): Promise<BusinessContact> {
  const business = await emForBusiness(ctx.orm, businessId).findOne(BusinessSchema, { id: businessId });
  if (!business) throw new NotFound('business');
  return { phone: business.phone, address: business.address, cancelCutoffMinutes: business.cancelCutoffMinutes, rescheduleCutoffMinutes: business.rescheduleCutoffMinutes };
}
