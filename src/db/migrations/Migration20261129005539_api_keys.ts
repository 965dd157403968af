import { Migration } from '@mikro-orm/migrations';

export class Migration20261129005539_api_keys extends Migration {

  override name = 'Migration20261129005539_api_keys';

  override up(): void | Promise<void> {
    this.addSql(`create table "api_idempotency" ("id" uuid not null, "business_id" uuid not null, "key" varchar(255) not null, "route" varchar(300) not null, "request_hash" varchar(64) not null, "status" int null, "response_body" text null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "api_idempotency_business_created_idx" on "api_idempotency" ("business_id", "created_at");`);
    this.addSql(`alter table "api_idempotency" add constraint "api_idempotency_key_unique" unique ("business_id", "key");`);

    this.addSql(`create table "api_key" ("id" uuid not null, "business_id" uuid not null, "name" varchar(80) not null, "prefix" varchar(24) not null, "hash" varchar(64) not null, "scope" text not null, "created_by_id" uuid null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "api_key" add constraint "api_key_hash_unique" unique ("hash");`);
    this.addSql(`create index "api_key_business_idx" on "api_key" ("business_id", "created_at");`);

    this.addSql(`alter table "api_idempotency" add constraint "api_idempotency_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);

    this.addSql(`alter table "api_key" add constraint "api_key_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "api_key" add constraint "api_key_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`alter table "api_key" add constraint "api_key_scope_check" check ("scope" in ('read', 'write'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "api_idempotency" cascade;`);
    this.addSql(`drop table if exists "api_key" cascade;`);
  }

}
