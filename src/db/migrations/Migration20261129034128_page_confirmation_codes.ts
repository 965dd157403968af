import { Migration } from '@mikro-orm/migrations';

export class Migration20261129034128_page_confirmation_codes extends Migration {

  override name = 'Migration20261129034128_page_confirmation_codes';

  override up(): void | Promise<void> {
    this.addSql(`create table "page_confirmation_code" ("id" uuid not null, "business_id" uuid not null, "customer_id" uuid not null, "booking_id" uuid not null, "phone" varchar(16) not null, "channel" text not null, "address" varchar(254) not null, "code_hash" varchar(64) not null, "attempts" int not null default 0, "expires_at" timestamptz not null, "used_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "page_confirmation_code_booking_idx" on "page_confirmation_code" ("business_id", "booking_id", "created_at");`);

    this.addSql(`alter table "page_confirmation_code" add constraint "page_confirmation_code_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "page_confirmation_code" add constraint "page_confirmation_code_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on delete cascade;`);
    this.addSql(`alter table "page_confirmation_code" add constraint "page_confirmation_code_booking_id_foreign" foreign key ("booking_id") references "booking" ("id") on delete cascade;`);
    this.addSql(`alter table "page_confirmation_code" add constraint "page_confirmation_code_channel_check" check ("channel" in ('sms', 'email'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "page_confirmation_code" cascade;`);
  }

}
