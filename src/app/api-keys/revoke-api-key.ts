import { ApiKeySchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { toApiKeyView, type ApiKeyView } from './api-key-view.ts';

/**
 * Revokes a key: the next request made with it is refused. Revoking again changes
 * nothing; a key of another business (or no key at all) is `NotFound`. Audited.
 */
export async function revokeApiKey(ctx: UseCaseContext, businessId: string, userId: string, rawKeyId: string): Promise<ApiKeyView> {
  const id = Id.parse(businessId);
  const keyId = Id.safeParse(rawKeyId);
  if (!keyId.success) throw new NotFound('api key');
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const row = await em.findOne(ApiKeySchema, { id: keyId.data });
    if (!row) throw new NotFound('api key');
    if (row.revokedAt) return toApiKeyView(row);
    row.revokedAt = new Date(ctx.now());
    recordAudit(em, ctx.now(), { businessId: id, actor: { kind: 'business', userId }, action: 'api_key.revoked', entityType: 'api_key', entityId: row.id, details: { name: row.name, prefix: row.prefix } });
    await em.flush();
    return toApiKeyView(row);
  });
}
