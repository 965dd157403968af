import { BusinessSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';

/**
 * Gives the business a new team-chat `/link` code (bumps `teamLinkCodeVersion`): the
 * previous code no longer links a group. Chats already linked stay linked (unlink them
 * with `/unlink` there). Audited as `team.link_code_rotated`. Returns the new version.
 */
export async function rotateTeamLinkCode(ctx: UseCaseContext, businessId: string, actor: Actor): Promise<number> {
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const business = await em.findOne(BusinessSchema, { id });
    if (!business) throw new NotFound('business');
    business.teamLinkCodeVersion += 1;
    recordAudit(em, ctx.now(), {
      businessId: id,
      actor,
      action: 'team.link_code_rotated',
      entityType: 'business',
      entityId: id,
      details: { version: business.teamLinkCodeVersion },
    });
    return business.teamLinkCodeVersion;
  });
}
