import { Migration } from '@mikro-orm/migrations';

export class Migration20261128141156_chat_channels_registry extends Migration {

  override name = 'Migration20261128141156_chat_channels_registry';

  override up(): void | Promise<void> {
    this.addSql(`create table "message_opt_out" ("id" uuid not null, "business_id" uuid not null, "channel" text not null, "external_id" varchar(128) not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "message_opt_out" add constraint "message_opt_out_unique" unique ("business_id", "channel", "external_id");`);

    this.addSql(`create table "processed_external_event" ("id" uuid not null, "business_id" uuid not null, "provider" varchar(32) not null, "event_id" varchar(255) not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "processed_external_event_created_idx" on "processed_external_event" ("created_at");`);
    this.addSql(`alter table "processed_external_event" add constraint "processed_external_event_unique" unique ("provider", "event_id");`);

    this.addSql(`create table "twilio_account" ("id" uuid not null, "business_id" uuid not null, "account_sid" varchar(34) not null, "auth_token_ciphertext" text not null, "sms_from" varchar(16) null, "whatsapp_from" varchar(16) null, "whatsapp_templates" jsonb not null default '{}', "active" boolean not null default true, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "twilio_account" add constraint "twilio_account_business_id_unique" unique ("business_id");`);
    this.addSql(`alter table "twilio_account" add constraint "twilio_account_sms_from_unique" unique ("sms_from");`);
    this.addSql(`alter table "twilio_account" add constraint "twilio_account_whatsapp_from_unique" unique ("whatsapp_from");`);

    this.addSql(`create table "staff_channel_identity" ("id" uuid not null, "business_id" uuid not null, "staff_id" uuid not null, "channel" text not null, "external_id" varchar(128) not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "staff_channel_identity" add constraint "staff_channel_identity_account_unique" unique ("business_id", "channel", "external_id");`);
    this.addSql(`alter table "staff_channel_identity" add constraint "staff_channel_identity_staff_channel_unique" unique ("staff_id", "channel");`);

    this.addSql(`create table "web_chat_message" ("seq" bigserial primary key, "business_id" uuid not null, "visitor_id" varchar(64) not null, "author" text not null, "body" jsonb not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "web_chat_message_visitor_idx" on "web_chat_message" ("business_id", "visitor_id", "seq");`);

    this.addSql(`create table "whatsapp_account" ("id" uuid not null, "business_id" uuid not null, "phone" varchar(16) null, "state" text not null default 'linking', "state_since" timestamptz not null, "last_error" text null, "creds" text null, "active" boolean not null default true, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "whatsapp_account" add constraint "whatsapp_account_business_id_unique" unique ("business_id");`);

    this.addSql(`create table "whatsapp_auth_key" ("id" uuid not null, "business_id" uuid not null, "account_id" uuid not null, "type" varchar(32) not null, "key_id" varchar(255) not null, "value" text not null, primary key ("id"));`);
    this.addSql(`alter table "whatsapp_auth_key" add constraint "whatsapp_auth_key_unique" unique ("account_id", "type", "key_id");`);

    // Today's Telegram links move into the per-channel identities before the column goes.
    this.addSql(`insert into "staff_channel_identity" ("id", "business_id", "staff_id", "channel", "external_id", "created_at") select gen_random_uuid(), "business_id", "id", 'telegram', "telegram_user_id", now() from "staff_member" where "telegram_user_id" is not null;`);
    this.addSql(`alter table "staff_member" drop constraint "staff_member_business_telegram_unique";`);
    this.addSql(`alter table "staff_member" drop column "telegram_user_id";`);

    this.addSql(`alter table "message_opt_out" add constraint "message_opt_out_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "message_opt_out" add constraint "message_opt_out_channel_check" check ("channel" in ('telegram', 'whatsapp', 'sms', 'webchat'));`);

    this.addSql(`alter table "processed_external_event" add constraint "processed_external_event_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);

    this.addSql(`alter table "twilio_account" add constraint "twilio_account_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);

    this.addSql(`alter table "staff_channel_identity" add constraint "staff_channel_identity_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "staff_channel_identity" add constraint "staff_channel_identity_staff_id_foreign" foreign key ("staff_id") references "staff_member" ("id") on delete cascade;`);
    this.addSql(`alter table "staff_channel_identity" add constraint "staff_channel_identity_channel_check" check ("channel" in ('telegram', 'whatsapp', 'sms', 'webchat'));`);

    this.addSql(`alter table "web_chat_message" add constraint "web_chat_message_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "web_chat_message" add constraint "web_chat_message_author_check" check ("author" in ('visitor', 'business'));`);

    this.addSql(`alter table "whatsapp_account" add constraint "whatsapp_account_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "whatsapp_account" add constraint "whatsapp_account_state_check" check ("state" in ('linking', 'connected', 'disconnected', 'logged_out'));`);

    this.addSql(`alter table "whatsapp_auth_key" add constraint "whatsapp_auth_key_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "whatsapp_auth_key" add constraint "whatsapp_auth_key_account_id_foreign" foreign key ("account_id") references "whatsapp_account" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "whatsapp_auth_key" drop constraint "whatsapp_auth_key_account_id_foreign";`);

    this.addSql(`alter table "staff_member" add "telegram_user_id" varchar(32) null;`);
    this.addSql(`update "staff_member" s set "telegram_user_id" = i."external_id" from "staff_channel_identity" i where i."staff_id" = s."id" and i."channel" = 'telegram';`);
    this.addSql(`alter table "staff_member" add constraint "staff_member_business_telegram_unique" unique ("business_id", "telegram_user_id");`);

    this.addSql(`drop table if exists "message_opt_out" cascade;`);
    this.addSql(`drop table if exists "processed_external_event" cascade;`);
    this.addSql(`drop table if exists "twilio_account" cascade;`);
    this.addSql(`drop table if exists "staff_channel_identity" cascade;`);
    this.addSql(`drop table if exists "web_chat_message" cascade;`);
    this.addSql(`drop table if exists "whatsapp_account" cascade;`);
    this.addSql(`drop table if exists "whatsapp_auth_key" cascade;`);

  }

}
