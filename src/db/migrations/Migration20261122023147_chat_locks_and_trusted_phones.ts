import { Migration } from '@mikro-orm/migrations';

export class Migration20261122023147_chat_locks_and_trusted_phones extends Migration {

  override name = 'Migration20261122023147_chat_locks_and_trusted_phones';

  override up(): void | Promise<void> {
    this.addSql(`alter table "conversation" add "locked_until" timestamptz null, add "locked_by" varchar(64) null, add "recent_events" text[] not null default '{}';`);

    this.addSql(`alter table "customer" add "phone_trusted" boolean not null default true;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "conversation" drop column "locked_until", drop column "locked_by", drop column "recent_events";`);

    this.addSql(`alter table "customer" drop column "phone_trusted";`);
  }

}
