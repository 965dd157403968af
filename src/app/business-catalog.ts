import { z } from 'zod';
import { BusinessSchema, PromoCodeSchema, ServiceSchema, StaffMemberSchema } from '../db/entities/index.ts';
import { emForBusiness } from '../db/tenant-scope.ts';
import { NotFound } from './app-errors.ts';
import { Id } from './input-schemas.ts';
import type { UseCaseContext } from './use-case-context.ts';

/** What a chat shows about the business itself. */
export interface BusinessProfile {
  id: string;
  name: string;
  timeZone: string;
  currency: string;
  defaultLocale: string;
  cancelCutoffMinutes: number;
  rescheduleCutoffMinutes: number;
  holdMinutes: number;
  bookingHorizonDays: number;
  /** True when the business has any active promo code, so asking for one makes sense. */
  hasPromoCodes: boolean;
}

/** A bookable service as customers see it. */
export interface ServiceCard {
  id: string;
  name: string;
  durationMinutes: number;
  priceMinor: number;
  currency: string;
  requiresApproval: boolean;
  hasDeposit: boolean;
  capacity: number;
}

/** A specialist as customers see them. */
export interface StaffCard {
  id: string;
  name: string;
}

/** The business's name, zone, currency and the policies a chat explains. */
export async function businessProfile(ctx: UseCaseContext, businessId: string): Promise<BusinessProfile> {
  const id = Id.parse(businessId);
  const em = emForBusiness(ctx.orm, id);
  const business = await em.findOne(BusinessSchema, { id });
  if (!business) throw new NotFound('business');
  const promo = await em.count(PromoCodeSchema, { active: true });
  return {
    id: business.id,
    name: business.name,
    timeZone: business.timeZone,
    currency: business.currency,
    defaultLocale: business.defaultLocale,
    cancelCutoffMinutes: business.cancelCutoffMinutes,
    rescheduleCutoffMinutes: business.rescheduleCutoffMinutes,
    holdMinutes: business.holdMinutes,
    bookingHorizonDays: business.bookingHorizonDays,
    hasPromoCodes: promo > 0,
  };
}

/** Active services that at least one active specialist offers, in the business's order. */
export async function bookableServices(ctx: UseCaseContext, businessId: string): Promise<ServiceCard[]> {
  const em = emForBusiness(ctx.orm, Id.parse(businessId));
  const services = await em.find(ServiceSchema, { active: true }, { orderBy: { position: 'asc', name: 'asc' } });
  const offered = await em.find(StaffMemberSchema, { active: true }, { populate: ['services'] });
  const offeredIds = new Set(offered.flatMap((s) => s.services.getItems().map((svc) => svc.id)));
  return services
    .filter((s) => offeredIds.has(s.id))
    .map((s) => ({
      id: s.id,
      name: s.name,
      durationMinutes: s.durationMinutes,
      priceMinor: s.priceMinor,
      currency: s.currency,
      requiresApproval: s.requiresApproval,
      hasDeposit: s.depositKind !== 'none',
      capacity: s.capacity,
    }));
}

/** Active specialists who offer a service, in the business's order. */
export async function staffForService(ctx: UseCaseContext, businessId: string, rawServiceId: string): Promise<StaffCard[]> {
  const serviceId = z.uuid().parse(rawServiceId);
  const em = emForBusiness(ctx.orm, Id.parse(businessId));
  const staff = await em.find(StaffMemberSchema, { active: true, services: serviceId }, { orderBy: { position: 'asc', name: 'asc' } });
  return staff.map((s) => ({ id: s.id, name: s.name }));
}

/** Names for ids a chat message mentions (services and staff), unknown ids left out. */
export async function catalogNames(ctx: UseCaseContext, businessId: string, ids: { serviceIds: string[]; staffIds: string[] }): Promise<Map<string, string>> {
  const em = emForBusiness(ctx.orm, Id.parse(businessId));
  const [services, staff] = await Promise.all([
    ids.serviceIds.length ? em.find(ServiceSchema, { id: { $in: ids.serviceIds } }) : [],
    ids.staffIds.length ? em.find(StaffMemberSchema, { id: { $in: ids.staffIds } }) : [],
  ]);
  return new Map([...services.map((s) => [s.id, s.name] as const), ...staff.map((s) => [s.id, s.name] as const)]);
}
