import { emForBusiness } from '../../db/tenant-scope.ts';
import { staffForSchedule, type ScheduleAccess } from '../catalog/schedule-access.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** A staff member whose calendar the caller may connect (a staff-role user only their own); else not found. Reads only. */
export async function staffForCalendar(ctx: UseCaseContext, businessId: string, staffId: string, access: ScheduleAccess = {}): Promise<{ id: string; name: string }> {
  const staff = await staffForSchedule(emForBusiness(ctx.orm, Id.parse(businessId)).fork(), staffId, access);
  return { id: staff.id, name: staff.name };
}
