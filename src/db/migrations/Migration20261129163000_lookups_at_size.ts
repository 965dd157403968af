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
 * - the panel's audit log, newest first, sorted every entry the business ever had.
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
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index if exists "audit_entry_business_id_created_at_index";`);
    this.addSql(`drop index if exists "channel_identity_customer_id_index";`);
    this.addSql(`drop function if exists uuid_or_null(text);`);
  }

}
