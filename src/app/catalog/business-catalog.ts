import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { ServiceSchema, StaffMemberSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

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
  /** Where a phone number typed without `+` is read from (from the business's zone), if known. */
  phoneCountry: CountryCode | undefined;
}

// A business's country from its zone: the country of numbers its customers type without +.
const ZONE_COUNTRY: Readonly<Record<string, CountryCode>> = {
  'Asia/Almaty': 'KZ',
  'Asia/Qostanay': 'KZ',
  'Asia/Aqtobe': 'KZ',
  'Asia/Aqtau': 'KZ',
  'Asia/Oral': 'KZ',
  'Asia/Atyrau': 'KZ',
  'Asia/Qyzylorda': 'KZ',
  'Europe/Kyiv': 'UA',
  'Europe/Kiev': 'UA',
  'Europe/Berlin': 'DE',
  'Europe/Moscow': 'RU',
  'Europe/London': 'GB',
  'America/New_York': 'US',
};

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

/** The columns of a {@link BusinessProfile}, as {@link PROFILE_COLUMNS} selects them from `business b`. */
export const ProfileRow = z.object({
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

/** The select list of a {@link BusinessProfile} over `business b`, for queries that read it with other rows. */
export const PROFILE_COLUMNS = `b.id, b.name, b.time_zone, b.currency, b.default_locale, b.cancel_cutoff_minutes, b.reschedule_cutoff_minutes, b.hold_minutes, b.booking_horizon_days,
              exists (select 1 from promo_code p where p.business_id = b.id and p.active) as has_promo_codes`;

/** A profile from a row selected with {@link PROFILE_COLUMNS}. */
export function profileFromRow(row: unknown): BusinessProfile {
  const b = ProfileRow.parse(row);
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
    phoneCountry: ZONE_COUNTRY[b.time_zone],
  };
}

/** The business's name, zone, currency and the policies a chat explains. */
export async function businessProfile(ctx: UseCaseContext, businessId: string): Promise<BusinessProfile> {
  const id = Id.parse(businessId);
  const rows = await emForBusiness(ctx.orm, id).getConnection().execute(`select ${PROFILE_COLUMNS} from business b where b.id = ?`, [id]);
  if (rows.length === 0) throw new NotFound('business');
  return profileFromRow(rows[0]);
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

const StaffRow = z.object({ id: z.string(), name: z.string() });

/** Active specialists who offer a service, in the business's order; none when the service is inactive or unknown. */
export async function staffForService(ctx: UseCaseContext, businessId: string, rawServiceId: string): Promise<StaffCard[]> {
  const serviceId = z.uuid().parse(rawServiceId);
  const id = Id.parse(businessId);
  const rows = await emForBusiness(ctx.orm, id)
    .getConnection()
    .execute(
      `select m.id, m.name from staff_member m
         join staff_member_service x on x.staff_member_id = m.id
         join service s on s.id = x.service_id and s.business_id = m.business_id and s.active
        where m.business_id = ? and m.active and x.service_id = ?
        order by m.position, m.name`,
      [id, serviceId],
    );
  return rows.map((row) => StaffRow.parse(row));
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
