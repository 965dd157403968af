import { Migration } from '@mikro-orm/migrations';

export class Migration20261128222629_reschedule_any_specialist extends Migration {

  override name = 'Migration20261128222629_reschedule_any_specialist';

  override up(): void | Promise<void> {
    this.addSql(`alter table "business" add "reschedule_any_specialist" boolean not null default false;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "business" drop column "reschedule_any_specialist";`);
  }

}
