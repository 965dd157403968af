import { Migration } from '@mikro-orm/migrations';

export class Migration20261128214617_booking_series extends Migration {

  override name = 'Migration20261128214617_booking_series';

  override up(): void | Promise<void> {
    this.addSql(`alter table "booking" add "series_id" uuid null;`);
    this.addSql(`create index booking_series_idx on booking (business_id, series_id, starts_at) where series_id is not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "booking_series_idx";`);
    this.addSql(`alter table "booking" drop column "series_id";`);
  }

}
