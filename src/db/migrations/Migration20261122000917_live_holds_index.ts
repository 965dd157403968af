import { Migration } from '@mikro-orm/migrations';

export class Migration20261122000917_live_holds_index extends Migration {

  override name = 'Migration20261122000917_live_holds_index';

  override up(): void | Promise<void> {
    this.addSql(`create index booking_live_holds_idx on booking (business_id, hold_expires_at) where status = 'held';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "booking_live_holds_idx";`);
  }

}
