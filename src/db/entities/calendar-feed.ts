import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';
import { StaffMemberSchema } from './staff-member.ts';

/**
 * A private ICS feed URL: one staff member's bookings, or (no staff member) the whole
 * business's. The URL's secret token is found by its SHA-256 (`tokenHash`) and kept
 * sealed (`src/db/secret-box.ts`, bound to this row's id) so the panel can show the URL
 * again; rotating replaces both, and the old URL answers 404 from then on. `scopeKey` is
 * the staff member's id or `business`: one feed per scope.
 */
export const CalendarFeedSchema = defineEntity({
  name: 'CalendarFeed',
  tableName: 'calendar_feed',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    staffMember: () => p.manyToOne(StaffMemberSchema).ref().nullable().deleteRule('cascade'),
    scopeKey: p.string().length(40),
    /** Hex SHA-256 of the token in the URL. */
    tokenHash: p.string().length(64).unique('calendar_feed_token_hash_unique'),
    tokenCiphertext: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
    rotatedAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ name: 'calendar_feed_scope_unique', properties: ['business', 'scopeKey'] }],
});

/** A calendar feed row. */
export type CalendarFeed = InferEntity<typeof CalendarFeedSchema>;
