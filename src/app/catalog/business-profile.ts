import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { BUSINESS_PROFILE, PROFILE_COLUMNS } from './catalog-sql.ts';
import { readMapPoint, type MapPoint } from './business-settings.ts';

// Readers of the profile together with other rows select these columns themselves.
export { PROFILE_COLUMNS };

/** What a chat shows about the business itself. */
export interface BusinessProfile {
  id: string;
  name: string;
  timeZone: string;
  currency: string;
  defaultLocale: string;
  cancelCutoffMinutes: number;
  rescheduleCutoffMinutes: number;
  /** A customer moving a booking may pick another specialist's free time. */
  rescheduleAnySpecialist: boolean;
  holdMinutes: number;
  bookingHorizonDays: number;
  /** True when the business has any active promo code, so asking for one makes sense. */
  hasPromoCodes: boolean;
  /** Where a phone number typed without `+` is read from (from the business's zone), if known. */
  phoneCountry: CountryCode | undefined;
  /** What "About us" and a confirmation say of the business (each may be empty). */
  about: BusinessAbout;
}

/** Who the business is and where: its description, address, phone, map link and point. */
export interface BusinessAbout {
  description: string;
  address: string;
  /** International format, or empty. */
  phone: string;
  mapUrl: string;
  location: MapPoint | null;
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

/** The columns of a {@link BusinessProfile}, as {@link PROFILE_COLUMNS} selects them from `business b`. */
export const ProfileRow = z.object({
  id: z.string(),
  name: z.string(),
  time_zone: z.string(),
  currency: z.string(),
  default_locale: z.string(),
  cancel_cutoff_minutes: z.number(),
  reschedule_cutoff_minutes: z.number(),
  reschedule_any_specialist: z.boolean(),
  hold_minutes: z.number(),
  booking_horizon_days: z.number(),
  has_promo_codes: z.boolean(),
  phone_country: z.string().nullable(),
  description: z.string(),
  address: z.string(),
  phone: z.string(),
  map_url: z.string(),
  location: z.string(),
});

/** The country of a business's time zone, where we know it (phone numbers typed without `+` are read as from there). */
export function countryOfZone(timeZone: string): CountryCode | undefined {
  return ZONE_COUNTRY[timeZone];
}

/** A stored country code when the phone library knows it. */
export function knownCountry(code: string | null): CountryCode | undefined {
  return code !== null && isSupportedCountry(code) ? code : undefined;
}

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
    rescheduleAnySpecialist: b.reschedule_any_specialist,
    holdMinutes: b.hold_minutes,
    bookingHorizonDays: b.booking_horizon_days,
    hasPromoCodes: b.has_promo_codes,
    phoneCountry: knownCountry(b.phone_country) ?? countryOfZone(b.time_zone),
    about: { description: b.description, address: b.address, phone: b.phone, mapUrl: b.map_url, location: readMapPoint(b.location) },
  };
}

/** The business's name, zone, currency and the policies a chat explains. */
export async function businessProfile(ctx: UseCaseContext, businessId: string): Promise<BusinessProfile> {
  const id = Id.parse(businessId);
  const rows = await runSql(emForBusiness(ctx.orm, id), BUSINESS_PROFILE, { businessId: id });
  if (rows.length === 0) throw new NotFound('business');
  return profileFromRow(rows[0]);
}
