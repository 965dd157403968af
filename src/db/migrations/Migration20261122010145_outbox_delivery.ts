import { Migration } from '@mikro-orm/migrations';

export class Migration20261122010145_outbox_delivery extends Migration {

  override name = 'Migration20261122010145_outbox_delivery';

  override up(): void | Promise<void> {
    this.addSql(`create table "outbox_delivery" ("id" uuid not null, "business_id" uuid not null, "message_id" uuid not null, "channel" text not null, "chat_id" varchar(128) not null, "audience" text not null, "locale" varchar(8) null, "status" text not null default 'pending', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "last_error" text null, "sent_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "outbox_delivery_due_idx" on "outbox_delivery" ("status", "next_attempt_at");`);
    this.addSql(`alter table "outbox_delivery" add constraint "outbox_delivery_message_recipient_unique" unique ("message_id", "channel", "chat_id");`);

    this.addSql(`create table "team_chat" ("id" uuid not null, "business_id" uuid not null, "channel" text not null, "chat_id" varchar(128) not null, "locale" varchar(8) null, "active" boolean not null default true, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "team_chat" add constraint "team_chat_business_channel_chat_unique" unique ("business_id", "channel", "chat_id");`);

    this.addSql(`alter table "outbox_delivery" add constraint "outbox_delivery_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "outbox_delivery" add constraint "outbox_delivery_message_id_foreign" foreign key ("message_id") references "outbox_message" ("id") on delete cascade;`);
    this.addSql(`alter table "outbox_delivery" add constraint "outbox_delivery_channel_check" check ("channel" in ('telegram', 'whatsapp', 'sms', 'webchat'));`);
    this.addSql(`alter table "outbox_delivery" add constraint "outbox_delivery_audience_check" check ("audience" in ('customer', 'team'));`);
    this.addSql(`alter table "outbox_delivery" add constraint "outbox_delivery_status_check" check ("status" in ('pending', 'sent', 'dead'));`);

    this.addSql(`alter table "team_chat" add constraint "team_chat_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "team_chat" add constraint "team_chat_channel_check" check ("channel" in ('telegram', 'whatsapp', 'sms', 'webchat'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "outbox_delivery" cascade;`);
    this.addSql(`drop table if exists "team_chat" cascade;`);
  }

}
