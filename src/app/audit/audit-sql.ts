// Hand-written SQL of the audit log (see `db/sql-statement.ts`). Every tenant table a
// statement names is filtered by `:businessId`.
import { businessSql } from '../../db/sql-statement.ts';

/**
 * A page of the business's audit log, newest first, after the entry `:beforeId` (keyset:
 * the page costs the same however deep it is), with who acted resolved to a panel
 * user's email, a customer's name or a specialist's name (team chat), and the channel
 * a booking came from. Filters are off when null.
 */
export const AUDIT_PAGE = businessSql<{ businessId: string; entityType: string | null; from: Date | null; to: Date | null; beforeId: string | null; limit: number }>(
  'audit.page',
  `select a.id, a.created_at, a.actor_kind, a.actor_id, a.action, a.entity_type, a.entity_id, a.details,
          u.email as user_email, cu.name as customer_name, sm.name as staff_name, b.source as booking_source
     from audit_entry a
     left join app_user u on a.actor_kind = 'user' and u.id = uuid_or_null(a.actor_id)
     left join customer cu on a.actor_kind = 'customer' and cu.business_id = :businessId and cu.id = uuid_or_null(a.actor_id)
     left join staff_member sm on sm.business_id = :businessId and sm.id = uuid_or_null(a.details->>'staffId')
     left join booking b on a.entity_type = 'booking' and b.business_id = :businessId and b.id = uuid_or_null(a.entity_id)
    where a.business_id = :businessId
      and (:entityType::text is null or a.entity_type = :entityType)
      and (:from::timestamptz is null or a.created_at >= :from)
      and (:to::timestamptz is null or a.created_at < :to)
      and (:beforeId::uuid is null or (a.created_at, a.id) < (select x.created_at, x.id from audit_entry x where x.business_id = :businessId and x.id = :beforeId::uuid))
    order by a.created_at desc, a.id desc
    limit :limit`,
);

/**
 * The kinds of things the business's audit log has entries about, for its filter: one
 * index probe per kind, each the next kind after the last (a loose index scan), instead
 * of reading every entry the business ever had to find the ten or so kinds.
 */
export const AUDIT_ENTITY_TYPES = businessSql<{ businessId: string }>(
  'audit.entity-types',
  `with recursive kinds as (
     (select a.entity_type from audit_entry a where a.business_id = :businessId order by a.entity_type limit 1)
     union all
     select (select a.entity_type from audit_entry a where a.business_id = :businessId and a.entity_type > k.entity_type order by a.entity_type limit 1)
       from kinds k where k.entity_type is not null
   )
   select entity_type from kinds where entity_type is not null order by entity_type`,
);
