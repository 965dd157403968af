import { Migration } from '@mikro-orm/migrations';

export class Migration20261128214700_customer_notification_settings extends Migration {

  override name = 'Migration20261128214700_customer_notification_settings';

  override up(): void | Promise<void> {
    this.addSql(`alter table "customer" add "reminders_off" boolean not null default false, add "follow_ups_off" boolean not null default false, add "notify_channel" varchar(16) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "customer" drop column "reminders_off", drop column "follow_ups_off", drop column "notify_channel";`);
  }

}
