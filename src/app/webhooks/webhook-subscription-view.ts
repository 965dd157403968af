import { z } from 'zod';
import type { WebhookSubscription } from '../../db/entities/index.ts';
import { InvalidField } from '../catalog/invalid-field.ts';
import { checkWebhookUrl } from './webhook-url.ts';
import { WebhookEventName, type WebhookEvent } from './webhook-events.ts';

/** A subscription as the panel and the API show it (never its secret). */
export interface WebhookSubscriptionView {
  id: string;
  url: string;
  events: WebhookEvent[];
  enabled: boolean;
  /** Deliveries given up on in a row since the last success. */
  consecutiveFailures: number;
  /** Why the service turned it off (null: it did not). */
  disabledReason: string | null;
  createdAt: Date;
}

/** A subscription's URL and events, as a form or an API body gives them (one event or several). */
export const WebhookSubscriptionInput = z.object({
  url: z.string().trim().min(1, 'url_required').max(2000, 'url_too_long'),
  events: z.preprocess((v) => (v === undefined ? [] : [v].flat().filter((e) => e !== '')), z.array(WebhookEventName, 'events_unknown').min(1, 'events_required')),
});

/** A subscription's id. */
export const WebhookSubscriptionId = z.object({ subscriptionId: z.uuid() });

/** The row as a view; the events kept in the registry's order, unknown ones dropped. */
export function toSubscriptionView(row: WebhookSubscription): WebhookSubscriptionView {
  const chosen = new Set(row.events);
  return {
    id: row.id,
    url: row.url,
    events: WebhookEventName.options.filter((e) => chosen.has(e)),
    enabled: row.enabled,
    consecutiveFailures: row.consecutiveFailures,
    disabledReason: row.disabledReason ?? null,
    createdAt: row.createdAt,
  };
}

/** Refuses a URL the service must not call (`InvalidField` on `url`, reason `url_<problem>`). */
export function assertReceiverUrl(url: string, allowPrivate: boolean): string {
  const problem = checkWebhookUrl(url, allowPrivate);
  if (problem) throw new InvalidField('url', `url_${problem}`);
  return new URL(url.trim()).toString();
}
