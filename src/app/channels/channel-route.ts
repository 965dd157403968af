// The HTTP side of a chat channel, as plain data: a channel (src/bots) describes its
// webhook routes with these, and the HTTP layer (src/admin) mounts them, without either
// importing the other.

/**
 * One HTTP request to a channel's route, as the HTTP layer hands it over: path
 * parameters, headers (lower-case names) and the parsed body (JSON or form fields).
 */
export interface ChannelRequest {
  params: Readonly<Record<string, string>>;
  headers: Readonly<Record<string, string | undefined>>;
  body: unknown;
}

/**
 * How a channel answered a request, in the channel's terms; `src/admin` maps each
 * outcome to an HTTP status (HTTP codes live there only).
 * - `ok`: handled (or a duplicate, ignored); `body` is sent with `contentType`;
 * - `unauthorized`: not a known account's request with its secret (an unknown bot id, a
 *   wrong secret header): one answer for all, so ids cannot be probed;
 * - `forbidden`: a signature did not match — nothing was stored;
 * - `not_found`: no such business or number on this channel;
 * - `bad_request`: the body is not what the provider sends.
 */
export interface ChannelAnswer {
  outcome: 'ok' | 'unauthorized' | 'forbidden' | 'not_found' | 'bad_request';
  body?: string;
  contentType?: string;
}

/** A route a channel serves (a provider's webhook), mounted by the HTTP layer. */
export interface ChannelRoute {
  method: 'POST';
  /** Fastify path with `:params` (`/twilio/:slug/sms`). */
  url: string;
  /** How the body is encoded: JSON (Telegram), or form fields (Twilio). */
  body: 'json' | 'form';
  /** Bytes; a larger body is refused before it is read. */
  bodyLimit: number;
  /**
   * Checked before the body is read (a secret header): false → refused at once. The
   * same answer for every refusal, so ids cannot be probed.
   */
  authorize?(request: Omit<ChannelRequest, 'body'>): boolean;
  handle(request: ChannelRequest): Promise<ChannelAnswer>;
}
