import { Migration } from '@mikro-orm/migrations';

export class Migration20261129010903_calendar_feeds extends Migration {

  override name = 'Migration20261129010903_calendar_feeds';

  override up(): void | Promise<void> {
    this.addSql(`create table "calendar_feed" ("id" uuid not null, "business_id" uuid not null, "staff_member_id" uuid null, "scope_key" varchar(40) not null, "token_hash" varchar(64) not null, "token_ciphertext" text not null, "created_at" timestamptz not null, "rotated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "calendar_feed" add constraint "calendar_feed_token_hash_unique" unique ("token_hash");`);
    this.addSql(`alter table "calendar_feed" add constraint "calendar_feed_scope_unique" unique ("business_id", "scope_key");`);

    this.addSql(`alter table "calendar_feed" add constraint "calendar_feed_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "calendar_feed" add constraint "calendar_feed_staff_member_id_foreign" foreign key ("staff_member_id") references "staff_member" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "calendar_feed" cascade;`);
  }

}
