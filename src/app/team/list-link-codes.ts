import { BusinessSchema, StaffChannelIdentitySchema, StaffMemberSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { staffLinkCode, teamLinkCode } from './link-codes.ts';

/** An active staff member's `/iam` code. */
export interface StaffLinkCodeView {
  staffId: string;
  name: string;
  code: string;
  /** Whether a chat account is linked to them already. */
  linked: boolean;
}

/** The codes a business's team links its chats with, at their current versions. */
export interface LinkCodesView {
  /** `/link <code>`, sent in a group, makes it a team chat. */
  teamCode: string;
  staff: StaffLinkCodeView[];
}

/**
 * The team-chat code and each active staff member's code. They decide who sees
 * customers' names and phones: callers show them only to admins and owners.
 */
export async function listLinkCodes(ctx: UseCaseContext, businessId: string, appSecret: string): Promise<LinkCodesView> {
  const id = Id.parse(businessId);
  const em = emForBusiness(ctx.orm, id);
  const business = await em.findOne(BusinessSchema, { id });
  if (!business) throw new NotFound('business');
  const staff = await em.find(StaffMemberSchema, { active: true }, { orderBy: { position: 'asc', name: 'asc' } });
  const linkedStaff = new Set((await em.find(StaffChannelIdentitySchema, {}, { fields: ['staff'] })).map((row) => row.staff.id));
  return {
    teamCode: teamLinkCode(appSecret, id, business.teamLinkCodeVersion),
    staff: staff.map((s) => ({ staffId: s.id, name: s.name, code: staffLinkCode(appSecret, s.id, s.linkCodeVersion), linked: linkedStaff.has(s.id) })),
  };
}
