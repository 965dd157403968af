import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';
import { ServiceSchema } from './service.ts';
import { UserSchema } from './user.ts';

/** A specialist customers can book: a stylist, a doctor, a tutor. */
export const StaffMemberSchema = defineEntity({
  name: 'StaffMember',
  tableName: 'staff_member',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    /** The panel account of this person, when they have one. */
    user: () => p.manyToOne(UserSchema).ref().nullable().deleteRule('set null'),
    name: p.string().length(200),
    /** The name in other languages (`{ kk: { name } }`), like a service's; missing ones fall back to `name`. */
    translations: p.json<Record<string, { name?: string }>>().defaultRaw("'{}'").onCreate((s) => s.translations ?? {}),
    /** A line or two customers see when choosing a specialist. */
    bio: p.string().length(500).default(''),
    photo: p.blob().nullable().lazy(),
    photoType: p.string().length(32).nullable(),
    /** Bumped to rotate the staff member's `/iam` link code. */
    linkCodeVersion: p.integer().default(0),
    /** IANA zone of this person's hours; the business's zone when null. */
    timeZone: p.string().length(64).nullable(),
    /** At most this many bookings a day, when set. */
    dailyBookingCap: p.integer().nullable(),
    active: p.boolean().default(true),
    position: p.integer().default(0),
    services: () => p.manyToMany(ServiceSchema).pivotTable('staff_member_service'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  checks: [{ name: 'staff_member_daily_cap_positive', expression: 'daily_booking_cap is null or daily_booking_cap >= 1' }],
  indexes: [{ properties: ['business', 'position'] }],
});

/** A staff member row. */
export type StaffMember = InferEntity<typeof StaffMemberSchema>;
