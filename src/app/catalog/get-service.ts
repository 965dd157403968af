import { type DEPOSIT_KINDS, ServiceSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** One service with everything its edit form shows (amounts in minor units of `currency`). */
export interface ServiceDetails {
  id: string;
  name: string;
  description: string;
  translations: Record<string, { name?: string; description?: string }>;
  durationMinutes: number;
  priceMinor: number;
  currency: string;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  capacity: number;
  requiresResourceKind: string | null;
  depositKind: (typeof DEPOSIT_KINDS)[number];
  /** Whole percent or minor units, depending on `depositKind`. */
  depositValue: number;
  requiresApproval: boolean;
  active: boolean;
  position: number;
}

/** One of the business's services; another business's id (or an unknown one) is `NotFound`. */
export async function getService(ctx: UseCaseContext, businessId: string, serviceId: string): Promise<ServiceDetails> {
  const id = Id.parse(businessId);
  const parsed = Id.safeParse(serviceId);
  const s = parsed.success ? await emForBusiness(ctx.orm, id).findOne(ServiceSchema, { id: parsed.data, business: id }) : null;
  if (!s) throw new NotFound('service');
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    translations: s.translations,
    durationMinutes: s.durationMinutes,
    priceMinor: s.priceMinor,
    currency: s.currency,
    bufferBeforeMinutes: s.bufferBeforeMinutes,
    bufferAfterMinutes: s.bufferAfterMinutes,
    capacity: s.capacity,
    requiresResourceKind: s.requiresResourceKind ?? null,
    depositKind: s.depositKind,
    depositValue: s.depositValue,
    requiresApproval: s.requiresApproval,
    active: s.active,
    position: s.position,
  };
}
