import { Migration } from '@mikro-orm/migrations';

export class Migration20261122031113_team_chat_recent_events extends Migration {

  override name = 'Migration20261122031113_team_chat_recent_events';

  override up(): void | Promise<void> {
    this.addSql(`alter table "team_chat" add "recent_events" text[] not null default '{}';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "team_chat" drop column "recent_events";`);
  }

}
