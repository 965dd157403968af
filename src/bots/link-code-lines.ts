import type { EntityManager } from '@mikro-orm/postgresql';
import { staffLinkCode, teamLinkCode } from '../app/team/link-codes.ts';
import { BusinessSchema, StaffMemberSchema } from '../db/entities/index.ts';

/**
 * How a business's team links its chats, with the codes: the team chat's `/link` code
 * and each active specialist's `/iam` code, at their current (rotatable) versions. Shown
 * to whoever runs the service (once, when a bot is first connected, and by
 * `npm run codes`), never on every start; admins also see them on the panel's Channels page.
 */
export async function linkCodeLines(em: EntityManager, appSecret: string, business: { id: string; name: string }): Promise<string[]> {
  const { teamLinkCodeVersion } = await em.findOneOrFail(BusinessSchema, { id: business.id });
  const staff = await em.find(StaffMemberSchema, { business: business.id, active: true }, { orderBy: { position: 'asc' } });
  return [
    `Telegram: each specialist of ${business.name} sends the bot their /iam code; then one of them adds the bot to the team's group and sends /link ${teamLinkCode(appSecret, business.id, teamLinkCodeVersion)} there`,
    ...staff.map((s) => `  staff ${s.name}: send the bot /iam ${staffLinkCode(appSecret, s.id, s.linkCodeVersion)}`),
  ];
}
