import { Migration } from '@mikro-orm/migrations';

export class Migration20261121233135_initial_schema extends Migration {

  override name = 'Migration20261121233135_initial_schema';

  override up(): void | Promise<void> {
    this.addSql(`create table "business" ("id" uuid not null, "slug" varchar(64) not null, "name" varchar(200) not null, "time_zone" varchar(64) not null, "default_locale" varchar(8) not null default 'en', "currency" varchar(3) not null, "brand_primary_color" varchar(7) not null default '#1E90FF', "brand_accent_color" varchar(7) not null default '#00CED1', "min_notice_minutes" int not null default 60, "booking_horizon_days" int not null default 60, "slot_step_minutes" int not null default 15, "hold_minutes" int not null default 10, "cancel_cutoff_minutes" int not null default 120, "reschedule_cutoff_minutes" int not null default 120, "reminder_offsets_minutes" jsonb not null default '[1440,120]', "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "business" add constraint "business_slug_unique" unique ("slug");`);

    this.addSql(`create table "audit_entry" ("id" uuid not null, "business_id" uuid not null, "actor_kind" text not null, "actor_id" varchar(64) null, "action" varchar(64) not null, "entity_type" varchar(64) not null, "entity_id" varchar(64) not null, "details" jsonb not null default '{}', "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "audit_entry_business_id_entity_type_entity_id_index" on "audit_entry" ("business_id", "entity_type", "entity_id");`);

    this.addSql(`create table "customer" ("id" uuid not null, "business_id" uuid not null, "name" varchar(200) not null default '', "phone" varchar(16) null, "email" varchar(254) null, "locale" varchar(8) null, "notes" text not null default '', "tags" text[] not null default '{}', "no_show_count" int not null default 0, "blocked" boolean not null default false, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "customer" add constraint "customer_business_phone_unique" unique ("business_id", "phone");`);

    this.addSql(`create table "channel_identity" ("id" uuid not null, "business_id" uuid not null, "channel" text not null, "external_id" varchar(128) not null, "customer_id" uuid not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "channel_identity" add constraint "channel_identity_business_channel_external_unique" unique ("business_id", "channel", "external_id");`);

    this.addSql(`create table "resource" ("id" uuid not null, "business_id" uuid not null, "name" varchar(200) not null, "kind" varchar(64) not null, "capacity" int not null default 1, "status" text not null default 'available', "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "resource_business_id_kind_index" on "resource" ("business_id", "kind");`);

    this.addSql(`create table "service" ("id" uuid not null, "business_id" uuid not null, "name" varchar(200) not null, "description" text not null default '', "duration_minutes" int not null, "price_minor" int not null, "currency" varchar(3) not null, "buffer_before_minutes" int not null default 0, "buffer_after_minutes" int not null default 0, "capacity" int not null default 1, "requires_resource_kind" varchar(64) null, "deposit_kind" text not null default 'none', "deposit_value" int not null default 0, "requires_approval" boolean not null default false, "active" boolean not null default true, "position" int not null default 0, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "service_business_id_position_index" on "service" ("business_id", "position");`);

    this.addSql(`create table "app_user" ("id" uuid not null, "email" varchar(254) not null, "name" varchar(200) not null, "password_hash" varchar(255) not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);

    this.addSql(`create table "staff_member" ("id" uuid not null, "business_id" uuid not null, "user_id" uuid null, "name" varchar(200) not null, "time_zone" varchar(64) null, "daily_booking_cap" int null, "active" boolean not null default true, "position" int not null default 0, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "staff_member_business_id_position_index" on "staff_member" ("business_id", "position");`);

    this.addSql(`create table "time_off" ("id" uuid not null, "business_id" uuid not null, "staff_member_id" uuid null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "reason" varchar(200) not null default '', primary key ("id"));`);
    this.addSql(`create index "time_off_business_id_starts_at_index" on "time_off" ("business_id", "starts_at");`);

    this.addSql(`create table "staff_member_service" ("staff_member_id" uuid not null, "service_id" uuid not null, primary key ("staff_member_id", "service_id"));`);

    this.addSql(`create table "date_override" ("id" uuid not null, "business_id" uuid not null, "staff_member_id" uuid null, "date" date not null, "intervals" jsonb not null, "note" varchar(200) not null default '', primary key ("id"));`);
    this.addSql(`create unique index date_override_business_staff_date_unique on date_override (business_id, coalesce(staff_member_id, '00000000-0000-0000-0000-000000000000'::uuid), date);`);

    this.addSql(`create table "booking" ("id" uuid not null, "business_id" uuid not null, "service_id" uuid not null, "staff_member_id" uuid not null, "resource_id" uuid null, "customer_id" uuid not null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "blocked_from" timestamptz not null, "blocked_until" timestamptz not null, "status" text not null, "hold_expires_at" timestamptz null, "group_session_key" varchar(128) null, "price_minor" int not null, "currency" varchar(3) not null, "deposit_minor" int not null default 0, "source" text not null, "idempotency_key" varchar(128) null, "cancelled_by" varchar(16) null, "cancel_reason" text null, "notes" text not null default '', "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "booking_business_starts_idx" on "booking" ("business_id", "starts_at");`);
    this.addSql(`create index "booking_customer_idx" on "booking" ("customer_id", "starts_at");`);
    this.addSql(`alter table "booking" add constraint "booking_business_idempotency_unique" unique ("business_id", "idempotency_key");`);

    this.addSql(`create table "membership" ("id" uuid not null, "business_id" uuid not null, "user_id" uuid not null, "role" text not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "membership" add constraint "membership_business_id_user_id_unique" unique ("business_id", "user_id");`);

    this.addSql(`create table "working_hours" ("id" uuid not null, "business_id" uuid not null, "staff_member_id" uuid null, "weekday" smallint not null, "start_minute" smallint not null, "end_minute" smallint not null, primary key ("id"));`);
    this.addSql(`create index "working_hours_business_id_staff_member_id_weekday_index" on "working_hours" ("business_id", "staff_member_id", "weekday");`);

    this.addSql(`alter table "business" add constraint "business_slug_format" check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}\$');`);
    this.addSql(`alter table "business" add constraint "business_currency_format" check (currency ~ '^[A-Z]{3}\$');`);
    this.addSql(`alter table "business" add constraint "business_colors_format" check (brand_primary_color ~ '^#[0-9A-Fa-f]{6}\$' and brand_accent_color ~ '^#[0-9A-Fa-f]{6}\$');`);
    this.addSql(`alter table "business" add constraint "business_policy_ranges" check (min_notice_minutes >= 0 and booking_horizon_days >= 1 and booking_horizon_days <= 730 and slot_step_minutes >= 5 and slot_step_minutes <= 1440 and hold_minutes >= 1 and hold_minutes <= 1440 and cancel_cutoff_minutes >= 0 and reschedule_cutoff_minutes >= 0);`);

    this.addSql(`alter table "audit_entry" add constraint "audit_entry_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "audit_entry" add constraint "audit_entry_actor_kind_check" check ("actor_kind" in ('customer', 'user', 'system'));`);

    this.addSql(`alter table "customer" add constraint "customer_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "customer" add constraint "customer_phone_e164" check (phone is null or phone ~ '^\\+[1-9][0-9]{6,14}\$');`);

    this.addSql(`alter table "channel_identity" add constraint "channel_identity_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "channel_identity" add constraint "channel_identity_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on delete cascade;`);
    this.addSql(`alter table "channel_identity" add constraint "channel_identity_channel_check" check ("channel" in ('telegram', 'whatsapp', 'sms', 'webchat'));`);

    this.addSql(`alter table "resource" add constraint "resource_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "resource" add constraint "resource_capacity_positive" check (capacity >= 1);`);
    this.addSql(`alter table "resource" add constraint "resource_status_check" check ("status" in ('available', 'maintenance'));`);

    this.addSql(`alter table "service" add constraint "service_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "service" add constraint "service_duration_range" check (duration_minutes >= 5 and duration_minutes <= 1440);`);
    this.addSql(`alter table "service" add constraint "service_price_nonnegative" check (price_minor >= 0);`);
    this.addSql(`alter table "service" add constraint "service_buffers_range" check (buffer_before_minutes >= 0 and buffer_before_minutes <= 720 and buffer_after_minutes >= 0 and buffer_after_minutes <= 720);`);
    this.addSql(`alter table "service" add constraint "service_capacity_positive" check (capacity >= 1);`);
    this.addSql(`alter table "service" add constraint "service_deposit_valid" check ((deposit_kind = 'none' and deposit_value = 0) or (deposit_kind = 'percent' and deposit_value >= 1 and deposit_value <= 100) or (deposit_kind = 'fixed' and deposit_value > 0));`);
    this.addSql(`alter table "service" add constraint "service_deposit_kind_check" check ("deposit_kind" in ('none', 'percent', 'fixed'));`);

    this.addSql(`alter table "app_user" add constraint "app_user_email_lowercase" check (email = lower(email));`);

    this.addSql(`alter table "staff_member" add constraint "staff_member_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "staff_member" add constraint "staff_member_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`alter table "staff_member" add constraint "staff_member_daily_cap_positive" check (daily_booking_cap is null or daily_booking_cap >= 1);`);

    this.addSql(`alter table "time_off" add constraint "time_off_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "time_off" add constraint "time_off_staff_member_id_foreign" foreign key ("staff_member_id") references "staff_member" ("id") on delete cascade;`);
    this.addSql(`alter table "time_off" add constraint "time_off_range_valid" check (starts_at < ends_at);`);

    this.addSql(`alter table "staff_member_service" add constraint "staff_member_service_staff_member_id_foreign" foreign key ("staff_member_id") references "staff_member" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "staff_member_service" add constraint "staff_member_service_service_id_foreign" foreign key ("service_id") references "service" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "date_override" add constraint "date_override_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "date_override" add constraint "date_override_staff_member_id_foreign" foreign key ("staff_member_id") references "staff_member" ("id") on delete cascade;`);

    this.addSql(`alter table "booking" add constraint "booking_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "booking" add constraint "booking_service_id_foreign" foreign key ("service_id") references "service" ("id") on delete restrict;`);
    this.addSql(`alter table "booking" add constraint "booking_staff_member_id_foreign" foreign key ("staff_member_id") references "staff_member" ("id") on delete restrict;`);
    this.addSql(`alter table "booking" add constraint "booking_resource_id_foreign" foreign key ("resource_id") references "resource" ("id") on delete restrict;`);
    this.addSql(`alter table "booking" add constraint "booking_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on delete restrict;`);
    this.addSql(`alter table "booking" add constraint "booking_times_valid" check (starts_at < ends_at and blocked_from <= starts_at and blocked_until >= ends_at);`);
    this.addSql(`alter table "booking" add constraint "booking_hold_has_expiry" check (status <> 'held' or hold_expires_at is not null);`);
    this.addSql(`alter table "booking" add constraint "booking_amounts_nonnegative" check (price_minor >= 0 and deposit_minor >= 0);`);
    this.addSql(`alter table "booking" add constraint "booking_staff_no_overlap" exclude using gist (staff_member_id with =, tstzrange(blocked_from, blocked_until, '[)') with &&, (coalesce(group_session_key, id::text)) with <>) where (status in ('held', 'pending', 'confirmed'));`);
    this.addSql(`alter table "booking" add constraint "booking_resource_no_overlap" exclude using gist (resource_id with =, tstzrange(blocked_from, blocked_until, '[)') with &&, (coalesce(group_session_key, id::text)) with <>) where (status in ('held', 'pending', 'confirmed') and resource_id is not null);`);
    this.addSql(`alter table "booking" add constraint "booking_status_check" check ("status" in ('held', 'pending', 'confirmed', 'completed', 'cancelled', 'no_show'));`);
    this.addSql(`alter table "booking" add constraint "booking_source_check" check ("source" in ('telegram', 'whatsapp', 'sms', 'webchat', 'admin', 'api'));`);

    this.addSql(`alter table "membership" add constraint "membership_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "membership" add constraint "membership_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`);
    this.addSql(`alter table "membership" add constraint "membership_role_check" check ("role" in ('owner', 'admin', 'manager', 'staff'));`);

    this.addSql(`alter table "working_hours" add constraint "working_hours_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "working_hours" add constraint "working_hours_staff_member_id_foreign" foreign key ("staff_member_id") references "staff_member" ("id") on delete cascade;`);
    this.addSql(`alter table "working_hours" add constraint "working_hours_weekday_range" check (weekday >= 1 and weekday <= 7);`);
    this.addSql(`alter table "working_hours" add constraint "working_hours_minutes_range" check (start_minute >= 0 and end_minute <= 1440 and start_minute < end_minute);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "audit_entry" drop constraint "audit_entry_business_id_foreign";`);
    this.addSql(`alter table "customer" drop constraint "customer_business_id_foreign";`);
    this.addSql(`alter table "channel_identity" drop constraint "channel_identity_business_id_foreign";`);
    this.addSql(`alter table "resource" drop constraint "resource_business_id_foreign";`);
    this.addSql(`alter table "service" drop constraint "service_business_id_foreign";`);
    this.addSql(`alter table "staff_member" drop constraint "staff_member_business_id_foreign";`);
    this.addSql(`alter table "time_off" drop constraint "time_off_business_id_foreign";`);
    this.addSql(`alter table "date_override" drop constraint "date_override_business_id_foreign";`);
    this.addSql(`alter table "booking" drop constraint "booking_business_id_foreign";`);
    this.addSql(`alter table "membership" drop constraint "membership_business_id_foreign";`);
    this.addSql(`alter table "working_hours" drop constraint "working_hours_business_id_foreign";`);
    this.addSql(`alter table "channel_identity" drop constraint "channel_identity_customer_id_foreign";`);
    this.addSql(`alter table "booking" drop constraint "booking_customer_id_foreign";`);
    this.addSql(`alter table "booking" drop constraint "booking_resource_id_foreign";`);
    this.addSql(`alter table "staff_member_service" drop constraint "staff_member_service_service_id_foreign";`);
    this.addSql(`alter table "booking" drop constraint "booking_service_id_foreign";`);
    this.addSql(`alter table "staff_member" drop constraint "staff_member_user_id_foreign";`);
    this.addSql(`alter table "membership" drop constraint "membership_user_id_foreign";`);
    this.addSql(`alter table "time_off" drop constraint "time_off_staff_member_id_foreign";`);
    this.addSql(`alter table "staff_member_service" drop constraint "staff_member_service_staff_member_id_foreign";`);
    this.addSql(`alter table "date_override" drop constraint "date_override_staff_member_id_foreign";`);
    this.addSql(`alter table "booking" drop constraint "booking_staff_member_id_foreign";`);
    this.addSql(`alter table "working_hours" drop constraint "working_hours_staff_member_id_foreign";`);

    this.addSql(`drop table if exists "business" cascade;`);
    this.addSql(`drop table if exists "audit_entry" cascade;`);
    this.addSql(`drop table if exists "customer" cascade;`);
    this.addSql(`drop table if exists "channel_identity" cascade;`);
    this.addSql(`drop table if exists "resource" cascade;`);
    this.addSql(`drop table if exists "service" cascade;`);
    this.addSql(`drop table if exists "app_user" cascade;`);
    this.addSql(`drop table if exists "staff_member" cascade;`);
    this.addSql(`drop table if exists "time_off" cascade;`);
    this.addSql(`drop table if exists "staff_member_service" cascade;`);
    this.addSql(`drop table if exists "date_override" cascade;`);
    this.addSql(`drop table if exists "booking" cascade;`);
    this.addSql(`drop table if exists "membership" cascade;`);
    this.addSql(`drop table if exists "working_hours" cascade;`);
  }

}
