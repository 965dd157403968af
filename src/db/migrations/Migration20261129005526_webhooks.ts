import { Migration } from '@mikro-orm/migrations';

export class Migration20261129005526_webhooks extends Migration {

  override name = 'Migration20261129005526_webhooks';

  override up(): void | Promise<void> {
    this.addSql(`create table "webhook_subscription" ("id" uuid not null, "business_id" uuid not null, "url" varchar(2000) not null, "events" text[] not null default '{}', "secret_ciphertext" text not null, "enabled" boolean not null default true, "consecutive_failures" int not null default 0, "disabled_reason" varchar(500) null, "busy_until" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "webhook_subscription_business_idx" on "webhook_subscription" ("business_id");`);

    this.addSql(`create table "webhook_delivery" ("id" uuid not null, "business_id" uuid not null, "subscription_id" uuid not null, "event_id" uuid not null, "event_type" varchar(64) not null, "payload" jsonb not null, "attempts" int not null default 0, "status" text not null default 'pending', "last_status_code" int null, "last_error" varchar(500) null, "next_attempt_at" timestamptz null, "delivered_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "webhook_delivery_due_idx" on "webhook_delivery" ("status", "next_attempt_at");`);
    this.addSql(`create index "webhook_delivery_log_idx" on "webhook_delivery" ("subscription_id", "created_at");`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_subscription_event_unique" unique ("subscription_id", "event_id");`);

    this.addSql(`alter table "webhook_subscription" add constraint "webhook_subscription_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);

    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_subscription_id_foreign" foreign key ("subscription_id") references "webhook_subscription" ("id") on delete cascade;`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_status_check" check ("status" in ('pending', 'delivered', 'failed', 'gave_up'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "webhook_delivery" drop constraint "webhook_delivery_subscription_id_foreign";`);

    this.addSql(`drop table if exists "webhook_subscription" cascade;`);
    this.addSql(`drop table if exists "webhook_delivery" cascade;`);
  }

}
