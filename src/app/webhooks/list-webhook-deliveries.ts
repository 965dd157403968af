import { z } from 'zod';
import { WebhookDeliverySchema, type WebhookDeliveryStatus } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** One line of a subscription's delivery log. */
export interface WebhookDeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  createdAt: Date;
  attempts: number;
  status: WebhookDeliveryStatus;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
}

/** Input of {@link listWebhookDeliveries}. */
export const ListWebhookDeliveriesInput = z.object({ subscriptionId: z.uuid(), limit: z.number().int().min(1).max(200).default(50) });

/** A subscription's latest deliveries (50 by default), newest first. Another business's subscription has none. */
export async function listWebhookDeliveries(ctx: UseCaseContext, businessId: string, raw: z.input<typeof ListWebhookDeliveriesInput>): Promise<WebhookDeliveryView[]> {
  const input = ListWebhookDeliveriesInput.parse(raw);
  const rows = await emForBusiness(ctx.orm, Id.parse(businessId)).find(
    WebhookDeliverySchema,
    { subscription: input.subscriptionId },
    { orderBy: { createdAt: 'desc', id: 'desc' }, limit: input.limit },
  );
  return rows.map((d) => ({
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    createdAt: d.createdAt,
    attempts: d.attempts,
    status: d.status,
    lastStatusCode: d.lastStatusCode ?? null,
    lastError: d.lastError ?? null,
    nextAttemptAt: d.nextAttemptAt ?? null,
    deliveredAt: d.deliveredAt ?? null,
  }));
}
