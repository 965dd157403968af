import { z } from 'zod';
import { ServiceSchema, StaffMemberSchema } from '../db/entities/index.ts';
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

const ProfileRow = z.object({
  id: z.string(),
  name: z.string(),
  time_zone: z.string(),
  currency: z.string(),
  default_locale: z.string(),
  cancel_cutoff_minutes: z.number(),
  reschedule_cutoff_minutes: z.number(),
  hold_minutes: z.number(),
  booking_horizon_days: z.number(),
  has_promo_codes: z.boolean(),
});

/** The business's name, zone, currency and the policies a chat explains (one query: it runs on every chat event). */
export async function businessProfile(ctx: UseCaseContext, businessId: string): Promise<BusinessProfile> {
  const id = Id.parse(businessId);
  const rows = await emForBusiness(ctx.orm, id)
    .getConnection()
    .execute(
      `select b.id, b.name, b.time_zone, b.currency, b.default_locale, b.cancel_cutoff_minutes, b.reschedule_cutoff_minutes, b.hold_minutes, b.booking_horizon_days,
              exists (select 1 from promo_code p where p.business_id = b.id and p.active) as has_promo_codes
         from business b where b.id = ?`,
      [id],
    );
  if (rows.length === 0) throw new NotFound('business');
  const b = ProfileRow.parse(rows[0]);
  return {
    id: b.id,
    name: b.name,
    timeZone: b.time_zone,
    currency: b.currency,
    defaultLocale: b.default_locale,
    cancelCutoffMinutes: b.cancel_cutoff_minutes,
    rescheduleCutoffMinutes: b.reschedule_cutoff_minutes,
    holdMinutes: b.hold_minutes,
    bookingHorizonDays: b.booking_horizon_days,
    hasPromoCodes: b.has_promo_codes,
  };
}

const ServiceRow = z.object({
  id: z.string(),
  name: z.string(),
  duration_minutes: z.number(),
  price_minor: z.number(),
  currency: z.string(),
  requires_approval: z.boolean(),
  deposit_kind: z.string(),
  capacity: z.number(),
});

/** Active services that at least one active specialist offers, in the business's order. */
export async function bookableServices(ctx: UseCaseContext, businessId: string): Promise<ServiceCard[]> {
  const id = Id.parse(businessId);
  const rows = await emForBusiness(ctx.orm, id)
    .getConnection()
    .execute(
      `select s.id, s.name, s.duration_minutes, s.price_minor, s.currency, s.requires_approval, s.deposit_kind, s.capacity
         from service s
        where s.business_id = ? and s.active
          and exists (select 1 from staff_member_service x join staff_member m on m.id = x.staff_member_id
                       where x.service_id = s.id and m.active and m.business_id = s.business_id)
        order by s.position, s.name`,
      [id],
    );
  return rows.map((raw) => {
    const s = ServiceRow.parse(raw);
    return {
      id: s.id,
      name: s.name,
      durationMinutes: s.duration_minutes,
      priceMinor: s.price_minor,
      currency: s.currency,
      requiresApproval: s.requires_approval,
      hasDeposit: s.deposit_kind !== 'none',
      capacity: s.capacity,
    };
  });
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
