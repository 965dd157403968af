import { z } from 'zod';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { BOOKABLE_SERVICES } from './catalog-sql.ts';
import { inLanguage, StoredTranslations } from './name-translations.ts';

/** A bookable service as customers see it. */
export interface ServiceCard {
  id: string;
  /** In the language asked for, when the business translated it; its main name otherwise. */
  name: string;
  /** What the service is (the translation, as for `name`); `''` when the business wrote none. */
  description: string;
  durationMinutes: number;
  priceMinor: number;
  currency: string;
  /** The booking will wait for the team's approval (the service or the whole business asks for it). */
  requiresApproval: boolean;
  hasDeposit: boolean;
  capacity: number;
}

const ServiceRow = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  translations: StoredTranslations,
  default_locale: z.string(),
  duration_minutes: z.number(),
  price_minor: z.number(),
  currency: z.string(),
  requires_approval: z.boolean(),
  deposit_kind: z.string(),
  capacity: z.number(),
});

/**
 * Active services that at least one active specialist offers, in the business's order,
 * named and described in `language` where the business translated them.
 */
export async function bookableServices(ctx: UseCaseContext, businessId: string, language: string | null = null): Promise<ServiceCard[]> {
  const id = Id.parse(businessId);
  const rows = await runSql(emForBusiness(ctx.orm, id), BOOKABLE_SERVICES, { businessId: id });
  return rows.map((raw) => {
    const s = ServiceRow.parse(raw);
    return {
      id: s.id,
      name: inLanguage(s.name, s.translations, 'name', language, s.default_locale),
      description: inLanguage(s.description, s.translations, 'description', language, s.default_locale),
      durationMinutes: s.duration_minutes,
      priceMinor: s.price_minor,
      currency: s.currency,
      requiresApproval: s.requires_approval,
      hasDeposit: s.deposit_kind !== 'none',
      capacity: s.capacity,
    };
  });
}
