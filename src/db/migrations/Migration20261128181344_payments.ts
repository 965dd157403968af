import { Migration } from '@mikro-orm/migrations';

export class Migration20261128181344_payments extends Migration {

  override name = 'Migration20261128181344_payments';

  override up(): void | Promise<void> {
    this.addSql(`create table "payment_account" ("id" uuid not null, "business_id" uuid not null, "provider" text not null, "secret_ciphertext" text null, "webhook_secret_ciphertext" text null, "pay_link" text null, "billing_phone" varchar(16) null, "active" boolean not null default true, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "payment_account" add constraint "payment_account_business_provider_unique" unique ("business_id", "provider");`);

    this.addSql(`create table "payment" ("id" uuid not null, "business_id" uuid not null, "booking_id" uuid not null, "provider" text not null, "amount_minor" int not null, "currency" varchar(3) not null, "status" text not null default 'pending', "provider_payment_id" varchar(255) null, "provider_charge_id" varchar(255) null, "link" text null, "expires_at" timestamptz null, "paid_at" timestamptz null, "marked_paid_by" varchar(255) null, "refunded_minor" int not null default 0, "refund_due_minor" int not null default 0, "problem" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "payment_booking_idx" on "payment" ("booking_id");`);
    this.addSql(`create index "payment_business_created_idx" on "payment" ("business_id", "created_at");`);
    this.addSql(`alter table "payment" add constraint "payment_provider_id_unique" unique ("provider", "provider_payment_id");`);
    this.addSql(`create unique index "payment_one_pending_per_booking" on "payment" ("booking_id") where "status" = 'pending';`);

    this.addSql(`alter table "payment_account" add constraint "payment_account_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "payment_account" add constraint "payment_account_provider_check" check ("provider" in ('stripe', 'kaspi', 'cash'));`);

    this.addSql(`alter table "payment" add constraint "payment_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "payment" add constraint "payment_booking_id_foreign" foreign key ("booking_id") references "booking" ("id") on delete cascade;`);
    this.addSql(`alter table "payment" add constraint "payment_amounts_valid" check (amount_minor > 0 and refunded_minor >= 0 and refund_due_minor >= 0 and refunded_minor + refund_due_minor <= amount_minor);`);
    this.addSql(`alter table "payment" add constraint "payment_currency_upper" check (currency ~ '^[A-Z]{3}\$');`);
    this.addSql(`alter table "payment" add constraint "payment_provider_check" check ("provider" in ('stripe', 'kaspi', 'cash'));`);
    this.addSql(`alter table "payment" add constraint "payment_status_check" check ("status" in ('pending', 'paid', 'failed', 'expired', 'refunded', 'partially_refunded', 'flagged'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "payment_account" cascade;`);
    this.addSql(`drop table if exists "payment" cascade;`);
  }

}
