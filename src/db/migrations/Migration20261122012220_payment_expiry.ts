import { Migration } from '@mikro-orm/migrations';

export class Migration20261122012220_payment_expiry extends Migration {

  override name = 'Migration20261122012220_payment_expiry';

  override up(): void | Promise<void> {
    this.addSql(`alter table "business" drop constraint "business_policy_ranges";`);
    this.addSql(`alter table "business" add "payment_minutes" int not null default 60;`);
    this.addSql(`alter table "business" add constraint "business_policy_ranges" check (min_notice_minutes >= 0 and booking_horizon_days >= 1 and booking_horizon_days <= 730 and slot_step_minutes >= 5 and slot_step_minutes <= 1440 and hold_minutes >= 1 and hold_minutes <= 1440 and waitlist_offer_minutes >= 5 and waitlist_offer_minutes <= 1440 and payment_minutes >= 5 and payment_minutes <= 10080 and cancel_cutoff_minutes >= 0 and reschedule_cutoff_minutes >= 0);`);

    this.addSql(`alter table "booking" add "payment_due_at" timestamptz null;`);
    this.addSql(`create index booking_payment_due_idx on booking (business_id, payment_due_at) where status = 'pending' and awaiting = 'payment';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "booking_payment_due_idx";`);
    this.addSql(`alter table "booking" drop column "payment_due_at";`);

    this.addSql(`alter table "business" drop constraint "business_policy_ranges";`);
    this.addSql(`alter table "business" drop column "payment_minutes";`);
    this.addSql(`alter table "business" add constraint "business_policy_ranges" check ((min_notice_minutes >= 0) AND (booking_horizon_days >= 1) AND (booking_horizon_days <= 730) AND (slot_step_minutes >= 5) AND (slot_step_minutes <= 1440) AND (hold_minutes >= 1) AND (hold_minutes <= 1440) AND (waitlist_offer_minutes >= 5) AND (waitlist_offer_minutes <= 1440) AND (cancel_cutoff_minutes >= 0) AND (reschedule_cutoff_minutes >= 0));`);
  }

}
