import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import type { WebhookSettings } from '../../app/webhooks/webhook-settings.ts';

/** Requests per minute one API key may make, by kind (reads: GET; writes: POST and PATCH). */
export interface ApiRateLimits {
  readPerMinute: number;
  writePerMinute: number;
  /** Requests with no key, or a wrong or revoked one, per client address a minute (default 30). */
  failedAuthPerMinutePerAddress?: number;
}

/** The defaults: plenty for a CRM keeping in step, little for a runaway loop. */
export const DEFAULT_API_RATE_LIMITS: Required<ApiRateLimits> = { readPerMinute: 120, writePerMinute: 60, failedAuthPerMinutePerAddress: 30 };

/** What the REST API needs from the rest of the service, passed in by `main.ts` (or a test). */
export interface ApiDeps {
  ctx: UseCaseContext;
  /** Per key and per process (counters in memory): see the API's README. */
  limits?: ApiRateLimits;
  /** How webhook receivers are checked and their secrets sealed; without it the API has no webhook endpoints. */
  webhooks?: WebhookSettings;
}
