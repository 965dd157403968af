import { ServiceSchema, StaffMemberSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** Names for ids a chat message mentions (services and staff), unknown ids left out. */
export async function catalogNames(ctx: UseCaseContext, businessId: string, ids: { serviceIds: string[]; staffIds: string[] }): Promise<Map<string, string>> {
  const em = emForBusiness(ctx.orm, Id.parse(businessId));
  const [services, staff] = await Promise.all([
    ids.serviceIds.length ? em.find(ServiceSchema, { id: { $in: ids.serviceIds } }) : [],
    ids.staffIds.length ? em.find(StaffMemberSchema, { id: { $in: ids.staffIds } }) : [],
  ]);
  return new Map([...services.map((s) => [s.id, s.name] as const), ...staff.map((s) => [s.id, s.name] as const)]);
}
