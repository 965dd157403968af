import { Migration } from '@mikro-orm/migrations';

export class Migration20261129021458_booking_page_source extends Migration {

  override name = 'Migration20261129021458_booking_page_source';

  override up(): void | Promise<void> {
    this.addSql(`alter table "booking" drop constraint "booking_source_check";`);
    this.addSql(`alter table "booking" add constraint "booking_source_check" check ("source" in ('telegram', 'whatsapp', 'sms', 'webchat', 'admin', 'api', 'page'));`);

    this.addSql(`alter table "waitlist_entry" drop constraint "waitlist_entry_source_check";`);
    this.addSql(`alter table "waitlist_entry" add constraint "waitlist_entry_source_check" check ("source" in ('telegram', 'whatsapp', 'sms', 'webchat', 'admin', 'api', 'page'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "booking" drop constraint "booking_source_check";`);
    this.addSql(`alter table "booking" add constraint "booking_source_check" check ("source" in ('telegram', 'whatsapp', 'sms', 'webchat', 'admin', 'api'));`);

    this.addSql(`alter table "waitlist_entry" drop constraint "waitlist_entry_source_check";`);
    this.addSql(`alter table "waitlist_entry" add constraint "waitlist_entry_source_check" check ("source" in ('telegram', 'whatsapp', 'sms', 'webchat', 'admin', 'api'));`);
  }

}
