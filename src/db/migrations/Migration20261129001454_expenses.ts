import { Migration } from '@mikro-orm/migrations';

export class Migration20261129001454_expenses extends Migration {

  override name = 'Migration20261129001454_expenses';

  override up(): void | Promise<void> {
    this.addSql(`create table "expense" ("id" uuid not null, "business_id" uuid not null, "category" varchar(60) not null, "amount_minor" int not null, "currency" varchar(3) not null, "spent_on" date not null, "note" varchar(500) not null default '', "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "expense_business_spent_idx" on "expense" ("business_id", "spent_on");`);

    this.addSql(`alter table "expense" add constraint "expense_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "expense" add constraint "expense_amount_nonnegative" check (amount_minor >= 0);`);
    this.addSql(`alter table "expense" add constraint "expense_currency_upper" check (currency ~ '^[A-Z]{3}\$');`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "expense" cascade;`);
  }

}
