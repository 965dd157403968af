import { z } from 'zod';
import { CustomerSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { queueNotification } from '../notifications/queue-notification.ts';

/** Input of {@link forwardToTeam}. */
export const ForwardToTeamInput = z.object({
  customerId: z.uuid(),
  text: z.string().trim().min(1).max(3000),
});

/**
 * A customer asked to talk to a person: their message goes to the business's team
 * chats (`conversation.message`), where a reply to the post comes back to them.
 */
export async function forwardToTeam(ctx: UseCaseContext, businessId: string, raw: z.input<typeof ForwardToTeamInput>): Promise<void> {
  const input = ForwardToTeamInput.parse(raw);
  await emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const customer = await em.findOne(CustomerSchema, { id: input.customerId });
    if (!customer) throw new NotFound('customer');
    queueNotification(em, ctx.now(), {
      businessId,
      topic: 'conversation.message',
      aggregateId: customer.id,
      payload: { customerId: customer.id, customerName: customer.name, phone: customer.phone ?? null, text: input.text },
    });
  });
}
