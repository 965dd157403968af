// Hand-written SQL of the catalog (see `db/sql-statement.ts`): the lean reads every
// chat event makes, one statement each. Every tenant table a statement names is
// filtered by `:businessId` or joined to a row that is.
import { businessSql } from '../../db/sql-statement.ts';

/**
 * The select list of a `BusinessProfile` over `business b`, for queries that read it
 * with other rows (the conversation store reads it with the chat's state). It has no
 * parameters, so it fits a statement with `?` placeholders as well as a named one.
 */
export const PROFILE_COLUMNS = `b.id, b.name, b.time_zone, b.phone_country, b.currency, b.default_locale, b.cancel_cutoff_minutes, b.reschedule_cutoff_minutes, b.hold_minutes, b.booking_horizon_days, b.reschedule_any_specialist,
              b.description, b.address, b.phone, b.map_url, b.location,
              exists (select 1 from promo_code p where p.business_id = b.id and p.active) as has_promo_codes`;

/** One business's profile row (see `profileFromRow`). */
export const BUSINESS_PROFILE = businessSql<{ businessId: string }>('catalog.business-profile', `select ${PROFILE_COLUMNS} from business b where b.id = :businessId`);

/** Active services that at least one active specialist offers, in the business's order (approval: the service's or the business's). */
export const BOOKABLE_SERVICES = businessSql<{ businessId: string }>(
  'catalog.bookable-services',
  `select s.id, s.name, s.description, s.translations, bz.default_locale, s.duration_minutes, s.price_minor, s.currency, s.requires_approval or bz.approval_required as requires_approval, s.deposit_kind, s.capacity
     from service s
     join business bz on bz.id = s.business_id
    where s.business_id = :businessId and s.active
      and exists (select 1 from staff_member_service x join staff_member m on m.id = x.staff_member_id
                   where x.service_id = s.id and m.active and m.business_id = s.business_id)
    order by s.position, s.name`,
);

// Active specialists who offer an active service, in the business's order: the rows
// and order of both lists below (`ratings` joins what the rated one adds).
const staffOfService = (ratings = '') => `
     from staff_member m
     join staff_member_service x on x.staff_member_id = m.id
     join service s on s.id = x.service_id and s.business_id = m.business_id and s.active
     join business bz on bz.id = m.business_id${ratings}
    where m.business_id = :businessId and m.active and x.service_id = :serviceId
    order by m.position, m.name`;

/** Active specialists who offer an active service, in the business's order. */
export const STAFF_FOR_SERVICE = businessSql<{ businessId: string; serviceId: string }>(
  'catalog.staff-for-service',
  `select m.id, m.name, m.translations, bz.default_locale${staffOfService()}`,
);

/**
 * {@link STAFF_FOR_SERVICE} with each specialist's rating: the average and count of their
 * reviews, of any service (people rate the person), for the step where a customer picks
 * one — a list and its ratings in one statement.
 */
export const RATED_STAFF_FOR_SERVICE = businessSql<{ businessId: string; serviceId: string }>(
  'catalog.rated-staff-for-service',
  `select m.id, m.name, m.translations, bz.default_locale, r.average, r.reviews${staffOfService(`
     left join lateral (select avg(v.rating)::float8 as average, count(*)::int as reviews
                          from review v where v.business_id = :businessId and v.staff_member_id = m.id) r on true`)}`,
);
