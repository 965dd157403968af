import { z } from 'zod';
import { StaffMemberSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { sameCode, staffLinkCode } from './link-codes.ts';

/** Input of {@link burnStaffLinkCode}: a code someone posted where others can read it. */
export const BurnStaffLinkCodeInput = z.object({ code: z.string().trim().min(4).max(32) });

/**
 * A staff member's `/iam` code was posted in a group, where anyone reading it could take
 * their identity: when it is a current code, it stops working at once (the member's code
 * version moves on; audited as `team.staff_link_code_exposed`). Returns the member's name,
 * or null when the code matched nobody.
 */
export async function burnStaffLinkCode(ctx: UseCaseContext, businessId: string, appSecret: string, raw: z.input<typeof BurnStaffLinkCodeInput>): Promise<string | null> {
  const input = BurnStaffLinkCodeInput.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const wanted = input.code.toUpperCase();
    const member = (await em.find(StaffMemberSchema, { active: true })).find((s) => sameCode(wanted, staffLinkCode(appSecret, s.id, s.linkCodeVersion)));
    if (!member) return null;
    member.linkCodeVersion += 1;
    recordAudit(em, ctx.now(), { businessId: id, actor: { kind: 'system' }, action: 'team.staff_link_code_exposed', entityType: 'staff_member', entityId: member.id, details: { version: member.linkCodeVersion } });
    return member.name;
  });
}
