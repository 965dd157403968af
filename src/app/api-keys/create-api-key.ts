import { z } from 'zod';
import { API_KEY_SCOPES, ApiKeySchema, UserSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id, textField } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { newApiKeySecret } from './api-key-secret.ts';
import { toApiKeyView, type ApiKeyView } from './api-key-view.ts';

/** Input of {@link createApiKey}. Messages are keys under `panel.errors`. */
export const CreateApiKeyInput = z.object({
  name: textField(80, { tooLong: 'too_big', required: 'required' }),
  scope: z.enum(API_KEY_SCOPES, { error: 'invalid' }),
});

/** A key just made: its row, and the key itself — the only time anyone sees it. */
export interface CreatedApiKey {
  apiKey: ApiKeyView;
  plainKey: string;
}

/** Makes an API key for the business (audited, the key never written anywhere but the answer). */
export async function createApiKey(ctx: UseCaseContext, businessId: string, userId: string, raw: z.input<typeof CreateApiKeyInput>): Promise<CreatedApiKey> {
  const input = CreateApiKeyInput.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const secret = newApiKeySecret();
    const row = em.create(ApiKeySchema, {
      business: id,
      name: input.name,
      prefix: secret.prefix,
      hash: secret.hash,
      scope: input.scope,
      createdBy: em.getReference(UserSchema, userId, { wrapped: true }),
      createdAt: new Date(ctx.now()),
    });
    recordAudit(em, ctx.now(), { businessId: id, actor: { kind: 'business', userId }, action: 'api_key.created', entityType: 'api_key', entityId: row.id, details: { name: input.name, scope: input.scope, prefix: secret.prefix } });
    await em.flush();
    return { apiKey: toApiKeyView(row), plainKey: secret.key };
  });
}
