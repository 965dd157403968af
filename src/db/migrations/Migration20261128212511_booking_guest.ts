import { Migration } from '@mikro-orm/migrations';

export class Migration20261128212511_booking_guest extends Migration {

  override name = 'Migration20261128212511_booking_guest';

  override up(): void | Promise<void> {
    this.addSql(`alter table "booking" add "guest_name" varchar(100) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "booking" drop column "guest_name";`);
  }

}
