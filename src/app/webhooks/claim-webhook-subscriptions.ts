import { openSecret } from '../../db/secret-box.ts';
import { runSql } from '../../db/sql-statement.ts';
import { emAcrossBusinesses } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { WEBHOOK_SECRET_PURPOSE, type WebhookSettings } from './webhook-settings.ts';
import { CLAIM_SUBSCRIPTIONS, DUE_DELIVERIES, RELEASE_SUBSCRIPTION } from './webhooks-sql.ts';

/** One delivery to send: its body is the stored payload, serialised once. */
export interface DueWebhookDelivery {
  id: string;
  eventType: string;
  body: string;
  attempts: number;
}

/** A subscription held by this worker, with its due deliveries, oldest first. */
export interface ClaimedWebhookSubscription {
  subscriptionId: string;
  businessId: string;
  url: string;
  /** The signing secret, opened; null when it no longer opens (an APP_SECRET rotated away). */
  secret: string | null;
  deliveries: DueWebhookDelivery[];
}

/**
 * Takes up to `limit` enabled subscriptions that have due deliveries and no other worker
 * holds, holding each for `leaseMs` (its deliveries go one at a time, in order), with up
 * to `perSubscription` of their due deliveries. Release each with
 * {@link releaseWebhookSubscription} when done; a crashed worker's are free after the lease.
 */
export async function claimWebhookSubscriptions(
  ctx: UseCaseContext,
  settings: WebhookSettings,
  options: { limit: number; perSubscription: number; leaseMs: number },
): Promise<ClaimedWebhookSubscription[]> {
  const em = emAcrossBusinesses(ctx.orm).fork();
  const now = new Date(ctx.now());
  const rows = await em.transactional((tx) => runSql(tx, CLAIM_SUBSCRIPTIONS, { now, leaseUntil: new Date(now.getTime() + options.leaseMs), limit: options.limit }));
  const claimed: ClaimedWebhookSubscription[] = [];
  for (const row of rows) {
    const due = await runSql(em, DUE_DELIVERIES, { businessId: row.business_id, subscriptionId: row.id, now, limit: options.perSubscription });
    let secret: string | null;
    try {
      secret = openSecret(settings.secrets, WEBHOOK_SECRET_PURPOSE, row.secret_ciphertext, row.id);
    } catch {
      secret = null;
    }
    claimed.push({
      subscriptionId: row.id,
      businessId: row.business_id,
      url: row.url,
      secret,
      deliveries: due.map((d) => ({ id: d.id, eventType: d.event_type, body: JSON.stringify(d.payload), attempts: d.attempts })),
    });
  }
  return claimed;
}

/** The subscription is free for any worker again. */
export async function releaseWebhookSubscription(ctx: UseCaseContext, businessId: string, subscriptionId: string): Promise<void> {
  await runSql(emAcrossBusinesses(ctx.orm).fork(), RELEASE_SUBSCRIPTION, { businessId, subscriptionId });
}
