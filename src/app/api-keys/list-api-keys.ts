import { ApiKeySchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { toApiKeyView, type ApiKeyView } from './api-key-view.ts';

/** The business's API keys, newest first, revoked ones too (marked). */
export async function listApiKeys(ctx: UseCaseContext, businessId: string): Promise<ApiKeyView[]> {
  const id = Id.parse(businessId);
  const rows = await emForBusiness(ctx.orm, id).find(ApiKeySchema, {}, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  return rows.map(toApiKeyView);
}
