import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { canRepeat, seriesOrigin } from './series-plan.ts';

/** Where a customer's booking stands towards recurring visits. */
export interface SeriesStanding {
  /** The series it is a visit of (null: a single visit). */
  seriesId: string | null;
  /** It may be repeated now (see `canRepeat`). */
  repeatable: boolean;
}

/** Whether a customer's booking is in a series, or may start one: what a chat offers for it. */
export async function seriesStanding(ctx: UseCaseContext, businessId: string, bookingId: string, customerId: string): Promise<SeriesStanding> {
  const origin = await seriesOrigin(emForBusiness(ctx.orm, businessId), businessId, bookingId, customerId);
  return { seriesId: origin.booking.seriesId ?? null, repeatable: canRepeat(origin) };
}
