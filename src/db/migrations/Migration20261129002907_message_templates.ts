import { Migration } from '@mikro-orm/migrations';

export class Migration20261129002907_message_templates extends Migration {

  override name = 'Migration20261129002907_message_templates';

  override up(): void | Promise<void> {
    this.addSql(`create table "message_template" ("id" uuid not null, "business_id" uuid not null, "key" varchar(64) not null, "language" varchar(8) not null, "body" varchar(1000) not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "message_template" add constraint "message_template_business_key_language_unique" unique ("business_id", "key", "language");`);

    this.addSql(`alter table "business" add "message_templates_changed_at" timestamptz null;`);

    this.addSql(`alter table "message_template" add constraint "message_template_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade;`);
    this.addSql(`alter table "message_template" add constraint "message_template_language" check (language in ('en', 'ru', 'uk', 'kk'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "message_template" cascade;`);

    this.addSql(`alter table "business" drop column "message_templates_changed_at";`);
  }

}
