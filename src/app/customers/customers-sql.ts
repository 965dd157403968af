// Hand-written SQL of the customers capability (see `db/sql-statement.ts`), for what
// the ORM cannot say well. Every tenant table a statement names is filtered by
// `:businessId`.
import { businessSql } from '../../db/sql-statement.ts';

/** Queued (not yet sent) notifications of a merged card name the surviving customer. */
export const MOVE_QUEUED_NOTIFICATIONS = businessSql<{ businessId: string; fromCustomerId: string; intoCustomerId: string }>(
  'customers.move-queued-notifications',
  `update outbox_message o set payload = jsonb_set(o.payload, '{customerId}', to_jsonb(:intoCustomerId::text))
    where o.business_id = :businessId and o.status = 'pending' and o.payload->>'customerId' = :fromCustomerId`,
);

/**
 * The service and specialist of a customer's latest visit that has begun (confirmed or
 * completed), when the two can still be booked together: the service active, the
 * specialist active and still offering it. None when they cannot (an older visit is
 * not what "again" means).
 */
export const LAST_VISIT = businessSql<{ businessId: string; customerId: string; now: Date }>(
  'customers.last-visit',
  `with latest as (
     select b.service_id, b.staff_member_id from booking b
      where b.business_id = :businessId and b.customer_id = :customerId
        and b.status in ('confirmed', 'completed') and b.starts_at <= :now
      order by b.starts_at desc
      limit 1)
   select s.id as service_id, s.name as service_name, m.id as staff_id, m.name as staff_name
     from latest l
     join service s on s.id = l.service_id and s.business_id = :businessId and s.active
     join staff_member m on m.id = l.staff_member_id and m.business_id = :businessId and m.active
     join staff_member_service x on x.staff_member_id = m.id and x.service_id = s.id`,
);
