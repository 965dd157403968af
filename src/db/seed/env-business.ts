import type { EntityManager } from '@mikro-orm/postgresql';
import { BusinessSchema, type Business } from '../entities/index.ts';

/**
 * The business an account from the environment (TELEGRAM_BOT_TOKEN, TWILIO_*, STRIPE_*,
 * KASPI_PAY_LINK) is connected to: the one with `preferredSlug` (the demo), else the
 * first one created; null when there is none yet. `em` reads across businesses.
 */
export async function envAccountBusiness(em: EntityManager, preferredSlug: string): Promise<Business | null> {
  return (await em.findOne(BusinessSchema, { slug: preferredSlug })) ?? (await em.find(BusinessSchema, {}, { orderBy: { createdAt: 'asc' }, limit: 1 }))[0] ?? null;
}
