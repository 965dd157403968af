import { Migration } from '@mikro-orm/migrations';

export class Migration20261129012005_calendar_sync extends Migration {

  override name = 'Migration20261129012005_calendar_sync';

  override up(): void | Promise<void> {
    this.addSql(`create table "calendar_connection" ("id" uuid not null, "business_id" uuid not null, "staff_member_id" uuid not null, "provider" text not null, "account_email" varchar(320) null, "tokens_ciphertext" text not null, "target_calendar_id" varchar(1024) null, "busy_calendar_ids" text[] not null default '{}', "sync_tokens" jsonb not null, "state" text not null default 'ok', "last_error" varchar(500) null, "last_synced_at" timestamptz null, "warned_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "calendar_connection_business_idx" on "calendar_connection" ("business_id");`);
    this.addSql(`alter table "calendar_connection" add constraint "calendar_connection_staff_provider_unique" unique ("staff_member_id", "provider");`);

    this.addSql(`create table "external_busy" ("id" uuid not null, "business_id" uuid not null, "staff_member_id" uuid not null, "connection_id" uuid not null, "calendar_id" varchar(1024) not null, "event_id" varchar(1024) not null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "external_busy_staff_idx" on "external_busy" ("business_id", "staff_member_id", "starts_at");`);
    this.addSql(`alter table "external_busy" add constraint "external_busy_event_unique" unique ("connection_id", "calendar_id", "event_id");`);

    this.addSql(`create table "calendar_push" ("id" uuid not null, "business_id" uuid not null, "booking_id" uuid not null, "due_at" timestamptz not null, "attempts" int not null default 0, "last_error" varchar(500) null, primary key ("id"));`);
    this.addSql(`alter table "calendar_push" add constraint "calendar_push_booking_unique" unique ("booking_id");`);
    this.addSql(`create index "calendar_push_due_idx" on "calendar_push" ("due_at");`);

    this.addSql(`create table "calendar_event_link" ("id" uuid not null, "business_id" uuid not null, "booking_id" uuid not null, "connection_id" uuid not null, "calendar_id" varchar(1024) not null, "event_id" varchar(1024) not null, primary key ("id"));`);
    this.addSql(`alter table "calendar_event_link" add constraint "calendar_event_link_unique" unique ("booking_id", "connection_id");`);

    this.addSql(`alter table "calendar_connection" add constraint "calendar_connection_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "calendar_connection" add constraint "calendar_connection_staff_member_id_foreign" foreign key ("staff_member_id") references "staff_member" ("id") on delete cascade;`);
    this.addSql(`alter table "calendar_connection" add constraint "calendar_connection_provider_check" check ("provider" in ('google', 'outlook'));`);
    this.addSql(`alter table "calendar_connection" add constraint "calendar_connection_state_check" check ("state" in ('ok', 'failing', 'revoked'));`);

    this.addSql(`alter table "external_busy" add constraint "external_busy_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "external_busy" add constraint "external_busy_staff_member_id_foreign" foreign key ("staff_member_id") references "staff_member" ("id") on delete cascade;`);
    this.addSql(`alter table "external_busy" add constraint "external_busy_connection_id_foreign" foreign key ("connection_id") references "calendar_connection" ("id") on delete cascade;`);

    this.addSql(`alter table "calendar_push" add constraint "calendar_push_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "calendar_push" add constraint "calendar_push_booking_id_foreign" foreign key ("booking_id") references "booking" ("id") on delete cascade;`);

    this.addSql(`alter table "calendar_event_link" add constraint "calendar_event_link_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "calendar_event_link" add constraint "calendar_event_link_booking_id_foreign" foreign key ("booking_id") references "booking" ("id") on delete cascade;`);
    this.addSql(`alter table "calendar_event_link" add constraint "calendar_event_link_connection_id_foreign" foreign key ("connection_id") references "calendar_connection" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "external_busy" drop constraint "external_busy_connection_id_foreign";`);
    this.addSql(`alter table "calendar_event_link" drop constraint "calendar_event_link_connection_id_foreign";`);

    this.addSql(`drop table if exists "calendar_connection" cascade;`);
    this.addSql(`drop table if exists "external_busy" cascade;`);
    this.addSql(`drop table if exists "calendar_push" cascade;`);
    this.addSql(`drop table if exists "calendar_event_link" cascade;`);
  }

}
