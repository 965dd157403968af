import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';

// Every Twilio call is bounded: the outbox dispatcher counts on a send finishing in time.
const REQUEST_TIMEOUT_MS = 10_000;

/** The longest one send can take (the SDK does not retry by itself here). */
export const TWILIO_MAX_SEND_MS = REQUEST_TIMEOUT_MS + 2_000;

/**
 * The SDK's HTTP client, sending every request to another base URL (`TWILIO_API_BASE`:
 * a local fake Twilio in tests). The SDK's `edge`/`region` options only change the
 * host name under twilio.com, so they cannot reach a local server; this can.
 */
class RebasedRequestClient extends twilio.RequestClient {
  readonly #base: string;

  constructor(base: string) {
    super({ timeout: REQUEST_TIMEOUT_MS, keepAlive: true });
    this.#base = base.replace(/\/+$/, '');
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const url = new URL(opts.uri);
    return super.request<TData>({ ...opts, uri: `${this.#base}${url.pathname}${url.search}` });
  }
}

/** One message to send: text (`body`), or an approved template with its variables. */
export type TwilioMessage = { from: string; to: string } & ({ body: string } | { contentSid: string; contentVariables: Record<string, string> });

/** Sends messages with one business's own account. */
export interface TwilioMessenger {
  /** Sends one message; Twilio's SID of it. Throws {@link TwilioSendError} when Twilio refuses it. */
  send(message: TwilioMessage): Promise<string>;
}

/** Twilio refused a message (`status`: HTTP; `code`: Twilio's error code, e.g. 21610), or it could not be reached (no status). */
export class TwilioSendError extends Error {
  readonly status: number | null;
  readonly code: number | null;
  constructor(message: string, status: number | null, code: number | null) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Builds a messenger for an account; `apiBase` points it elsewhere than Twilio (a local fake). */
export function twilioMessenger(account: { accountSid: string; authToken: string }, apiBase?: string): TwilioMessenger {
  const client = twilio(account.accountSid, account.authToken, {
    timeout: REQUEST_TIMEOUT_MS,
    autoRetry: false,
    ...(apiBase ? { httpClient: new RebasedRequestClient(apiBase) } : {}),
  });
  return {
    async send(m) {
      try {
        const sent = await client.messages.create(
          'body' in m ? { from: m.from, to: m.to, body: m.body } : { from: m.from, to: m.to, contentSid: m.contentSid, contentVariables: JSON.stringify(m.contentVariables) },
        );
        return sent.sid;
      } catch (error) {
        throw asSendError(error);
      }
    },
  };
}

function asSendError(error: unknown): TwilioSendError {
  if (error instanceof twilio.RestException) return new TwilioSendError(error.message || `Twilio answered ${error.status}`, error.status, error.code ?? null);
  return new TwilioSendError(`network: ${error instanceof Error ? error.message : String(error)}`, null, null);
}
