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
