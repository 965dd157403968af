import { Migration } from '@mikro-orm/migrations';

export class Migration20261128214226_booking_campaign extends Migration {

  override name = 'Migration20261128214226_booking_campaign';

  override up(): void | Promise<void> {
    this.addSql(`alter table "booking" add "campaign" varchar(32) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "booking" drop column "campaign";`);
  }

}
