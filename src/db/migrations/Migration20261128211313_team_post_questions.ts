import { Migration } from '@mikro-orm/migrations';

export class Migration20261128211313_team_post_questions extends Migration {

  override name = 'Migration20261128211313_team_post_questions';

  override up(): void | Promise<void> {
    this.addSql(`alter table "chat_relay" add "asks" text null;`);
    this.addSql(`create index "chat_relay_booking_idx" on "chat_relay" ("booking_id");`);
    this.addSql(`alter table "chat_relay" add constraint "chat_relay_asks_check" check ("asks" in ('cancel_reason'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "chat_relay_booking_idx";`);
    this.addSql(`alter table "chat_relay" drop constraint "chat_relay_asks_check";`);
    this.addSql(`alter table "chat_relay" drop column "asks";`);
  }

}
