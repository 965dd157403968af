import { z } from 'zod';
import { BookingSchema, BusinessSchema, CustomerSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { actorRole, lockTeam } from './team-members.ts';

/** What the delete form sends: the business's slug, typed to confirm. */
export const DeleteBusinessInput = z.object({ confirm: z.string().trim().max(64) });

/**
 * Deleted (with what went, for the service log), refused because the actor is not an
 * owner, or because the slug typed is not the business's.
 */
export type DeleteBusinessOutcome =
  | { kind: 'deleted'; slug: string; name: string; bookings: number; customers: number }
  | { kind: 'not_allowed' }
  | { kind: 'slug_mismatch' };

/**
 * An owner deletes the business for good, after typing its slug. Every row that belongs
 * to it goes with it — services, staff, hours, customers, bookings, reviews, waitlist,
 * promo codes, chats, bots, team chats, outbox, memberships, invitations and its audit
 * log — by the database's `on delete cascade` from each table's `business_id`; rows of
 * other businesses and the people's accounts (users) stay. The audit log cannot record
 * its own business's deletion: the caller logs it in the service log.
 */
export async function deleteBusiness(ctx: UseCaseContext, businessId: string, actorUserId: string, raw: z.input<typeof DeleteBusinessInput>): Promise<DeleteBusinessOutcome> {
  const input = DeleteBusinessInput.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    await lockTeam(em, id);
    if ((await actorRole(em, actorUserId)) !== 'owner') return { kind: 'not_allowed' };
    const business = await em.findOneOrFail(BusinessSchema, { id });
    if (input.confirm !== business.slug) return { kind: 'slug_mismatch' };
    const bookings = await em.count(BookingSchema, {});
    const customers = await em.count(CustomerSchema, {});
    await em.nativeDelete(BusinessSchema, { id });
    return { kind: 'deleted', slug: business.slug, name: business.name, bookings, customers };
  });
}
