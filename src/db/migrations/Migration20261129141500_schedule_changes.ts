import { Migration } from '@mikro-orm/migrations';

// The function of migration `availability_changes`, now telling a change to the
// business's schedule (hours, staff, services, settings — what a booking's checks read)
// from one to its bookings alone: a booking checked against cached schedule facts needs
// only the former to be absent since (`book-on-known-schedule.ts`).
const SCHEDULE_AWARE = `create or replace function availability_changed() returns trigger language plpgsql as $$
declare
  changed_business uuid;
  is_schedule boolean := tg_table_name <> 'booking';
  logged text;
begin
  if tg_table_name = 'business' then
    changed_business := new.id;
  elsif tg_table_name = 'staff_member_service' then
    select business_id into changed_business from staff_member where id = coalesce(new.staff_member_id, old.staff_member_id);
  else
    changed_business := coalesce(new.business_id, old.business_id);
  end if;
  if changed_business is null then
    return null;
  end if;
  -- A bulk change fires this once per row: what this transaction logged last is
  -- remembered, so only the first row of each kind writes (a schedule row covers both).
  logged := current_setting('bookchat.availability_logged', true);
  if logged = changed_business::text || ':schedule' or (not is_schedule and logged = changed_business::text || ':bookings') then
    return null;
  end if;
  insert into availability_change (business_id, xid, changed_at, schedule)
    values (changed_business, pg_current_xact_id()::text::bigint, clock_timestamp(), is_schedule)
    on conflict (business_id, xid) do update set schedule = true where excluded.schedule and not availability_change.schedule;
  perform set_config('bookchat.availability_logged', changed_business::text || case when is_schedule then ':schedule' else ':bookings' end, true);
  return null;
end $$;`;

const BOOKINGS_BLIND = `create or replace function availability_changed() returns trigger language plpgsql as $$
declare
  changed_business uuid;
begin
  if tg_table_name = 'business' then
    changed_business := new.id;
  elsif tg_table_name = 'staff_member_service' then
    select business_id into changed_business from staff_member where id = coalesce(new.staff_member_id, old.staff_member_id);
  else
    changed_business := coalesce(new.business_id, old.business_id);
  end if;
  if changed_business is null or current_setting('bookchat.availability_logged', true) = changed_business::text then
    return null;
  end if;
  insert into availability_change (business_id, xid, changed_at)
    values (changed_business, pg_current_xact_id()::text::bigint, clock_timestamp())
    on conflict do nothing;
  perform set_config('bookchat.availability_logged', changed_business::text, true);
  return null;
end $$;`;

export class Migration20261129141500_schedule_changes extends Migration {

  override name = 'Migration20261129141500_schedule_changes';

  override up(): void | Promise<void> {
    // Rows logged before this knew no kind: taken as schedule changes, the safe side.
    this.addSql(`alter table "availability_change" add column "schedule" boolean not null default true;`);
    this.addSql(`create index "availability_change_schedule_idx" on "availability_change" ("business_id", "xid") where schedule;`);
    this.addSql(SCHEDULE_AWARE);
  }

  override down(): void | Promise<void> {
    this.addSql(BOOKINGS_BLIND);
    this.addSql(`drop index if exists "availability_change_schedule_idx";`);
    this.addSql(`alter table "availability_change" drop column "schedule";`);
  }

}
