import { Migration } from '@mikro-orm/migrations';

export class Migration20261128082025_waitlist_offer_due extends Migration {

  override name = 'Migration20261128082025_waitlist_offer_due';

  override up(): void | Promise<void> {
    this.addSql(`alter table "booking" add "waitlist_offer_due" boolean not null default false;`);
    this.addSql(`create index booking_waitlist_offer_due_idx on booking (business_id) where waitlist_offer_due;`);

    this.addSql(`alter table "waitlist_entry" add "source" text not null default 'admin';`);
    this.addSql(`alter table "waitlist_entry" add constraint "waitlist_entry_source_check" check ("source" in ('telegram', 'whatsapp', 'sms', 'webchat', 'admin', 'api'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "booking_waitlist_offer_due_idx";`);
    this.addSql(`alter table "booking" drop column "waitlist_offer_due";`);

    this.addSql(`alter table "waitlist_entry" drop constraint "waitlist_entry_source_check";`);
    this.addSql(`alter table "waitlist_entry" drop column "source";`);
  }

}
