import { Migration } from '@mikro-orm/migrations';

export class Migration20261128121840_panel_sessions extends Migration {

  override name = 'Migration20261128121840_panel_sessions';

  override up(): void | Promise<void> {
    this.addSql(`create table "unknown_sign_in" ("email" varchar(254) not null, "failed_sign_ins" int not null default 0, "locked_until" timestamptz null, "updated_at" timestamptz not null, primary key ("email"));`);

    this.addSql(`create table "panel_session" ("id" uuid not null, "user_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "panel_session_user_id_expires_at_index" on "panel_session" ("user_id", "expires_at");`);

    this.addSql(`alter table "panel_session" add constraint "panel_session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "unknown_sign_in" cascade;`);
    this.addSql(`drop table if exists "panel_session" cascade;`);
  }

}
