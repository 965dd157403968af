// Hand-written SQL of reviews (see `db/sql-statement.ts`). Every tenant table a
// statement names is filtered by `:businessId` or joined to a row that is.
import { businessSql } from '../../db/sql-statement.ts';

/**
 * Each specialist who does a service and has reviews: their average rating and how many
 * reviews they have (of any service: people rate the person). One statement for the whole
 * list, so a specialist step costs the same for two people or twenty.
 */
export const SPECIALIST_RATINGS = businessSql<{ businessId: string; serviceId: string }>(
  'reviews.specialist-ratings',
  `select r.staff_member_id, avg(r.rating)::float8 as average, count(*)::int as reviews
     from review r
     join staff_member_service x on x.staff_member_id = r.staff_member_id and x.service_id = :serviceId
    where r.business_id = :businessId
    group by r.staff_member_id`,
);
