import type { MikroORM } from '@mikro-orm/postgresql';
import { staffLinkCode } from '../../src/app/team/link-codes.ts';
import { StaffMemberSchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';

/** A staff member's `/iam` code as the panel shows it now (codes move on after each use). */
export async function currentStaffCode(orm: MikroORM, appSecret: string, businessId: string, staffId: string): Promise<string> {
  const member = await emForBusiness(orm, businessId).fork().findOneOrFail(StaffMemberSchema, { id: staffId });
  return staffLinkCode(appSecret, staffId, member.linkCodeVersion);
}
