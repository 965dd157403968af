import { WaitlistEntrySchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound, NotYourBooking } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { toWaitlistView, type WaitlistView } from './waitlist-view.ts';

/** The customer leaves the waitlist. */
export async function leaveWaitlist(ctx: UseCaseContext, businessId: string, rawCustomerId: string, rawEntryId: string): Promise<WaitlistView> {
  const customerId = Id.parse(rawCustomerId);
  const entryId = Id.parse(rawEntryId);
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const entry = await em.findOne(WaitlistEntrySchema, { id: entryId });
    if (!entry) throw new NotFound('waitlist entry');
    if (entry.customer.id !== customerId) throw new NotYourBooking();
    if (entry.status === 'waiting') entry.status = 'cancelled';
    await em.flush();
    return toWaitlistView(entry);
  });
}
