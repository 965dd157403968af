import { Migration } from '@mikro-orm/migrations';

export class Migration20261122014944_chat_channels extends Migration {

  override name = 'Migration20261122014944_chat_channels';

  override up(): void | Promise<void> {
    this.addSql(`create table "conversation" ("id" uuid not null, "business_id" uuid not null, "channel" text not null, "chat_id" varchar(128) not null, "state" jsonb not null, "version" int not null default 0, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "conversation" add constraint "conversation_business_channel_chat_unique" unique ("business_id", "channel", "chat_id");`);

    this.addSql(`create table "chat_relay" ("id" uuid not null, "business_id" uuid not null, "channel" text not null, "team_chat_id" varchar(128) not null, "team_message_id" varchar(64) not null, "customer_id" uuid not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "chat_relay" add constraint "chat_relay_post_unique" unique ("business_id", "channel", "team_chat_id", "team_message_id");`);

    this.addSql(`create table "telegram_bot" ("id" uuid not null, "business_id" uuid not null, "bot_id" varchar(32) not null, "token_ciphertext" text not null, "username" varchar(64) null, "active" boolean not null default true, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "telegram_bot" add constraint "telegram_bot_bot_id_unique" unique ("bot_id");`);
    this.addSql(`alter table "telegram_bot" add constraint "telegram_bot_business_unique" unique ("business_id");`);

    this.addSql(`alter table "staff_member" add "telegram_user_id" varchar(32) null;`);
    this.addSql(`alter table "staff_member" add constraint "staff_member_business_telegram_unique" unique ("business_id", "telegram_user_id");`);

    this.addSql(`alter table "conversation" add constraint "conversation_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "conversation" add constraint "conversation_channel_check" check ("channel" in ('telegram', 'whatsapp', 'sms', 'webchat'));`);

    this.addSql(`alter table "chat_relay" add constraint "chat_relay_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "chat_relay" add constraint "chat_relay_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on delete cascade;`);
    this.addSql(`alter table "chat_relay" add constraint "chat_relay_channel_check" check ("channel" in ('telegram', 'whatsapp', 'sms', 'webchat'));`);

    this.addSql(`alter table "telegram_bot" add constraint "telegram_bot_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "conversation" cascade;`);
    this.addSql(`drop table if exists "chat_relay" cascade;`);
    this.addSql(`drop table if exists "telegram_bot" cascade;`);

    this.addSql(`alter table "staff_member" drop constraint "staff_member_business_telegram_unique";`);
    this.addSql(`alter table "staff_member" drop column "telegram_user_id";`);
  }

}
