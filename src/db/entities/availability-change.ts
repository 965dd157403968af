import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';

/**
 * One committed transaction that changed what a business can book: bookings' times and
 * statuses, hours, overrides, time off, calendar busy times, staff, services,
 * resources, the business's slot settings. Written only by triggers (migration
 * `availability_changes`) at commit, one row per transaction and business, so
 * concurrent bookings never wait on each other for it; read to tell whether anything
 * changed since a snapshot (`src/app/availability/availability-cache.ts`). Rows older
 * than a few minutes are pruned (a scan of a small table, so no index but the key): no
 * cached answer lives that long.
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
  },
});

/** An availability change row. */
export type AvailabilityChange = InferEntity<typeof AvailabilityChangeSchema>;
