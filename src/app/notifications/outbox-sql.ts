/**
 * SQL pieces shared by the use cases that queue outbox rows straight from a query
 * (reminders, follow-ups, the digest), so they write the same columns and the same
 * instant format as `booking-journal.ts` does through the ORM.
 */
export const OUTBOX_INSERT = `insert into outbox_message (id, business_id, topic, aggregate_type, aggregate_id, payload, dedupe_key, status, attempts, available_at, created_at)`;

/** An instant as JavaScript's `toISOString()` writes it (`2031-03-04T08:00:00.000Z`). */
export const isoUtc = (column: string): string => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
