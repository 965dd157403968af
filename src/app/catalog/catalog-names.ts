import { ServiceSchema, StaffMemberSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { inLanguage, StoredTranslations } from './name-translations.ts';

/**
 * Names for ids a chat message mentions (services and staff), unknown ids left out; with
 * `reader`, in the reader's language where the business translated them.
 */
export async function catalogNames(
  ctx: UseCaseContext,
  businessId: string,
  ids: { serviceIds: string[]; staffIds: string[] },
  reader?: { language: string; defaultLanguage: string },
): Promise<Map<string, string>> {
  const em = emForBusiness(ctx.orm, Id.parse(businessId));
  const [services, staff] = await Promise.all([
    ids.serviceIds.length ? em.find(ServiceSchema, { id: { $in: ids.serviceIds } }) : [],
    ids.staffIds.length ? em.find(StaffMemberSchema, { id: { $in: ids.staffIds } }) : [],
  ]);
  const named = (row: { id: string; name: string; translations: unknown }) =>
    [row.id, reader ? inLanguage(row.name, StoredTranslations.parse(row.translations), 'name', reader.language, reader.defaultLanguage) : row.name] as const;
  return new Map([...services.map(named), ...staff.map(named)]);
}
