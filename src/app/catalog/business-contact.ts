import { BusinessSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { readMapPoint, type MapPoint } from './business-settings.ts';

/** Who the business is and how a customer reaches it, and until when they may change a booking themselves. */
export interface BusinessContact {
  /** International format, or empty when the business gave none. */
  phone: string;
  address: string;
  /** A link to the place on a map, or empty. */
  mapUrl: string;
  /** The place as a point on the map, when the business gave one. */
  location: MapPoint | null;
  /** A few sentences about the business, or empty. */
  description: string;
  cancelCutoffMinutes: number;
  rescheduleCutoffMinutes: number;
}

/** The business's contact, its short description and change cutoffs (a reminder inside the cutoff offers to call instead). */
export async function businessContact(ctx: UseCaseContext, businessId: string): Promise<BusinessContact> {
  const business = await emForBusiness(ctx.orm, businessId).findOne(BusinessSchema, { id: businessId });
  if (!business) throw new NotFound('business');
  return { phone: business.phone, address: business.address, mapUrl: business.mapUrl, location: readMapPoint(business.location), description: business.description, cancelCutoffMinutes: business.cancelCutoffMinutes, rescheduleCutoffMinutes: business.rescheduleCutoffMinutes };
}
