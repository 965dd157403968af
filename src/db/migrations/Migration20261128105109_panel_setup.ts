import { Migration } from '@mikro-orm/migrations';

export class Migration20261128105109_panel_setup extends Migration {

  override name = 'Migration20261128105109_panel_setup';

  override up(): void | Promise<void> {
    this.addSql(`create table "account_token" ("id" uuid not null, "kind" text not null, "token_hash" varchar(64) not null, "user_id" uuid null, "business_id" uuid null, "email" varchar(254) null, "role" text null, "created_by_id" uuid null, "expires_at" timestamptz not null, "used_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "account_token" add constraint "account_token_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "account_token_business_id_kind_index" on "account_token" ("business_id", "kind");`);

    this.addSql(`alter table "business" drop constraint "business_policy_ranges";`);
    this.addSql(`alter table "business" add "logo" bytea null, add "logo_type" varchar(32) null, add "address" varchar(300) not null default '', add "map_url" varchar(500) not null default '', add "phone" varchar(32) not null default '', add "phone_country" varchar(2) null, add "approval_required" boolean not null default false, add "follow_up_after_minutes" int null default 120, add "digest_at_minute" smallint null, add "team_link_code_version" int not null default 0;`);
    this.addSql(`alter table "business" add constraint "business_policy_ranges" check ((follow_up_after_minutes is null or (follow_up_after_minutes >= 0 and follow_up_after_minutes <= 43200)) and (digest_at_minute is null or (digest_at_minute >= 0 and digest_at_minute < 1440)) and min_notice_minutes >= 0 and booking_horizon_days >= 1 and booking_horizon_days <= 730 and slot_step_minutes >= 5 and slot_step_minutes <= 1440 and hold_minutes >= 1 and hold_minutes <= 1440 and waitlist_offer_minutes >= 5 and waitlist_offer_minutes <= 1440 and payment_minutes >= 5 and payment_minutes <= 10080 and (auto_no_show_after_minutes is null or (auto_no_show_after_minutes >= 0 and auto_no_show_after_minutes <= 10080)) and cancel_cutoff_minutes >= 0 and reschedule_cutoff_minutes >= 0);`);

    this.addSql(`alter table "resource" add "maintenance_note" varchar(200) not null default '', add "maintenance_until" timestamptz null;`);

    this.addSql(`alter table "service" add "translations" jsonb not null default '{}';`);

    this.addSql(`alter table "app_user" add "failed_sign_ins" int not null default 0, add "locked_until" timestamptz null, add "session_version" int not null default 0, add "locale" varchar(8) null;`);

    this.addSql(`alter table "staff_member" add "bio" varchar(500) not null default '', add "photo" bytea null, add "photo_type" varchar(32) null, add "link_code_version" int not null default 0;`);

    this.addSql(`alter table "account_token" add constraint "account_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`);
    this.addSql(`alter table "account_token" add constraint "account_token_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "account_token" add constraint "account_token_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`alter table "account_token" add constraint "account_token_kind_fields" check ((kind = 'password_reset' and user_id is not null) or (kind = 'invitation' and business_id is not null and role is not null));`);
    this.addSql(`alter table "account_token" add constraint "account_token_kind_check" check ("kind" in ('password_reset', 'invitation'));`);
    this.addSql(`alter table "account_token" add constraint "account_token_role_check" check ("role" in ('owner', 'admin', 'manager', 'staff'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "account_token" cascade;`);

    this.addSql(`alter table "app_user" drop column "failed_sign_ins", drop column "locked_until", drop column "session_version", drop column "locale";`);

    this.addSql(`alter table "business" drop constraint "business_policy_ranges";`);
    this.addSql(`alter table "business" drop column "logo", drop column "logo_type", drop column "address", drop column "map_url", drop column "phone", drop column "phone_country", drop column "approval_required", drop column "follow_up_after_minutes", drop column "digest_at_minute", drop column "team_link_code_version";`);
    this.addSql(`alter table "business" add constraint "business_policy_ranges" check ((min_notice_minutes >= 0) AND (booking_horizon_days >= 1) AND (booking_horizon_days <= 730) AND (slot_step_minutes >= 5) AND (slot_step_minutes <= 1440) AND (hold_minutes >= 1) AND (hold_minutes <= 1440) AND (waitlist_offer_minutes >= 5) AND (waitlist_offer_minutes <= 1440) AND (payment_minutes >= 5) AND (payment_minutes <= 10080) AND ((auto_no_show_after_minutes IS NULL) OR ((auto_no_show_after_minutes >= 0) AND (auto_no_show_after_minutes <= 10080))) AND (cancel_cutoff_minutes >= 0) AND (reschedule_cutoff_minutes >= 0));`);

    this.addSql(`alter table "resource" drop column "maintenance_note", drop column "maintenance_until";`);

    this.addSql(`alter table "service" drop column "translations";`);

    this.addSql(`alter table "staff_member" drop column "bio", drop column "photo", drop column "photo_type", drop column "link_code_version";`);
  }

}
