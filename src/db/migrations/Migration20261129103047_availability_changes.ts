import { Migration } from '@mikro-orm/migrations';

// What the slot engine reads of a booking (availability-sql.ts): a change to any other
// column (notes, payment, reminders) leaves the free slots as they were.
const BOOKING_SLOT_COLUMNS = ['business_id', 'service_id', 'staff_member_id', 'resource_id', 'resource_shared', 'starts_at', 'ends_at', 'blocked_from', 'blocked_until', 'status', 'hold_expires_at', 'group_session_key', 'seats'];
// The business's settings the slots depend on.
const BUSINESS_SLOT_COLUMNS = ['time_zone', 'min_notice_minutes', 'booking_horizon_days', 'slot_step_minutes', 'hold_minutes'];
// Any change to a row of these changes what can be booked.
const SCHEDULE_TABLES = ['staff_member', 'staff_member_service', 'service', 'resource', 'working_hours', 'date_override', 'time_off', 'external_busy'];

// Which business a changed row belongs to (`changed_business`), for every table the
// triggers watch; shared with the function that replaced this one (`schedule_changes`).
export const CHANGED_BUSINESS = `  if tg_table_name = 'business' then
    changed_business := new.id;
  elsif tg_table_name = 'staff_member_service' then
    select business_id into changed_business from staff_member where id = coalesce(new.staff_member_id, old.staff_member_id);
  else
    changed_business := coalesce(new.business_id, old.business_id);
  end if;
`;

// The trigger function as this migration made it (without `create`): one row per
// transaction and business, of any kind. `schedule_changes` restores it on the way down.
export const BOOKINGS_BLIND_FUNCTION = `availability_changed() returns trigger language plpgsql as $$
declare
  changed_business uuid;
begin
${CHANGED_BUSINESS}  -- A bulk change (a sweep, a cascading delete, an import) fires this once per row: the
  -- business this transaction logged last is remembered, so only its first row writes.
  if changed_business is null or current_setting('bookchat.availability_logged', true) = changed_business::text then
    return null;
  end if;
  insert into availability_change (business_id, xid, changed_at)
    values (changed_business, pg_current_xact_id()::text::bigint, clock_timestamp())
    on conflict do nothing;
  perform set_config('bookchat.availability_logged', changed_business::text, true);
  return null;
end $$;`;

const changed = (columns: string[]) => columns.map((c) => `old.${c} is distinct from new.${c}`).join(' or ');

export class Migration20261129103047_availability_changes extends Migration {

  override name = 'Migration20261129103047_availability_changes';

  override up(): void | Promise<void> {
    this.addSql(`create table "availability_change" ("business_id" uuid not null, "xid" bigint not null, "changed_at" timestamptz not null, primary key ("business_id", "xid"));`);

    // One row per changing transaction and business, written at commit (deferred): no
    // row is shared between transactions, so concurrent bookings never wait on each
    // other here. No foreign key: at commit a cascading delete may have removed the
    // business; such rows are pruned like the rest.
    this.addSql(`create function ${BOOKINGS_BLIND_FUNCTION}`);
    for (const table of SCHEDULE_TABLES) {
      this.addSql(`create constraint trigger "${table}_availability_changed" after insert or update or delete on "${table}" deferrable initially deferred for each row execute function availability_changed();`);
    }
    this.addSql(`create constraint trigger "booking_availability_added" after insert or delete on "booking" deferrable initially deferred for each row execute function availability_changed();`);
    this.addSql(`create constraint trigger "booking_availability_changed" after update on "booking" deferrable initially deferred for each row when (${changed(BOOKING_SLOT_COLUMNS)}) execute function availability_changed();`);
    this.addSql(`create constraint trigger "business_availability_changed" after update on "business" deferrable initially deferred for each row when (${changed(BUSINESS_SLOT_COLUMNS)}) execute function availability_changed();`);
  }

  override down(): void | Promise<void> {
    for (const table of [...SCHEDULE_TABLES, 'booking', 'business']) {
      this.addSql(`drop trigger if exists "${table}_availability_changed" on "${table}";`);
    }
    this.addSql(`drop trigger if exists "booking_availability_added" on "booking";`);
    this.addSql(`drop function if exists availability_changed();`);
    this.addSql(`drop table if exists "availability_change" cascade;`);
  }

}
