import { ServiceSchema, StaffMemberSchema, TeamChatSchema, TelegramBotSchema, WorkingHoursSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** How far a business is from taking bookings: the steps of its set-up, each done or not. */
export interface SetupProgress {
  services: boolean;
  staff: boolean;
  hours: boolean;
  bot: boolean;
  teamChat: boolean;
}

/** Which set-up steps a business has done (the panel's home checklist). */
export async function setupProgress(ctx: UseCaseContext, businessId: string): Promise<SetupProgress> {
  const id = Id.parse(businessId);
  const em = emForBusiness(ctx.orm, id).fork();
  const services = await em.count(ServiceSchema, { business: id, active: true });
  const staff = await em.count(StaffMemberSchema, { business: id, active: true });
  const hours = await em.count(WorkingHoursSchema, { business: id });
  const bots = await em.count(TelegramBotSchema, { business: id, active: true });
  const teamChats = await em.count(TeamChatSchema, { business: id, active: true });
  return { services: services > 0, staff: staff > 0, hours: hours > 0, bot: bots > 0, teamChat: teamChats > 0 };
}
