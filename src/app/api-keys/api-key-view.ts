import type { ApiKey, ApiKeyScope } from '../../db/entities/index.ts';

/** An API key as the panel lists it: never the key itself, only its first characters. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scope: ApiKeyScope;
  /** Epoch ms. */
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** The plain view of a key row. */
export function toApiKeyView(k: ApiKey): ApiKeyView {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scope: k.scope,
    createdAt: k.createdAt.getTime(),
    lastUsedAt: k.lastUsedAt?.getTime() ?? null,
    revokedAt: k.revokedAt?.getTime() ?? null,
  };
}
