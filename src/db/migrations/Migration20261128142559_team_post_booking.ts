import { Migration } from '@mikro-orm/migrations';

export class Migration20261128142559_team_post_booking extends Migration {

  override name = 'Migration20261128142559_team_post_booking';

  override up(): void | Promise<void> {
    this.addSql(`alter table "chat_relay" add "booking_id" uuid null;`);
    this.addSql(`alter table "chat_relay" add constraint "chat_relay_booking_id_foreign" foreign key ("booking_id") references "booking" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "chat_relay" drop constraint "chat_relay_booking_id_foreign";`);

    this.addSql(`alter table "chat_relay" drop column "booking_id";`);
  }

}
