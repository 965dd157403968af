import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BusinessSchema, MembershipSchema, type Membership, type MembershipRole } from '../../db/entities/index.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';

/**
 * Locks the business's row until the transaction ends: team changes (roles, removals,
 * joins) of one business happen one after another, so two owners demoting each other at
 * once cannot leave the business without an owner.
 */
export async function lockTeam(em: EntityManager, businessId: string): Promise<void> {
  await em.findOneOrFail(BusinessSchema, { id: businessId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
}

/**
 * The role of the user acting in the business (read from the database, not taken from
 * the caller), or null when they are not a member. `em` is scoped to the business.
 */
export async function actorRole(em: EntityManager, userId: string): Promise<MembershipRole | null> {
  const membership = await em.findOne(MembershipSchema, { user: Id.parse(userId) });
  return membership?.role ?? null;
}

/** A membership of the business by id; another business's id is not found. `em` is scoped to the business. */
export async function memberById(em: EntityManager, membershipId: unknown): Promise<Membership> {
  const id = Id.safeParse(membershipId);
  const membership = id.success ? await em.findOne(MembershipSchema, { id: id.data }, { populate: ['user'] }) : null;
  if (!membership) throw new NotFound('member');
  return membership;
}

/** How many owners the business has. */
export function countOwners(em: EntityManager): Promise<number> {
  return em.count(MembershipSchema, { role: 'owner' });
}
