import { acrossBusinessesSql } from '../db/sql-statement.ts';

// Operators watch one backlog for the whole service.
const WHOLE_SERVICE = 'the operators see one backlog for the whole service';

/**
 * Deliveries not yet sent and the oldest of them, and how overdue the oldest due job is
 * that no worker has locked (Agenda table; 0 when jobs live in MongoDB).
 */
export const DELIVERY_AND_JOB_BACKLOG = acrossBusinessesSql<{ now: Date }, { pending: number; oldest_seconds: number; job_lag_seconds: number }>(
  'backlog.deliveries-and-jobs',
  WHOLE_SERVICE,
  `select count(*)::int as pending,
          greatest(0, coalesce(extract(epoch from (:now::timestamptz - min(created_at))), 0))::float8 as oldest_seconds,
          greatest(0, coalesce(extract(epoch from (:now::timestamptz - (select min(next_run_at) from agenda_jobs
             where next_run_at <= :now::timestamptz and locked_at is null and disabled is not true))), 0))::float8 as job_lag_seconds
     from outbox_delivery where status = 'pending'`,
);

/** Outbox messages not yet fanned out into deliveries, and the oldest of them. */
export const MESSAGE_BACKLOG = acrossBusinessesSql<{ now: Date }, { pending: number; oldest_seconds: number }>(
  'backlog.messages',
  WHOLE_SERVICE,
  `select count(*)::int as pending,
          greatest(0, coalesce(extract(epoch from (:now::timestamptz - min(created_at))), 0))::float8 as oldest_seconds
     from outbox_message where status = 'pending'`,
);
