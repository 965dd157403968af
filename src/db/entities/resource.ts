import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';

/** Whether a resource can be booked now. */
export const RESOURCE_STATUSES = ['available', 'maintenance'] as const;

/** A room, chair or piece of equipment that some services need. */
export const ResourceSchema = defineEntity({
  name: 'Resource',
  tableName: 'resource',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    name: p.string().length(200),
    /** Matches `Service.requiresResourceKind`. */
    kind: p.string().length(64),
    capacity: p.integer().default(1),
    status: p.enum(RESOURCE_STATUSES).default('available'),
    /** Why it is out of service, and until when (shown to the team). */
    maintenanceNote: p.string().length(200).default(''),
    maintenanceUntil: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  checks: [{ name: 'resource_capacity_positive', expression: 'capacity >= 1' }],
  indexes: [{ properties: ['business', 'kind'] }],
});

/** A resource row. */
export type Resource = InferEntity<typeof ResourceSchema>;
