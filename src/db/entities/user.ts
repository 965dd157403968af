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
    /** Wrong passwords in a row since the last good sign-in (the lockout counts these). */
    failedSignIns: p.integer().default(0),
    /** Sign-ins are refused until then after too many wrong passwords. */
    lockedUntil: p.datetime().nullable(),
    /** Bumped by a password change or reset: every session signed in before it ends. */
    sessionVersion: p.integer().default(0),
    /** The panel's language for this user (null: the business's). */
    locale: p.string().length(8).nullable(),
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

/** What a one-time account link does. */
export const ACCOUNT_TOKEN_KINDS = ['password_reset', 'invitation'] as const;
/** A one-time link's purpose. */
export type AccountTokenKind = (typeof ACCOUNT_TOKEN_KINDS)[number];

/**
 * A one-time link: a password reset for a user, or an invitation to a business with a
 * role. Only the SHA-256 of the token is stored; the link itself is shown once.
 */
export const AccountTokenSchema = defineEntity({
  name: 'AccountToken',
  tableName: 'account_token',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    kind: p.enum(ACCOUNT_TOKEN_KINDS),
    tokenHash: p.string().length(64).unique(),
    user: () => p.manyToOne(UserSchema).ref().nullable().deleteRule('cascade'),
    business: () => p.manyToOne(BusinessSchema).ref().nullable().deleteRule('cascade'),
    email: p.string().length(254).nullable(),
    role: p.enum(MEMBERSHIP_ROLES).nullable(),
    createdBy: () => p.manyToOne(UserSchema).ref().nullable().deleteRule('set null'),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  checks: [
    {
      name: 'account_token_kind_fields',
      expression: "(kind = 'password_reset' and user_id is not null) or (kind = 'invitation' and business_id is not null and role is not null)",
    },
  ],
  indexes: [{ properties: ['business', 'kind'] }],
});

/** A one-time account link row. */
export type AccountToken = InferEntity<typeof AccountTokenSchema>;

/**
 * A signed-in panel session. The cookie names it; signing out deletes it, so a copy of
 * the cookie taken before is worth nothing after. Sessions of every web process live
 * here, in PostgreSQL.
 */
export const PanelSessionSchema = defineEntity({
  name: 'PanelSession',
  tableName: 'panel_session',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    user: () => p.manyToOne(UserSchema).ref().deleteRule('cascade'),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
  },
  indexes: [{ properties: ['user', 'expiresAt'] }],
});

/** A panel session row. */
export type PanelSession = InferEntity<typeof PanelSessionSchema>;

/**
 * Wrong sign-ins for an email no account has, counted like an account's own
 * (`app_user.failed_sign_ins`): a locked answer then says nothing about whether the
 * email has an account.
 */
export const UnknownSignInSchema = defineEntity({
  name: 'UnknownSignIn',
  tableName: 'unknown_sign_in',
  properties: {
    email: p.string().length(254).primary(),
    failedSignIns: p.integer().default(0),
    lockedUntil: p.datetime().nullable(),
    /** The last wrong try, by the use case's clock: rows a day old are forgotten. */
    updatedAt: p.datetime(),
  },
});

/** A row of wrong sign-ins for an unknown email. */
export type UnknownSignIn = InferEntity<typeof UnknownSignInSchema>;
