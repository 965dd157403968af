import { z } from 'zod';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { RATED_STAFF_FOR_SERVICE, STAFF_FOR_SERVICE } from './catalog-sql.ts';
import { inLanguage, StoredTranslations } from './name-translations.ts';

/** A specialist as customers see them. */
export interface StaffCard {
  id: string;
  /** In the language asked for, when the business translated it; their main name otherwise. */
  name: string;
}

/** What customers said of one specialist: the average of their 1–5 ratings, and how many there are. */
export interface SpecialistRating {
  /** 1 to 5, unrounded: rounding is for whoever shows it. */
  average: number;
  reviews: number;
}

/** A specialist with what customers said of them (of any service: people rate the person); null until someone did. */
export interface RatedStaffCard extends StaffCard {
  rating: SpecialistRating | null;
}

const StaffRow = z.object({ id: z.string(), name: z.string(), translations: StoredTranslations, default_locale: z.string() });
const RatedStaffRow = StaffRow.extend({ average: z.number().nullable(), reviews: z.number().int() });

/**
 * Active specialists who offer a service, in the business's order, named in `language`
 * where the business translated their names; none when the service is inactive or unknown.
 */
export async function staffForService(ctx: UseCaseContext, businessId: string, rawServiceId: string, language: string | null = null): Promise<StaffCard[]> {
  const rows = await staffRows(ctx, businessId, rawServiceId, STAFF_FOR_SERVICE);
  return rows.map((row) => cardOf(StaffRow.parse(row), language));
}

/** {@link staffForService} with each specialist's rating, read in the same statement. */
export async function ratedStaffForService(ctx: UseCaseContext, businessId: string, rawServiceId: string, language: string | null = null): Promise<RatedStaffCard[]> {
  const rows = await staffRows(ctx, businessId, rawServiceId, RATED_STAFF_FOR_SERVICE);
  return rows.map((row) => {
    const m = RatedStaffRow.parse(row);
    return { ...cardOf(m, language), rating: m.average === null || m.reviews === 0 ? null : { average: m.average, reviews: m.reviews } };
  });
}

async function staffRows(ctx: UseCaseContext, businessId: string, rawServiceId: string, statement: typeof STAFF_FOR_SERVICE): Promise<Record<string, unknown>[]> {
  const serviceId = z.uuid().parse(rawServiceId);
  const id = Id.parse(businessId);
  return runSql(emForBusiness(ctx.orm, id), statement, { businessId: id, serviceId });
}

function cardOf(m: z.output<typeof StaffRow>, language: string | null): StaffCard {
  return { id: m.id, name: inLanguage(m.name, m.translations, 'name', language, m.default_locale) };
}
