import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';

/** Who did something: a customer in a chat, a panel user, or the system (a job). */
export const ACTOR_KINDS = ['customer', 'user', 'system'] as const;

/** An append-only record of a change: who, what, to which row, with details. */
export const AuditEntrySchema = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_entry',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    actorKind: p.enum(ACTOR_KINDS),
    actorId: p.string().length(64).nullable(),
    /** Dotted verb, e.g. `booking.cancelled`. */
    action: p.string().length(64),
    entityType: p.string().length(64),
    entityId: p.string().length(64),
    details: p.json<Record<string, unknown>>().defaultRaw("'{}'"),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  // The second serves the panel's log, newest first (`audit-sql.ts`).
  indexes: [{ properties: ['business', 'entityType', 'entityId'] }, { properties: ['business', 'createdAt'] }],
});

/** An audit-log row. */
export type AuditEntry = InferEntity<typeof AuditEntrySchema>;
