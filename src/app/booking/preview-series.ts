import { checkSlot } from '../../domain/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { alternativesFor, assertRepeatable, conflictReason, plannedVisits, SeriesRequest, seriesOrigin, visitsAvailability, type SeriesVisit } from './series-plan.ts';

/**
 * What repeating a customer's booking would give, before anything is booked: each
 * visit after it, free or not, and for each that is not the nearest free times of the
 * same specialist (the same day within two hours, else the next days). Only a booking
 * that can be repeated is previewed (`errors.series.not_repeatable` otherwise).
 */
export async function previewSeries(ctx: UseCaseContext, businessId: string, customerId: string, rawInput: SeriesRequest): Promise<SeriesVisit[]> {
  const input = SeriesRequest.parse(rawInput);
  const em = emForBusiness(ctx.orm, businessId);
  const origin = await seriesOrigin(em, businessId, input.bookingId, customerId);
  assertRepeatable(origin);
  const visits = plannedVisits(origin, input);
  const loaded = await visitsAvailability(em, origin, visits, ctx.now());
  const zone = origin.business.timeZone;
  return visits.map((visit) => {
    const check = checkSlot(loaded.input, visit.startsAt);
    if (check.ok) return { ...visit, free: true };
    return { ...visit, free: false, reason: conflictReason(check.reason), alternatives: alternativesFor(loaded.input, visit.startsAt, zone) };
  });
}
