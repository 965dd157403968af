import type { StaffMember } from '../../db/entities/index.ts';

/** A staff member as the team chat knows them. */
export interface TeamMember {
  staffId: string;
  name: string;
  /** Their panel account, recorded as the actor of what they do. */
  userId: string | null;
}

/** The team-chat view of a staff member row. */
export function toTeamMember(member: StaffMember): TeamMember {
  return { staffId: member.id, name: member.name, userId: member.user?.id ?? null };
}
