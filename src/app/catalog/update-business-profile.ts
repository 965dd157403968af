import { countryOfZone } from './business-profile.ts';
import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { BusinessSchema, ServiceSchema } from '../../db/entities/index.ts';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { normalizePhone } from '../customers/phone-number.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { Address, BusinessDescription, BusinessLanguageField, BusinessName, BusinessPhoneCountry, Currency, MapLocation, MapUrl, TimeZone } from './business-settings.ts';
import { BusinessSlug } from './business-slug.ts';

type Issue = { path?: readonly PropertyKey[] };
const touches = (issues: readonly Issue[], fields: readonly string[]) => issues.some((i) => fields.includes(String(i.path?.[0])));

// Every field is optional: a field left out stays as it is.
const ProfileFields = z.object({
  name: BusinessName.optional(),
  slug: BusinessSlug.optional(),
  timeZone: TimeZone.optional(),
  language: BusinessLanguageField.optional(),
  currency: Currency.optional(),
  phoneCountry: BusinessPhoneCountry.optional(),
  address: Address.optional(),
  mapUrl: MapUrl.optional(),
  location: MapLocation.optional(),
  description: BusinessDescription.optional(),
  phone: z.string().trim().max(40, 'business_phone_invalid').optional(),
});

/**
 * The business's profile as the settings page (every field) or a wizard step sends
 * it: a field left out stays as it is. A phone is read in the phone country sent with
 * it (or the business's) and stored as E.164; blank clears it.
 */
export const BusinessProfileInput = ProfileFields.refine(
  (v) => !v.phone || !v.phoneCountry || normalizePhone(v.phone, v.phoneCountry as CountryCode) !== null,
  // Checked here too when the country comes with the number, so a form shows it with the other errors.
  { path: ['phone'], message: 'business_phone_invalid', when: (payload) => !touches(payload.issues, ['phone', 'phoneCountry']) },
);

/** The wizard's first step: name, slug, zone, language, currency and phone country. */
export const BusinessSettingsInput = ProfileFields.pick({ name: true, slug: true, timeZone: true, language: true, currency: true, phoneCountry: true });

/** The wizard's contact step: address, map link and point, phone (read in the business's phone country) and a short description. */
export const BusinessContactInput = ProfileFields.pick({ address: true, mapUrl: true, location: true, phone: true, description: true });

/** The parsed {@link BusinessProfileInput}. */
export type BusinessProfileData = z.infer<typeof BusinessProfileInput>;

/**
 * How an update ended: saved (with the slug the business has now, so a renamed one is
 * followed), or refused for this business's data, with an error key (under
 * `panel.errors`) per field: a slug another business has, a phone that is no number in
 * the phone country, a currency change while services have prices.
 */
export type UpdateBusinessProfileOutcome = { kind: 'updated'; slug: string } | { kind: 'invalid'; errors: Record<string, string> };

// Input field → business column, for the ones stored as given.
const COLUMNS = { name: 'name', slug: 'slug', timeZone: 'timeZone', language: 'defaultLocale', currency: 'currency', phoneCountry: 'phoneCountry', address: 'address', mapUrl: 'mapUrl', location: 'location', description: 'description', phone: 'phone' } as const;

/**
 * Updates a business's profile, with a `business.updated` audit entry naming each
 * changed field's old and new value. The currency cannot change while the business has
 * services: their prices are in the old one, and BookChat never converts money.
 */
export async function updateBusinessProfile(ctx: UseCaseContext, businessId: string, actor: Actor, raw: unknown): Promise<UpdateBusinessProfileOutcome> {
  const input = BusinessProfileInput.parse(raw);
  const id = Id.parse(businessId);
  try {
    return await emForBusiness(ctx.orm, id).transactional(async (em): Promise<UpdateBusinessProfileOutcome> => {
      const business = await em.findOne(BusinessSchema, { id });
      if (!business) throw new NotFound('business');
      const errors: Record<string, string> = {};
      const country = (input.phoneCountry ?? business.phoneCountry ?? countryOfZone(input.timeZone ?? business.timeZone) ?? 'KZ') as CountryCode;
      const phone = input.phone === undefined || input.phone === '' ? input.phone : normalizePhone(input.phone, country);
      if (phone === null) errors['phone'] = 'business_phone_invalid';
      if (input.currency !== undefined && input.currency !== business.currency && (await em.count(ServiceSchema, { business: id })) > 0) {
        errors['currency'] = 'business_currency_locked';
      }
      // Business rows are not tenant-filtered: this looks at every business's slug.
      if (input.slug !== undefined && input.slug !== business.slug && (await em.count(BusinessSchema, { slug: input.slug, id: { $ne: id } })) > 0) {
        errors['slug'] = 'business_slug_taken';
      }
      if (Object.keys(errors).length > 0) return { kind: 'invalid', errors };
      const next: Partial<Record<keyof typeof COLUMNS, string>> = { ...input, ...(phone ? { phone } : {}) };
      const changes: Record<string, { from: string | null; to: string }> = {};
      for (const [field, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, (typeof COLUMNS)[keyof typeof COLUMNS]][]) {
        const value = next[field];
        if (value === undefined || value === business[column]) continue;
        changes[field] = { from: business[column] === null ? null : String(business[column]), to: value };
        em.assign(business, { [column]: value });
      }
      if (Object.keys(changes).length > 0) {
        recordAudit(em, ctx.now(), { businessId: id, actor, action: 'business.updated', entityType: 'business', entityId: id, details: { changes } });
      }
      return { kind: 'updated', slug: business.slug };
    });
  } catch (error) {
    // Another business took the slug between the look-up and the update.
    if (isUniqueViolation(error, 'business_slug_unique')) return { kind: 'invalid', errors: { slug: 'business_slug_taken' } };
    throw error;
  }
}
