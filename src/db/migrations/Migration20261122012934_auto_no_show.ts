import { Migration } from '@mikro-orm/migrations';

export class Migration20261122012934_auto_no_show extends Migration {

  override name = 'Migration20261122012934_auto_no_show';

  override up(): void | Promise<void> {
    this.addSql(`alter table "business" drop constraint "business_policy_ranges";`);
    this.addSql(`alter table "business" add "auto_no_show_after_minutes" int null;`);
    this.addSql(`alter table "business" add constraint "business_policy_ranges" check (min_notice_minutes >= 0 and booking_horizon_days >= 1 and booking_horizon_days <= 730 and slot_step_minutes >= 5 and slot_step_minutes <= 1440 and hold_minutes >= 1 and hold_minutes <= 1440 and waitlist_offer_minutes >= 5 and waitlist_offer_minutes <= 1440 and payment_minutes >= 5 and payment_minutes <= 10080 and (auto_no_show_after_minutes is null or (auto_no_show_after_minutes >= 0 and auto_no_show_after_minutes <= 10080)) and cancel_cutoff_minutes >= 0 and reschedule_cutoff_minutes >= 0);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "business" drop constraint "business_policy_ranges";`);
    this.addSql(`alter table "business" drop column "auto_no_show_after_minutes";`);
    this.addSql(`alter table "business" add constraint "business_policy_ranges" check ((min_notice_minutes >= 0) AND (booking_horizon_days >= 1) AND (booking_horizon_days <= 730) AND (slot_step_minutes >= 5) AND (slot_step_minutes <= 1440) AND (hold_minutes >= 1) AND (hold_minutes <= 1440) AND (waitlist_offer_minutes >= 5) AND (waitlist_offer_minutes <= 1440) AND (payment_minutes >= 5) AND (payment_minutes <= 10080) AND (cancel_cutoff_minutes >= 0) AND (reschedule_cutoff_minutes >= 0));`);
  }

}
