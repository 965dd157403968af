import { Migration } from '@mikro-orm/migrations';
import { BOOKINGS_BLIND_FUNCTION, CHANGED_BUSINESS } from './Migration20261129103047_availability_changes.ts';

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
${CHANGED_BUSINESS}  if changed_business is null then
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

export class Migration20261129141500_schedule_changes extends Migration {

  override name = 'Migration20261129141500_schedule_changes';

  override up(): void | Promise<void> {
    // Rows logged before this knew no kind: taken as schedule changes, the safe side.
    this.addSql(`alter table "availability_change" add column "schedule" boolean not null default true;`);
    this.addSql(`create index "availability_change_schedule_idx" on "availability_change" ("business_id", "xid") where schedule;`);
    this.addSql(SCHEDULE_AWARE);
  }

  override down(): void | Promise<void> {
    this.addSql(`create or replace function ${BOOKINGS_BLIND_FUNCTION}`);
    this.addSql(`drop index if exists "availability_change_schedule_idx";`);
    this.addSql(`alter table "availability_change" drop column "schedule";`);
  }

}
