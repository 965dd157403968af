import { type RESOURCE_STATUSES, ResourceSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** A resource as the panel shows it. */
export interface ResourceRow {
  id: string;
  name: string;
  kind: string;
  capacity: number;
  status: (typeof RESOURCE_STATUSES)[number];
  maintenanceNote: string;
  maintenanceUntil: Date | null;
}

/** Every resource of the business, by kind and name. */
export async function listResources(ctx: UseCaseContext, businessId: string): Promise<ResourceRow[]> {
  const id = Id.parse(businessId);
  const rows = await emForBusiness(ctx.orm, id).find(ResourceSchema, { business: id }, { orderBy: { kind: 'asc', name: 'asc', id: 'asc' } });
  return rows.map(toResourceRow);
}

/** A resource row as plain data. */
export function toResourceRow(r: { id: string; name: string; kind: string; capacity: number; status: ResourceRow['status']; maintenanceNote: string; maintenanceUntil?: Date | null }): ResourceRow {
  return { id: r.id, name: r.name, kind: r.kind, capacity: r.capacity, status: r.status, maintenanceNote: r.maintenanceNote, maintenanceUntil: r.maintenanceUntil ?? null };
}
