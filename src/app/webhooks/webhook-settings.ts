import type { AppSecrets } from '../../db/secret-box.ts';

/**
 * What the webhooks use cases need from the configuration (parsed once in `main.ts`):
 * the app secrets signing secrets are sealed under, and whether receivers on this
 * machine or a private network are allowed (`WEBHOOKS_ALLOW_PRIVATE_URLS`, for tests and
 * development only — else a business could make the service call its own neighbours).
 */
export interface WebhookSettings {
  secrets: AppSecrets;
  allowPrivateUrls: boolean;
}

/** The purpose signing secrets are sealed for (`src/db/secret-box.ts`), bound to the subscription id. */
export const WEBHOOK_SECRET_PURPOSE = 'webhook-signing-secret';
