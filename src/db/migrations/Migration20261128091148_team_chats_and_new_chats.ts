import { Migration } from '@mikro-orm/migrations';

export class Migration20261128091148_team_chats_and_new_chats extends Migration {

  override name = 'Migration20261128091148_team_chats_and_new_chats';

  override up(): void | Promise<void> {
    this.addSql(`alter table "conversation" add "created_at" timestamptz not null default now();`);
    // Chats that existed before: not "new in the last minute" (the new-chats cap counts these).
    this.addSql(`update "conversation" set "created_at" = "updated_at";`);
    this.addSql(`create index "conversation_business_created_idx" on "conversation" ("business_id", "created_at");`);

    this.addSql(`alter table "team_chat" add "title" varchar(128) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "conversation_business_created_idx";`);
    this.addSql(`alter table "conversation" drop column "created_at";`);

    this.addSql(`alter table "team_chat" drop column "title";`);
  }

}
