import { Migration } from '@mikro-orm/migrations';

export class Migration20261129001408_desk_updated_indexes extends Migration {

  override name = 'Migration20261129001408_desk_updated_indexes';

  override up(): void | Promise<void> {
    this.addSql(`create index "booking_business_updated_idx" on "booking" ("business_id", "updated_at");`);

    this.addSql(`create index "payment_business_updated_idx" on "payment" ("business_id", "updated_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "booking_business_updated_idx";`);

    this.addSql(`drop index "payment_business_updated_idx";`);
  }

}
