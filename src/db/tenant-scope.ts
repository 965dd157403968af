import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { ACROSS_BUSINESSES, TENANT_FILTER } from './orm-config.ts';

/**
 * A fresh EntityManager that sees only one business's rows: every query on a
 * business-owned entity gets `business = businessId` added by the tenant filter.
 * Use one per request, bot update or job.
 */
export function emForBusiness(source: MikroORM | EntityManager, businessId: string): EntityManager {
  const em = rootEm(source).fork({ clear: true });
  em.setFilterParams(TENANT_FILTER, { businessId });
  return em;
}

/**
 * A fresh EntityManager with the tenant filter off, for the few places that truly
 * span businesses (resolving a business by slug or bot, start-up seeding). Its name
 * makes every such use easy to find in review.
 */
export function emAcrossBusinesses(source: MikroORM | EntityManager): EntityManager {
  const em = rootEm(source).fork({ clear: true });
  em.setFilterParams(TENANT_FILTER, { businessId: ACROSS_BUSINESSES });
  return em;
}

function rootEm(source: MikroORM | EntityManager): EntityManager {
  return 'em' in source ? source.em : source;
}
