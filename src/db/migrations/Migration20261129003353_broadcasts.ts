import { Migration } from '@mikro-orm/migrations';

export class Migration20261129003353_broadcasts extends Migration {

  override name = 'Migration20261129003353_broadcasts';

  override up(): void | Promise<void> {
    this.addSql(`create table "broadcast" ("id" uuid not null, "business_id" uuid not null, "text" varchar(1000) not null, "audience" jsonb not null, "status" text not null default 'draft', "sent_count" int not null default 0, "failed_count" int not null default 0, "skipped_count" int not null default 0, "opted_out_count" int not null default 0, "created_by" uuid null, "created_at" timestamptz not null, "queued_at" timestamptz null, "finished_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "broadcast_business_created_idx" on "broadcast" ("business_id", "created_at");`);

    this.addSql(`create table "broadcast_recipient" ("id" uuid not null, "business_id" uuid not null, "broadcast_id" uuid not null, "customer_id" uuid not null, "channel" varchar(16) null, "status" text not null default 'pending', "reason" varchar(32) null, "error" text null, "message_id" uuid null, "opted_out_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "broadcast_recipient_pending_idx" on "broadcast_recipient" ("business_id", "status");`);
    this.addSql(`create index "broadcast_recipient_customer_idx" on "broadcast_recipient" ("business_id", "customer_id");`);
    this.addSql(`alter table "broadcast_recipient" add constraint "broadcast_recipient_once" unique ("broadcast_id", "customer_id");`);

    this.addSql(`alter table "customer" add "marketing_opt_in" boolean not null default false;`);

    this.addSql(`alter table "broadcast" add constraint "broadcast_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "broadcast" add constraint "broadcast_status_check" check ("status" in ('draft', 'queued', 'sending', 'done'));`);

    this.addSql(`alter table "broadcast_recipient" add constraint "broadcast_recipient_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "broadcast_recipient" add constraint "broadcast_recipient_broadcast_id_foreign" foreign key ("broadcast_id") references "broadcast" ("id") on delete cascade;`);
    this.addSql(`alter table "broadcast_recipient" add constraint "broadcast_recipient_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on delete cascade;`);
    this.addSql(`alter table "broadcast_recipient" add constraint "broadcast_recipient_status_check" check ("status" in ('pending', 'sent', 'failed', 'skipped'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "broadcast_recipient" drop constraint "broadcast_recipient_broadcast_id_foreign";`);

    this.addSql(`drop table if exists "broadcast" cascade;`);
    this.addSql(`drop table if exists "broadcast_recipient" cascade;`);

    this.addSql(`alter table "customer" drop column "marketing_opt_in";`);
  }

}
