import { z } from 'zod';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { SPECIALIST_RATINGS } from './reviews-sql.ts';

/** What customers said of one specialist: the average of their 1–5 ratings, and how many there are. */
export interface SpecialistRating {
  /** 1 to 5, unrounded: rounding is for whoever shows it. */
  average: number;
  reviews: number;
}

const RatingRow = z.object({ staff_member_id: z.string(), average: z.number(), reviews: z.number().int() });

/**
 * The ratings of the specialists who do a service, by staff member id, in one query;
 * a specialist nobody has reviewed yet is not in the map.
 */
export async function specialistRatings(ctx: UseCaseContext, businessId: string, rawServiceId: string): Promise<Map<string, SpecialistRating>> {
  const serviceId = z.uuid().parse(rawServiceId);
  const id = Id.parse(businessId);
  const rows = await runSql(emForBusiness(ctx.orm, id), SPECIALIST_RATINGS, { businessId: id, serviceId });
  return new Map(
    rows.map((raw) => {
      const r = RatingRow.parse(raw);
      return [r.staff_member_id, { average: r.average, reviews: r.reviews }] as const;
    }),
  );
}
