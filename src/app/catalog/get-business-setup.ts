import { countryOfZone } from './business-profile.ts';
import { BusinessSchema, ServiceSchema, StaffMemberSchema, WorkingHoursSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** The profile fields the settings page and the wizard edit. */
export interface BusinessProfileView {
  name: string;
  slug: string;
  timeZone: string;
  language: string;
  currency: string;
  phoneCountry: string;
  address: string;
  mapUrl: string;
  /** "lat,lng", or `''`. */
  location: string;
  description: string;
  /** E.164, or `''`. */
  phone: string;
}

/** A business's set-up at a glance: its profile, services and specialists with their working days. */
export interface BusinessSetup {
  profile: BusinessProfileView;
  services: { id: string; name: string; durationMinutes: number; priceMinor: number; currency: string; active: boolean }[];
  staff: { id: string; name: string; active: boolean; userId: string | null; serviceCount: number; workingDays: number }[];
}

/** Reads a business's set-up (the wizard's steps and summary, the settings page). */
export async function getBusinessSetup(ctx: UseCaseContext, businessId: string): Promise<BusinessSetup> {
  const id = Id.parse(businessId);
  const em = emForBusiness(ctx.orm, id);
  const business = await em.findOne(BusinessSchema, { id });
  if (!business) throw new NotFound('business');
  const services = await em.find(ServiceSchema, { business: id }, { orderBy: { position: 'asc', name: 'asc' } });
  const staff = await em.find(StaffMemberSchema, { business: id }, { populate: ['services'], orderBy: { position: 'asc', name: 'asc' } });
  const hours = await em.find(WorkingHoursSchema, { business: id, staffMember: { $ne: null } });
  const days = new Map<string, Set<number>>();
  for (const row of hours) {
    const staffId = row.staffMember?.id;
    if (staffId) days.set(staffId, (days.get(staffId) ?? new Set()).add(row.weekday));
  }
  return {
    profile: {
      name: business.name,
      slug: business.slug,
      timeZone: business.timeZone,
      language: business.defaultLocale,
      currency: business.currency,
      phoneCountry: business.phoneCountry ?? countryOfZone(business.timeZone) ?? 'KZ',
      address: business.address,
      mapUrl: business.mapUrl,
      location: business.location,
      description: business.description,
      phone: business.phone,
    },
    services: services.map((s) => ({ id: s.id, name: s.name, durationMinutes: s.durationMinutes, priceMinor: s.priceMinor, currency: s.currency, active: s.active })),
    staff: staff.map((m) => ({
      id: m.id,
      name: m.name,
      active: m.active,
      userId: m.user?.id ?? null,
      serviceCount: m.services.count(),
      workingDays: days.get(m.id)?.size ?? 0,
    })),
  };
}
