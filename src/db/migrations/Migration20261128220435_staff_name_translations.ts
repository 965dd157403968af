import { Migration } from '@mikro-orm/migrations';

export class Migration20261128220435_staff_name_translations extends Migration {

  override name = 'Migration20261128220435_staff_name_translations';

  override up(): void | Promise<void> {
    this.addSql(`alter table "staff_member" add "translations" jsonb not null default '{}';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "staff_member" drop column "translations";`);
  }

}
