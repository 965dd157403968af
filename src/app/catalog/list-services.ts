import { ServiceSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** A service as the panel's list shows it. */
export interface ServiceRow {
  id: string;
  name: string;
  durationMinutes: number;
  priceMinor: number;
  currency: string;
  capacity: number;
  requiresResourceKind: string | null;
  /** Shown to customers (hidden ones are still listed here). */
  active: boolean;
  position: number;
}

/** Every service of the business, hidden ones included, in their order (position, then name). */
export async function listServices(ctx: UseCaseContext, businessId: string): Promise<ServiceRow[]> {
  const id = Id.parse(businessId);
  const services = await emForBusiness(ctx.orm, id).find(ServiceSchema, { business: id }, { orderBy: { position: 'asc', name: 'asc', id: 'asc' } });
  return services.map((s) => ({
    id: s.id,
    name: s.name,
    durationMinutes: s.durationMinutes,
    priceMinor: s.priceMinor,
    currency: s.currency,
    capacity: s.capacity,
    requiresResourceKind: s.requiresResourceKind ?? null,
    active: s.active,
    position: s.position,
  }));
}
