import { WaitlistEntrySchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound, NotYourBooking } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { toWaitlistView, type WaitlistView } from './waitlist-view.ts';

/**
 * The customer leaves the waitlist, or the team takes them off it (`actor`: then the
 * removal is audited as `waitlist.removed`). Only a waiting entry is cancelled; an
 * offer in progress runs its course.
 */
export async function leaveWaitlist(ctx: UseCaseContext, businessId: string, rawCustomerId: string, rawEntryId: string, actor?: Actor): Promise<WaitlistView> {
  const customerId = Id.parse(rawCustomerId);
  const entryId = Id.parse(rawEntryId);
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const entry = await em.findOne(WaitlistEntrySchema, { id: entryId });
    if (!entry) throw new NotFound('waitlist entry');
    if (entry.customer.id !== customerId) throw new NotYourBooking();
    if (entry.status === 'waiting') {
      entry.status = 'cancelled';
      if (actor) recordAudit(em, ctx.now(), { businessId, actor, action: 'waitlist.removed', entityType: 'waitlist_entry', entityId: entry.id, details: { customerId } });
    }
    await em.flush();
    return toWaitlistView(entry);
  });
}
