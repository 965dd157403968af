import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';

/**
 * One committed transaction that changed what a business can book: bookings' times and
 * statuses, hours, overrides, time off, calendar busy times, staff, services,
 * resources, the business's slot settings. Written only by triggers (migration
 * `availability_changes`) at commit, one row per transaction and business, so
 * concurrent bookings never wait on each other for it; read to tell whether anything
 * changed since a snapshot (`src/app/availability/availability-cache.ts`). Rows older
 * than a few minutes are pruned: no cached answer lives that long. Schedule changes
 * have their own partial index: a booking's guard asks only for those, while bookings
 * log a row each.
 */
export const AvailabilityChangeSchema = defineEntity({
  name: 'AvailabilityChange',
  tableName: 'availability_change',
  properties: {
    // No foreign key: the row is written at commit, after a cascading delete of the
    // business may have removed it; pruning removes such rows like any other.
    business: () => p.manyToOne(BusinessSchema).ref().primary().createForeignKeyConstraint(false),
    /** The changing transaction's id (`pg_current_xact_id()`). */
    xid: p.bigint('number').primary(),
    changedAt: p.datetime(),
    /**
     * The change touched the schedule (hours, overrides, time off, calendar busy times,
     * staff, services, resources, slot settings), not only bookings: a booking checked
     * against schedule facts read before stands only while no such row came since.
     */
    schedule: p.boolean().default(true),
  },
  indexes: [
    {
      name: 'availability_change_schedule_idx',
      expression: 'create index "availability_change_schedule_idx" on "availability_change" ("business_id", "xid") where schedule',
    },
  ],
});

/** An availability change row. */
export type AvailabilityChange = InferEntity<typeof AvailabilityChangeSchema>;
