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

/**
 * Adds an audit entry in the caller's transaction, dated by the use case's clock (the
 * one windows such as "wrong promo codes in 15 minutes" are measured on). A business
 * actor who acted from the team chat is recorded by staff member too. Returns its id.
 */
export function recordAudit(em: EntityManager, now: number, fact: AuditFact): string {
  const id = randomUUID();
  const actor = fact.actor;
  const details = actor.kind === 'business' && actor.staffId ? { ...fact.details, staffId: actor.staffId } : (fact.details ?? {});
  em.create(AuditEntrySchema, {
    id,
    business: typeof fact.businessId === 'string' ? fact.businessId : fact.businessId.id,
    actorKind: actor.kind === 'business' ? 'user' : actor.kind,
    actorId: actorId(actor),
    action: fact.action,
    entityType: fact.entityType,
    entityId: fact.entityId,
    details,
    createdAt: new Date(now),
  });
  return id;
}
