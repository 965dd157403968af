import { ResourceSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { toResourceRow, type ResourceRow } from './list-resources.ts';

/** One of the business's resources; another business's id (or an unknown one) is `NotFound`. */
export async function getResource(ctx: UseCaseContext, businessId: string, resourceId: string): Promise<ResourceRow> {
  const id = Id.parse(businessId);
  const parsed = Id.safeParse(resourceId);
  const row = parsed.success ? await emForBusiness(ctx.orm, id).findOne(ResourceSchema, { id: parsed.data, business: id }) : null;
  if (!row) throw new NotFound('resource');
  return toResourceRow(row);
}
