import { Migration } from '@mikro-orm/migrations';

export class Migration20261129005548_customer_email_delivery extends Migration {

  override name = 'Migration20261129005548_customer_email_delivery';

  override up(): void | Promise<void> {
    this.addSql(`alter table "customer" add "email_opt_out" boolean not null default false, add "email_bounced_at" timestamptz null;`);

    this.addSql(`alter table "outbox_delivery" drop constraint "outbox_delivery_channel_check";`);
    this.addSql(`alter table "outbox_delivery" add constraint "outbox_delivery_channel_check" check ("channel" in ('telegram', 'whatsapp', 'sms', 'webchat', 'email'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "customer" drop column "email_opt_out", drop column "email_bounced_at";`);

    this.addSql(`alter table "outbox_delivery" drop constraint "outbox_delivery_channel_check";`);
    this.addSql(`alter table "outbox_delivery" add constraint "outbox_delivery_channel_check" check ("channel" in ('telegram', 'whatsapp', 'sms', 'webchat'));`);
  }

}
