import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';

/** How a service's deposit is computed. */
export const DEPOSIT_KINDS = ['none', 'percent', 'fixed'] as const;

/**
 * Something customers book: a haircut, a consultation, a lesson, a room for an hour.
 * Prices are integer minor units (tiyn, kopiyka, cent) in `currency`.
 */
export const ServiceSchema = defineEntity({
  name: 'Service',
  tableName: 'service',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    name: p.string().length(200),
    description: p.text().default(''),
    /** Name and description in other languages (`{ ru: { name, description } }`); missing ones fall back to the main ones. */
    translations: p.json<Record<string, { name?: string; description?: string }>>().defaultRaw("'{}'").onCreate((s) => s.translations ?? {}),
    durationMinutes: p.integer(),
    priceMinor: p.integer(),
    currency: p.string().length(3),
    bufferBeforeMinutes: p.integer().default(0),
    bufferAfterMinutes: p.integer().default(0),
    /** Seats per session; more than one makes it a group service. */
    capacity: p.integer().default(1),
    /** Kind of resource (room, chair, equipment) each booking needs, if any. */
    requiresResourceKind: p.string().length(64).nullable(),
    depositKind: p.enum(DEPOSIT_KINDS).default('none'),
    /** Percent (0-100) or minor units, depending on `depositKind`. */
    depositValue: p.integer().default(0),
    requiresApproval: p.boolean().default(false),
    active: p.boolean().default(true),
    position: p.integer().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  checks: [
    { name: 'service_duration_range', expression: 'duration_minutes >= 5 and duration_minutes <= 1440' },
    { name: 'service_price_nonnegative', expression: 'price_minor >= 0' },
    { name: 'service_buffers_range', expression: 'buffer_before_minutes >= 0 and buffer_before_minutes <= 720 and buffer_after_minutes >= 0 and buffer_after_minutes <= 720' },
    { name: 'service_capacity_positive', expression: 'capacity >= 1' },
    {
      name: 'service_deposit_valid',
      expression:
        "(deposit_kind = 'none' and deposit_value = 0) or (deposit_kind = 'percent' and deposit_value >= 1 and deposit_value <= 100) or (deposit_kind = 'fixed' and deposit_value > 0)",
    },
  ],
  indexes: [{ properties: ['business', 'position'] }],
});

/** A service row. */
export type Service = InferEntity<typeof ServiceSchema>;
