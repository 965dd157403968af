import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { BusinessSchema, MembershipSchema, UserSchema } from '../../db/entities/index.ts';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import { emAcrossBusinesses } from '../../db/tenant-scope.ts';
import { dropTeamResetLinks } from '../accounts/team-reset-link-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { BusinessLanguageField, BusinessName, BusinessPhoneCountry, Currency, TimeZone } from './business-settings.ts';
import { BusinessSlug, slugVariants, suggestSlug } from './business-slug.ts';

/**
 * A new business as the wizard's first step (or the REST API) sends it. A blank or
 * missing `slug` is made from the name ({@link suggestSlug}), with `-2`, `-3`… when
 * that one is taken; a slug typed by the person is used as typed, or refused as taken.
 */
export const BusinessInput = z.object({
  name: BusinessName,
  slug: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), BusinessSlug.optional()),
  timeZone: TimeZone,
  language: BusinessLanguageField,
  currency: Currency,
  phoneCountry: BusinessPhoneCountry,
});

/** The parsed {@link BusinessInput}. */
export type BusinessData = z.infer<typeof BusinessInput>;

/** How creating a business ended: created, or the slug asked for belongs to another business (with a free one to offer). */
export type CreateBusinessOutcome = { kind: 'created'; businessId: string; slug: string } | { kind: 'slug_taken'; suggestion: string };

// Variants tried when a slug is taken, before one made unique by the new id.
const VARIANTS = 20;

/**
 * Creates a business and makes `userId` its owner, in one transaction, with a
 * `business.created` audit entry. Anyone signed in may create one; the business starts
 * with the schema's default policies and colours. Reset links a team made for the user
 * are deleted: the account now reaches a business that team has no say over.
 */
export async function createBusiness(ctx: UseCaseContext, userId: string, raw: unknown): Promise<CreateBusinessOutcome> {
  const input = BusinessInput.parse(raw);
  const ownerId = Id.parse(userId);
  const wanted = input.slug ?? suggestSlug(input.name, input.language);
  const id = randomUUID();
  const candidates = [wanted, ...slugVariants(wanted, VARIANTS), `${wanted.slice(0, 54).replace(/-+$/, '')}-${id.slice(0, 8)}`];
  try {
    return await emAcrossBusinesses(ctx.orm).transactional(async (em) => {
      await em.findOneOrFail(UserSchema, { id: ownerId });
      const taken = new Set((await em.find(BusinessSchema, { slug: { $in: candidates } }, { fields: ['slug'] })).map((b) => b.slug));
      const free = candidates.find((c) => !taken.has(c)) ?? candidates[candidates.length - 1]!;
      if (input.slug !== undefined && taken.has(input.slug)) return { kind: 'slug_taken', suggestion: free };
      const business = em.create(BusinessSchema, {
        id,
        slug: free,
        name: input.name,
        timeZone: input.timeZone,
        defaultLocale: input.language,
        currency: input.currency,
        phoneCountry: input.phoneCountry,
      });
      em.create(MembershipSchema, { business, user: ownerId, role: 'owner' });
      await dropTeamResetLinks(em, ownerId);
      const { name, timeZone, language, currency, phoneCountry } = input;
      recordAudit(em, ctx.now(), {
        businessId: id,
        actor: { kind: 'business', userId: ownerId },
        action: 'business.created',
        entityType: 'business',
        entityId: id,
        details: { name, slug: free, timeZone, language, currency, phoneCountry, owner: ownerId },
      });
      return { kind: 'created', businessId: id, slug: free };
    });
  } catch (error) {
    // Someone took the slug between the look-up and the insert.
    if (isUniqueViolation(error, 'business_slug_unique')) return { kind: 'slug_taken', suggestion: candidates[candidates.length - 1]! };
    throw error;
  }
}
