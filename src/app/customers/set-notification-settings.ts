import { z } from 'zod';
import { CHANNELS, ChannelIdentitySchema, CustomerSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { InvalidRequest, NotFound } from '../shared/app-errors.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** What a customer may set about the messages they get: reminders, thank-you/review messages, and which chat gets them. */
export const NotificationSettingsInput = z.object({
  customerId: z.uuid(),
  remindersOff: z.boolean().optional(),
  followUpsOff: z.boolean().optional(),
  /** One of the channels the customer has a chat on; null: the one they book in. */
  notifyChannel: z.enum(CHANNELS).nullable().optional(),
  /** Offers and news (the business's broadcasts): on only when the customer asks. */
  marketingOptIn: z.boolean().optional(),
});

/** A customer's notification settings, and the channels they could choose from. */
export interface NotificationSettings {
  remindersOff: boolean;
  followUpsOff: boolean;
  marketingOptIn: boolean;
  notifyChannel: string | null;
  /** The channels this customer has a chat with the business on, oldest first. */
  channels: string[];
}

/** Reads a customer's notification settings. */
export async function notificationSettings(ctx: UseCaseContext, businessId: string, customerId: string): Promise<NotificationSettings> {
  const em = emForBusiness(ctx.orm, businessId);
  const customer = await em.findOne(CustomerSchema, { id: z.uuid().parse(customerId) });
  if (!customer) throw new NotFound('customer');
  const identities = await em.find(ChannelIdentitySchema, { customer: customer.id }, { orderBy: { createdAt: 'asc' } });
  return { remindersOff: customer.remindersOff, followUpsOff: customer.followUpsOff, marketingOptIn: customer.marketingOptIn, notifyChannel: customer.notifyChannel ?? null, channels: [...new Set(identities.map((i) => i.channel))] };
}

/**
 * Changes a customer's notification settings from their chat, audited as
 * `customer.notifications_changed`. A channel they have no chat on is refused: a
 * reminder sent there would reach nobody.
 */
export async function setNotificationSettings(ctx: UseCaseContext, businessId: string, raw: z.input<typeof NotificationSettingsInput>): Promise<NotificationSettings> {
  const input = NotificationSettingsInput.parse(raw);
  await emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const customer = await em.findOne(CustomerSchema, { id: input.customerId });
    if (!customer) throw new NotFound('customer');
    if (input.notifyChannel) {
      const reachable = await em.count(ChannelIdentitySchema, { customer: customer.id, channel: input.notifyChannel });
      if (reachable === 0) throw new InvalidRequest(`no chat on ${input.notifyChannel}`);
    }
    const before = { remindersOff: customer.remindersOff, followUpsOff: customer.followUpsOff, marketingOptIn: customer.marketingOptIn, notifyChannel: customer.notifyChannel ?? null };
    const { customerId: _id, ...changes } = input;
    em.assign(customer, changes);
    recordAudit(em, ctx.now(), { businessId, actor: { kind: 'customer', customerId: customer.id }, action: 'customer.notifications_changed', entityType: 'customer', entityId: customer.id, details: { before, after: changes } });
    await em.flush();
  });
  return notificationSettings(ctx, businessId, input.customerId);
}
