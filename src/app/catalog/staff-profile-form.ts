import { BusinessSchema, MembershipSchema, ServiceSchema, StaffMemberSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** A staff member's profile as its form shows it. */
export interface StaffProfile {
  id: string;
  name: string;
  /** The name in other languages (`{ kk: { name } }`). */
  translations: Record<string, { name?: string }>;
  bio: string;
  /** Their own zone, or null for the business's. */
  timeZone: string | null;
  dailyBookingCap: number | null;
  active: boolean;
  position: number;
  serviceIds: string[];
  /** Their panel account, if linked. */
  userId: string | null;
  hasPhoto: boolean;
}

/** What the staff profile form needs: the member (when editing), the services and panel accounts to choose from, the business's zone. */
export interface StaffProfileForm {
  member: StaffProfile | null;
  services: { id: string; name: string; active: boolean }[];
  accounts: { userId: string; name: string; email: string }[];
  businessTimeZone: string;
  /** The business's own language: its names are typed in it, the others are translations. */
  businessLanguage: string;
}

/**
 * Loads the staff profile form: a new one (no `staffId`) or this business's staff
 * member; another business's id is not found.
 */
export async function staffProfileForm(ctx: UseCaseContext, businessId: string, staffId?: string): Promise<StaffProfileForm> {
  const id = Id.parse(businessId);
  const em = emForBusiness(ctx.orm, id);
  let member: StaffProfile | null = null;
  if (staffId !== undefined) {
    const found = Id.safeParse(staffId).success ? await em.findOne(StaffMemberSchema, { id: staffId }, { populate: ['services'] }) : null;
    if (!found) throw new NotFound('staff member');
    member = {
      id: found.id,
      name: found.name,
      translations: found.translations,
      bio: found.bio,
      timeZone: found.timeZone ?? null,
      dailyBookingCap: found.dailyBookingCap ?? null,
      active: found.active,
      position: found.position,
      serviceIds: found.services.getItems().map((s) => s.id),
      userId: found.user?.id ?? null,
      hasPhoto: found.photoType !== null && found.photoType !== undefined,
    };
  }
  const business = await em.findOneOrFail(BusinessSchema, { id });
  const services = await em.find(ServiceSchema, {}, { orderBy: [{ position: 'asc' }, { name: 'asc' }] });
  const memberships = await em.find(MembershipSchema, {}, { populate: ['user'] });
  return {
    member,
    businessTimeZone: business.timeZone,
    businessLanguage: business.defaultLocale,
    services: services.map((s) => ({ id: s.id, name: s.name, active: s.active })),
    accounts: memberships
      .map((m) => ({ userId: m.user.id, name: m.user.getEntity().name, email: m.user.getEntity().email }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email)),
  };
}
