import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { StaffMemberSchema, type StaffMember } from '../../db/entities/index.ts';
import { NotFound } from '../shared/app-errors.ts';

/**
 * Whose schedule a caller may touch. Managers and above may change anyone's
 * (`{}`); a panel user with the `staff` role only their own: `ownUserId` is then their
 * user id, and any other staff member is not found.
 */
export interface ScheduleAccess {
  ownUserId?: string;
}

const StaffId = z.uuid();

/**
 * This business's staff member by id (`em` is scoped to the business), within the
 * caller's {@link ScheduleAccess}; another business's id, a malformed one or someone
 * else's schedule for a staff-role user is {@link NotFound}.
 */
export async function staffForSchedule(em: EntityManager, staffId: string, access: ScheduleAccess = {}): Promise<StaffMember> {
  const id = StaffId.safeParse(staffId);
  if (!id.success) throw new NotFound('staff member');
  const member = await em.findOne(StaffMemberSchema, { id: id.data });
  if (!member) throw new NotFound('staff member');
  if (access.ownUserId !== undefined && member.user?.id !== access.ownUserId) throw new NotFound('staff member');
  return member;
}
