import { BusinessSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { sameCode, teamLinkCode } from './link-codes.ts';

/**
 * Whether a typed `/link` code is the business's current team-chat code (its stored
 * version: a rotated-away code no longer links). Compared in constant time.
 */
export async function checkTeamLinkCode(ctx: UseCaseContext, businessId: string, appSecret: string, typed: string): Promise<boolean> {
  const id = Id.parse(businessId);
  const business = await emForBusiness(ctx.orm, id).findOne(BusinessSchema, { id }, { fields: ['teamLinkCodeVersion'] });
  return business !== null && typed !== '' && sameCode(typed, teamLinkCode(appSecret, id, business.teamLinkCodeVersion));
}
