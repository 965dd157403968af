import { Migration } from '@mikro-orm/migrations';

export class Migration20261128212021_business_about extends Migration {

  override name = 'Migration20261128212021_business_about';

  override up(): void | Promise<void> {
    this.addSql(`alter table "business" add "location" varchar(32) not null default '', add "description" varchar(500) not null default '';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "business" drop column "location", drop column "description";`);
  }

}
