import type { CountryCode } from 'libphonenumber-js';
import { BusinessSchema, TelegramBotSchema, TwilioAccountSchema, WhatsAppAccountSchema } from '../../db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../db/tenant-scope.ts';
import { SLUG_PATTERN } from '../catalog/business-slug.ts';
import { countryOfZone, knownCountry } from '../catalog/business-profile.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** The business a public booking page (`/b/<slug>`) books with, and how the page looks. */
export interface BookingPageBusiness {
  id: string;
  slug: string;
  name: string;
  /** The business's language: the page's words when the browser names none we speak. */
  defaultLocale: string;
  timeZone: string;
  /** Brand colours (`#RRGGBB`). */
  primaryColor: string;
  accentColor: string;
  hasLogo: boolean;
  /** Changes whenever the business is saved: links to its logo, colours and icons carry it. */
  version: number;
  /** Where numbers typed without a country code are read. */
  phoneCountry: CountryCode | undefined;
  /** "Continue in Telegram": the business's bot (`https://t.me/<username>`), when it has one. */
  telegramLink: string | null;
  /** "Continue in WhatsApp": its linked number or WhatsApp Business sender (`https://wa.me/<digits>`). */
  whatsappLink: string | null;
}

/**
 * The business at `/b/<slug>` with its chat links, or null (no such business, or not a
 * slug at all). Reads only.
 */
export async function bookingPageBusiness(ctx: UseCaseContext, slug: string): Promise<BookingPageBusiness | null> {
  if (!SLUG_PATTERN.test(slug)) return null;
  const b = await emAcrossBusinesses(ctx.orm).findOne(BusinessSchema, { slug });
  if (!b) return null;
  const em = emForBusiness(ctx.orm, b.id);
  const [bot, whatsapp, twilio] = await Promise.all([
    em.findOne(TelegramBotSchema, { business: b.id, active: true }, { fields: ['username'] }),
    em.findOne(WhatsAppAccountSchema, { business: b.id, active: true, state: 'connected' }, { fields: ['phone'] }),
    em.findOne(TwilioAccountSchema, { business: b.id }, { fields: ['whatsappFrom'] }),
  ]);
  const waNumber = whatsapp?.phone ?? twilio?.whatsappFrom ?? null;
  return {
    id: b.id,
    slug: b.slug,
    name: b.name,
    defaultLocale: b.defaultLocale,
    timeZone: b.timeZone,
    primaryColor: b.brandPrimaryColor,
    accentColor: b.brandAccentColor,
    hasLogo: Boolean(b.logoType),
    version: b.updatedAt.getTime(),
    phoneCountry: knownCountry(b.phoneCountry ?? null) ?? countryOfZone(b.timeZone),
    telegramLink: bot?.username ? `https://t.me/${encodeURIComponent(bot.username)}` : null,
    whatsappLink: waNumber ? `https://wa.me/${waNumber.replace(/\D/g, '')}` : null,
  };
}
