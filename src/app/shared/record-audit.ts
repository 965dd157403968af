import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntrySchema } from '../../db/entities/index.ts';
import { actorId, type Actor } from './use-case-context.ts';

/** One entry of the audit log: who did what to which thing. */
export interface AuditFact {
  businessId: string | { id: string };
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  details?: Record<string, unknown>;
}

/** An audit entry's row, by the entity's property names (the business by id). */
export interface AuditRow {
  id: string;
  business: string;
  actorKind: 'customer' | 'user' | 'system';
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  details: Record<string, unknown>;
  createdAt: Date;
}

/**
 * The row of an audit entry, dated by the use case's clock (the one windows such as
 * "wrong promo codes in 15 minutes" are measured on). A business actor who acted from
 * the team chat is recorded by staff member too.
 */
export function auditRow(now: number, fact: AuditFact): AuditRow {
  const actor = fact.actor;
  return {
    id: randomUUID(),
    business: typeof fact.businessId === 'string' ? fact.businessId : fact.businessId.id,
    actorKind: actor.kind === 'business' ? 'user' : actor.kind,
    actorId: actorId(actor),
    action: fact.action,
    entityType: fact.entityType,
    entityId: fact.entityId,
    details: actor.kind === 'business' && actor.staffId ? { ...fact.details, staffId: actor.staffId } : (fact.details ?? {}),
    createdAt: new Date(now),
  };
}

/** Adds an audit entry ({@link auditRow}) in the caller's transaction. Returns its id. */
export function recordAudit(em: EntityManager, now: number, fact: AuditFact): string {
  const row = auditRow(now, fact);
  em.create(AuditEntrySchema, row);
  return row.id;
}
