// Every call to the Bot API is bounded: a request gives up after this long, and
// auto-retry tries a 429 or a 5xx at most twice (waiting at most 5 s each); a network
// error is not retried there, it surfaces at once ("retry later" to the dispatcher,
// backoff for a connecting bot). One call therefore takes at most 3 × 10 + 2 × 5 s.
/** A Bot API request gives up after this long. */
export const REQUEST_TIMEOUT_SECONDS = 10;
/** grammY auto-retry: 429 and 5xx at most twice, waiting at most 5 s; network errors surface at once. */
export const TELEGRAM_RETRY = { maxRetryAttempts: 2, maxDelaySeconds: 5, rethrowHttpErrors: true } as const;
const MAX_CALL_MS = ((TELEGRAM_RETRY.maxRetryAttempts + 1) * REQUEST_TIMEOUT_SECONDS + TELEGRAM_RETRY.maxRetryAttempts * TELEGRAM_RETRY.maxDelaySeconds) * 1000;
/**
 * The longest one notification can take to send, retries included: at most two calls
 * (a photo, then a text that did not fit its caption). The dispatcher starts a send
 * only while this much of its lease is left.
 */
export const TELEGRAM_MAX_SEND_MS = 2 * MAX_CALL_MS;

/** Telegram's documented limits: ~30 messages a second per bot, about one a second per chat. */
export const TELEGRAM_LIMITS = { perSecond: 30, perChatIntervalMs: 1000 } as const;
