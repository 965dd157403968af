import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';
import { StaffMemberSchema } from './staff-member.ts';

/**
 * One working interval on one ISO weekday (1 = Monday … 7 = Sunday), in minutes from
 * local midnight in the staff member's (or business's) zone. Several rows per weekday
 * make a day with breaks (09:00–13:00 and 14:00–18:00). A row without a staff member
 * is the business's opening hours.
 */
export const WorkingHoursSchema = defineEntity({
  name: 'WorkingHours',
  tableName: 'working_hours',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    staffMember: () => p.manyToOne(StaffMemberSchema).ref().nullable().deleteRule('cascade'),
    weekday: p.smallint(),
    startMinute: p.smallint(),
    endMinute: p.smallint(),
  },
  checks: [
    { name: 'working_hours_weekday_range', expression: 'weekday >= 1 and weekday <= 7' },
    { name: 'working_hours_minutes_range', expression: 'start_minute >= 0 and end_minute <= 1440 and start_minute < end_minute' },
  ],
  indexes: [{ properties: ['business', 'staffMember', 'weekday'] }],
});

/** A working-hours row. */
export type WorkingHours = InferEntity<typeof WorkingHoursSchema>;

/** A local interval inside one day, in minutes from midnight. */
export interface LocalMinuteInterval {
  startMinute: number;
  endMinute: number;
}

/**
 * Hours for one local date that replace the weekly hours (a holiday, a short day,
 * an extra Sunday). An empty interval list means closed that day.
 */
export const DateOverrideSchema = defineEntity({
  name: 'DateOverride',
  tableName: 'date_override',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    staffMember: () => p.manyToOne(StaffMemberSchema).ref().nullable().deleteRule('cascade'),
    /** Local calendar date, YYYY-MM-DD. */
    date: p.date(),
    intervals: p.json<LocalMinuteInterval[]>(),
    note: p.string().length(200).default(''),
  },
  uniques: [
    {
      name: 'date_override_business_staff_date_unique',
      expression:
        "create unique index date_override_business_staff_date_unique on date_override (business_id, coalesce(staff_member_id, '00000000-0000-0000-0000-000000000000'::uuid), date)",
    },
  ],
});

/** A date-override row. */
export type DateOverride = InferEntity<typeof DateOverrideSchema>;

/**
 * An absence in absolute time: a vacation, a sick day, a closed afternoon. Without a
 * staff member it closes the whole business.
 */
export const TimeOffSchema = defineEntity({
  name: 'TimeOff',
  tableName: 'time_off',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    staffMember: () => p.manyToOne(StaffMemberSchema).ref().nullable().deleteRule('cascade'),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    reason: p.string().length(200).default(''),
  },
  checks: [{ name: 'time_off_range_valid', expression: 'starts_at < ends_at' }],
  indexes: [{ properties: ['business', 'startsAt'] }],
});

/** A time-off row. */
export type TimeOff = InferEntity<typeof TimeOffSchema>;
