import { Migration } from '@mikro-orm/migrations';

export class Migration20261128213829_booking_attendance extends Migration {

  override name = 'Migration20261128213829_booking_attendance';

  override up(): void | Promise<void> {
    this.addSql(`alter table "booking" add "attendance_confirmed_at" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "booking" drop column "attendance_confirmed_at";`);
  }

}
