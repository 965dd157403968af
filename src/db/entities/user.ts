import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';

/** A person who signs in to the web panel. Users are global; memberships tie them to businesses. */
export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    email: p.string().length(254).unique(),
    name: p.string().length(200),
    passwordHash: p.string().length(255).hidden(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  checks: [{ name: 'app_user_email_lowercase', expression: 'email = lower(email)' }],
});

/** A web-panel user. */
export type User = InferEntity<typeof UserSchema>;

/** Roles in a business, from most to least powerful. */
export const MEMBERSHIP_ROLES = ['owner', 'admin', 'manager', 'staff'] as const;
/** What a user may do in one business. */
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

/** A user's role in one business. */
export const MembershipSchema = defineEntity({
  name: 'Membership',
  tableName: 'membership',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    user: () => p.manyToOne(UserSchema).ref().deleteRule('cascade'),
    role: p.enum(MEMBERSHIP_ROLES),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['business', 'user'] }],
});

/** A membership row. */
export type Membership = InferEntity<typeof MembershipSchema>;
