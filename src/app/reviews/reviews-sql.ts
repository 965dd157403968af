// Hand-written SQL of reviews (see `db/sql-statement.ts`). Every tenant table a
// statement names is filtered by `:businessId` or joined to a row that is.
import { businessSql } from '../../db/sql-statement.ts';

/** Every specialist of the business who has reviews: their average rating and count, best first. */
export const REVIEW_AVERAGES = businessSql<{ businessId: string }>(
  'reviews.averages',
  `select m.id as staff_id, m.name as staff_name, avg(r.rating)::float8 as average, count(*)::int as reviews
     from review r
     join staff_member m on m.id = r.staff_member_id and m.business_id = :businessId
    where r.business_id = :businessId
    group by m.id, m.name
    order by average desc, m.name`,
);
