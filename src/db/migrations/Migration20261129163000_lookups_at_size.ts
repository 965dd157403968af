import { Migration } from '@mikro-orm/migrations';

/**
 * Lookups that cost as much as the business is large, found by EXPLAIN on a tenant
 * with 10,000–20,000 customers:
 * - rows that name another row by an id kept as text (an outbox payload's
 *   `customerId`, an audit entry's actor) were joined as `x.id::text = …`, which no
 *   index serves: every message or entry read all of the business's customers or
 *   bookings. `uuid_or_null(text)` turns the text into a uuid (null when it is none, so
 *   a stray value matches nothing instead of failing the statement) and the primary
 *   key finds the row;
 * - a customer's chats (`channel_identity` by customer) read all of the business's, and
 *   deleting a merged card read every business's;
 * - the panel's audit log, newest first, sorted every entry the business ever had;
 * - sweeps that run for every business every minute or five read most of its history
 *   to find the few rows due: follow-ups and unattended no-shows (bookings by end,
 *   `booking_ended_idx`), refunds due (`payment_refund_due_idx`);
 * - a hold replaced or released closed its waitlist offer by reading all the business's
 *   waitlist entries (`waitlist_entry_offer_idx`); a promo code counted its uses over
 *   all the business's bookings (`booking_promo_code_idx`);
 * - deleting a merged customer card cascaded into reviews, waitlist entries, chat relays,
 *   page codes and broadcast recipients through every business's rows (an index by
 *   customer each);
 * - a webhook subscription's due deliveries could be found by walking its whole delivered
 *   history (`webhook_delivery_pending_idx` holds only the undelivered);
 * - the desk calendar read every booking that started before its range; it now reads from
 *   24 hours before, which `booking_length_in_a_day` makes exact (a booking is one service
 *   long, 5–1440 minutes, as every path that writes one sets it).
 */
export class Migration20261129163000_lookups_at_size extends Migration {

  override name = 'Migration20261129163000_lookups_at_size';

  override up(): void | Promise<void> {
    // Immutable and one expression: PostgreSQL inlines it into the statements that use it.
    this.addSql(`create or replace function uuid_or_null(value text) returns uuid language sql immutable parallel safe as $$
      select case when value ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then value::uuid end
    $$;`);
    this.addSql(`create index "channel_identity_customer_id_index" on "channel_identity" ("customer_id");`);
    this.addSql(`create index "audit_entry_business_id_created_at_index" on "audit_entry" ("business_id", "created_at");`);
    // What the desk calendar's read relies on (a booking is one service long, 5–1440 minutes).
    this.addSql(`alter table "booking" add constraint "booking_length_in_a_day" check (ends_at - starts_at <= '24:00:00'::interval);`);
    this.addSql(`create index booking_ended_idx on booking (business_id, ends_at) where status in ('confirmed', 'completed');`);
    this.addSql(`create index booking_promo_code_idx on booking (promo_code_id) where promo_code_id is not null;`);
    this.addSql(`create index payment_refund_due_idx on payment (business_id, updated_at) where refund_due_minor > 0;`);
    this.addSql(`create index waitlist_entry_offer_idx on waitlist_entry (offer_booking_id) where offer_booking_id is not null;`);
    for (const table of ['waitlist_entry', 'review', 'chat_relay', 'page_confirmation_code']) {
      this.addSql(`create index "${table}_customer_idx" on "${table}" ("customer_id");`);
    }
    this.addSql(`create index "broadcast_recipient_customer_only_idx" on "broadcast_recipient" ("customer_id");`);
    this.addSql(`create index webhook_delivery_pending_idx on webhook_delivery (subscription_id, created_at, id) where status in ('pending', 'failed');`);
  }

  override down(): void | Promise<void> {
    for (const table of ['waitlist_entry', 'review', 'chat_relay', 'page_confirmation_code']) this.addSql(`drop index if exists "${table}_customer_idx";`);
    this.addSql(`alter table "booking" drop constraint if exists "booking_length_in_a_day";`);
    for (const index of ['broadcast_recipient_customer_only_idx', 'webhook_delivery_pending_idx']) this.addSql(`drop index if exists "${index}";`);
    for (const index of ['booking_ended_idx', 'booking_promo_code_idx', 'payment_refund_due_idx', 'waitlist_entry_offer_idx']) this.addSql(`drop index if exists "${index}";`);
    this.addSql(`drop index if exists "audit_entry_business_id_created_at_index";`);
    this.addSql(`drop index if exists "channel_identity_customer_id_index";`);
    this.addSql(`drop function if exists uuid_or_null(text);`);
  }

}
