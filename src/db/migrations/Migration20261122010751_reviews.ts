import { Migration } from '@mikro-orm/migrations';

export class Migration20261122010751_reviews extends Migration {

  override name = 'Migration20261122010751_reviews';

  override up(): void | Promise<void> {
    this.addSql(`create table "review" ("id" uuid not null, "business_id" uuid not null, "booking_id" uuid not null, "customer_id" uuid not null, "staff_member_id" uuid not null, "rating" smallint not null, "comment" text not null default '', "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "review" add constraint "review_booking_id_unique" unique ("booking_id");`);
    this.addSql(`create index "review_staff_idx" on "review" ("business_id", "staff_member_id", "created_at");`);

    this.addSql(`alter table "review" add constraint "review_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "review" add constraint "review_booking_id_foreign" foreign key ("booking_id") references "booking" ("id") on delete cascade;`);
    this.addSql(`alter table "review" add constraint "review_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on delete cascade;`);
    this.addSql(`alter table "review" add constraint "review_staff_member_id_foreign" foreign key ("staff_member_id") references "staff_member" ("id") on delete cascade;`);
    this.addSql(`alter table "review" add constraint "review_rating_range" check (rating >= 1 and rating <= 5);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "review" cascade;`);
  }

}
