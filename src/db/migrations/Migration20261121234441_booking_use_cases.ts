import { Migration } from '@mikro-orm/migrations';

export class Migration20261121234441_booking_use_cases extends Migration {

  override name = 'Migration20261121234441_booking_use_cases';

  override up(): void | Promise<void> {
    this.addSql(`create table "outbox_message" ("id" uuid not null, "business_id" uuid not null, "topic" varchar(64) not null, "aggregate_type" varchar(32) not null, "aggregate_id" varchar(64) not null, "payload" jsonb not null, "dedupe_key" varchar(200) not null, "status" text not null default 'pending', "attempts" int not null default 0, "available_at" timestamptz not null, "last_error" text null, "processed_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "outbox_message" add constraint "outbox_message_dedupe_key_unique" unique ("dedupe_key");`);
    this.addSql(`create index "outbox_message_due_idx" on "outbox_message" ("status", "available_at");`);

    this.addSql(`create table "promo_code" ("id" uuid not null, "business_id" uuid not null, "code" varchar(32) not null, "discount_kind" text not null, "discount_value" int not null, "valid_from" timestamptz null, "valid_until" timestamptz null, "max_uses" int null, "max_uses_per_customer" int null, "service_ids" text[] null, "active" boolean not null default true, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "promo_code" add constraint "promo_code_business_code_unique" unique ("business_id", "code");`);

    this.addSql(`create table "waitlist_entry" ("id" uuid not null, "business_id" uuid not null, "service_id" uuid not null, "staff_member_id" uuid null, "customer_id" uuid not null, "from_date" date not null, "to_date" date not null, "status" text not null default 'waiting', "offer_booking_id" uuid null, "offer_expires_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "waitlist_entry_queue_idx" on "waitlist_entry" ("business_id", "service_id", "status", "created_at");`);

    this.addSql(`alter table "business" drop constraint "business_policy_ranges";`);
    this.addSql(`alter table "business" add "waitlist_offer_minutes" int not null default 30;`);
    this.addSql(`alter table "business" add constraint "business_policy_ranges" check (min_notice_minutes >= 0 and booking_horizon_days >= 1 and booking_horizon_days <= 730 and slot_step_minutes >= 5 and slot_step_minutes <= 1440 and hold_minutes >= 1 and hold_minutes <= 1440 and waitlist_offer_minutes >= 5 and waitlist_offer_minutes <= 1440 and cancel_cutoff_minutes >= 0 and reschedule_cutoff_minutes >= 0);`);

    this.addSql(`alter table "customer" add "preferences" jsonb not null default '{}';`);

    this.addSql(`alter table "booking" drop constraint "booking_amounts_nonnegative";`);
    this.addSql(`alter table "booking" drop constraint "booking_resource_no_overlap";`);
    this.addSql(`alter table "booking" add "awaiting" text null, add "seats" int not null default 1, add "resource_shared" boolean not null default false, add "conversation_key" varchar(200) null, add "promo_code_id" uuid null, add "discount_minor" int not null default 0, add "version" int not null default 1;`);
    this.addSql(`alter table "booking" add constraint "booking_promo_code_id_foreign" foreign key ("promo_code_id") references "promo_code" ("id") on delete restrict;`);
    this.addSql(`create unique index booking_one_hold_per_conversation on booking (business_id, conversation_key) where status = 'held' and conversation_key is not null;`);
    this.addSql(`alter table "booking" add constraint "booking_seats_positive" check (seats >= 1);`);
    this.addSql(`alter table "booking" add constraint "booking_awaiting_check" check ("awaiting" in ('approval', 'payment'));`);
    this.addSql(`alter table "booking" add constraint "booking_amounts_nonnegative" check (price_minor >= 0 and deposit_minor >= 0 and discount_minor >= 0);`);
    this.addSql(`alter table "booking" add constraint "booking_resource_no_overlap" exclude using gist (resource_id with =, tstzrange(blocked_from, blocked_until, '[)') with &&, (coalesce(group_session_key, id::text)) with <>) where (status in ('held', 'pending', 'confirmed') and resource_id is not null and not resource_shared);`);

    this.addSql(`alter table "outbox_message" add constraint "outbox_message_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "outbox_message" add constraint "outbox_message_status_check" check ("status" in ('pending', 'sent', 'dead'));`);

    this.addSql(`alter table "promo_code" add constraint "promo_code_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "promo_code" add constraint "promo_code_value_valid" check ((discount_kind = 'percent' and discount_value >= 1 and discount_value <= 10000) or (discount_kind = 'fixed' and discount_value >= 1));`);
    this.addSql(`alter table "promo_code" add constraint "promo_code_caps_positive" check ((max_uses is null or max_uses >= 1) and (max_uses_per_customer is null or max_uses_per_customer >= 1));`);
    this.addSql(`alter table "promo_code" add constraint "promo_code_discount_kind_check" check ("discount_kind" in ('percent', 'fixed'));`);

    this.addSql(`alter table "waitlist_entry" add constraint "waitlist_entry_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "waitlist_entry" add constraint "waitlist_entry_service_id_foreign" foreign key ("service_id") references "service" ("id") on delete cascade;`);
    this.addSql(`alter table "waitlist_entry" add constraint "waitlist_entry_staff_member_id_foreign" foreign key ("staff_member_id") references "staff_member" ("id") on delete cascade;`);
    this.addSql(`alter table "waitlist_entry" add constraint "waitlist_entry_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on delete cascade;`);
    this.addSql(`alter table "waitlist_entry" add constraint "waitlist_entry_offer_booking_id_foreign" foreign key ("offer_booking_id") references "booking" ("id") on delete set null;`);
    this.addSql(`alter table "waitlist_entry" add constraint "waitlist_entry_dates_valid" check (from_date <= to_date);`);
    this.addSql(`alter table "waitlist_entry" add constraint "waitlist_entry_status_check" check ("status" in ('waiting', 'offered', 'booked', 'expired', 'cancelled'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "booking" drop constraint "booking_promo_code_id_foreign";`);

    this.addSql(`drop table if exists "outbox_message" cascade;`);
    this.addSql(`drop table if exists "promo_code" cascade;`);
    this.addSql(`drop table if exists "waitlist_entry" cascade;`);

    this.addSql(`alter table "booking" drop constraint "booking_one_hold_per_conversation";`);
    this.addSql(`alter table "booking" drop constraint "booking_seats_positive";`);
    this.addSql(`alter table "booking" drop constraint "booking_awaiting_check";`);
    this.addSql(`alter table "booking" drop constraint "booking_amounts_nonnegative";`);
    this.addSql(`alter table "booking" drop constraint "booking_resource_no_overlap";`);
    this.addSql(`alter table "booking" drop column "awaiting", drop column "seats", drop column "resource_shared", drop column "conversation_key", drop column "promo_code_id", drop column "discount_minor", drop column "version";`);
    this.addSql(`alter table "booking" add constraint "booking_amounts_nonnegative" check ((price_minor >= 0) AND (deposit_minor >= 0));`);
    this.addSql(`alter table "booking" add constraint "booking_resource_no_overlap" EXCLUDE USING gist (resource_id WITH =, tstzrange(blocked_from, blocked_until, '[)'::text) WITH &&, COALESCE(group_session_key, ((id)::text)::character varying) WITH <>) WHERE (((status = ANY (ARRAY['held'::text, 'pending'::text, 'confirmed'::text])) AND (resource_id IS NOT NULL)));`);

    this.addSql(`alter table "business" drop constraint "business_policy_ranges";`);
    this.addSql(`alter table "business" drop column "waitlist_offer_minutes";`);
    this.addSql(`alter table "business" add constraint "business_policy_ranges" check ((min_notice_minutes >= 0) AND (booking_horizon_days >= 1) AND (booking_horizon_days <= 730) AND (slot_step_minutes >= 5) AND (slot_step_minutes <= 1440) AND (hold_minutes >= 1) AND (hold_minutes <= 1440) AND (cancel_cutoff_minutes >= 0) AND (reschedule_cutoff_minutes >= 0));`);

    this.addSql(`alter table "customer" drop column "preferences";`);
  }

}
