import { StaffMemberSchema, WorkingHoursSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** A staff member as the panel's staff list shows them. */
export interface StaffListItem {
  id: string;
  name: string;
  active: boolean;
  hasPhoto: boolean;
  /** How many services they do. */
  servicesCount: number;
  /** Weekdays with any working hours. */
  workingDays: number;
  /** Working minutes in a week (breaks left out). */
  weeklyMinutes: number;
}

/** The business's staff in list order (position, then name), with a summary of their services and weekly hours. */
export async function listStaff(ctx: UseCaseContext, businessId: string): Promise<StaffListItem[]> {
  const id = Id.parse(businessId);
  const em = emForBusiness(ctx.orm, id);
  const members = await em.find(StaffMemberSchema, {}, { populate: ['services'], orderBy: [{ position: 'asc' }, { name: 'asc' }, { id: 'asc' }] });
  const hours = await em.find(WorkingHoursSchema, { staffMember: { $ne: null } });
  return members.map((m) => {
    const own = hours.filter((h) => h.staffMember?.id === m.id);
    return {
      id: m.id,
      name: m.name,
      active: m.active,
      hasPhoto: m.photoType !== null && m.photoType !== undefined,
      servicesCount: m.services.count(),
      workingDays: new Set(own.map((h) => h.weekday)).size,
      weeklyMinutes: own.reduce((sum, h) => sum + h.endMinute - h.startMinute, 0),
    };
  });
}
