import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** One message the fake received, as Twilio's Messages API reads it. */
export interface TwilioSent {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string | undefined;
  contentSid: string | undefined;
  contentVariables: string | undefined;
  /** Every form field of the request. */
  params: Record<string, string>;
}

/** An error answer of the Messages API, as Twilio sends it (HTTP `status`, Twilio `code`). */
export interface TwilioApiError {
  status: number;
  code: number;
  message: string;
}

/** Twilio's own answers to the failures our code must tell apart. */
export const TWILIO_FAILURES = {
  /** 21610: the recipient said STOP to this number (Twilio blocks every message until START). */
  unsubscribed: { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' },
  /** 21211: not a phone number Twilio can send to. */
  invalidTo: { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." },
  /** 63016: WhatsApp free-form text outside the 24-hour window (a template is needed). */
  outsideWindow: { status: 400, code: 63016, message: 'Failed to send freeform message because you are outside the allowed window. If you want to send messages outside the allowed window, please use a Template.' },
  /** 20429: too many requests at once. */
  tooManyRequests: { status: 429, code: 20429, message: 'Too Many Requests' },
  /** 500: Twilio had a problem of its own. */
  serverError: { status: 500, code: 20500, message: 'Internal Server Error' },
} as const satisfies Record<string, TwilioApiError>;

interface Scripted {
  to: string | undefined;
  failure: TwilioApiError;
  left: number;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\.json$/;

/**
 * A small local Twilio REST API for tests: `POST /2010-04-01/Accounts/{sid}/Messages.json`
 * with a form-encoded body and HTTP Basic auth (account SID : auth token), answered as
 * Twilio answers (201 with the Message resource and a fresh `SM…` sid; 401 code 20003
 * for wrong credentials). Records every message it accepts and every request it sees.
 * Failures are scripted with {@link FakeTwilioApi.fail}, per recipient and count.
 */
export class FakeTwilioApi {
  private server: Server | undefined;
  private readonly accounts = new Map<string, string>();
  private readonly scripted: Scripted[] = [];
  /** Every message accepted, in arrival order. */
  readonly sent: TwilioSent[] = [];
  /** Every request, accepted or not, in arrival order. */
  readonly requests: { path: string; params: Record<string, string>; status: number }[] = [];
  url = '';

  /** Lets an account in: its requests must carry this SID and auth token. */
  addAccount(accountSid: string, authToken: string): void {
    this.accounts.set(accountSid, authToken);
  }

  /** The next `times` messages (to `to`, or to anyone) get `failure` instead of being sent. */
  fail(failure: TwilioApiError, options: { to?: string; times?: number } = {}): void {
    this.scripted.push({ to: options.to, failure, left: options.times ?? 1 });
  }

  clearFailures(): void {
    this.scripted.length = 0;
  }

  /** Messages sent to one address (`+380…` for SMS, `whatsapp:+380…`), in order. */
  sentTo(to: string): TwilioSent[] {
    return this.sent.filter((m) => m.to === to);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('fake Twilio API has no port');
    this.url = `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const path = (req.url ?? '').split('?')[0]!;
    const reply = (status: number, body: unknown) => {
      this.requests.push({ path, params, status });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const match = MESSAGES_PATH.exec(path);
    if (req.method !== 'POST' || !match) return reply(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    const accountSid = match[1]!;
    if (!this.authorized(req, accountSid)) return reply(401, { code: 20003, message: 'Authenticate', status: 401 });
    const to = params['To'];
    const from = params['From'];
    if (!to || !from) return reply(400, { code: 21604, message: "A 'To' and a 'From' phone number are required.", status: 400 });
    if (!params['Body'] && !params['ContentSid']) return reply(400, { code: 21619, message: 'A text message body or media urls must be specified.', status: 400 });
    const scripted = this.scripted.find((s) => s.left > 0 && (s.to === undefined || s.to === to));
    if (scripted) {
      scripted.left -= 1;
      const { status, code, message } = scripted.failure;
      return reply(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
    }
    const sid = `SM${randomBytes(16).toString('hex')}`;
    this.sent.push({ sid, accountSid, to, from, body: params['Body'], contentSid: params['ContentSid'], contentVariables: params['ContentVariables'], params });
    const now = new Date().toUTCString();
    return reply(201, {
      sid,
      account_sid: accountSid,
      to,
      from,
      body: params['Body'] ?? '',
      status: 'queued',
      direction: 'outbound-api',
      num_segments: '1',
      num_media: '0',
      api_version: '2010-04-01',
      date_created: now,
      date_updated: now,
      date_sent: null,
      error_code: null,
      error_message: null,
      price: null,
      price_unit: 'USD',
      messaging_service_sid: null,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
      subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
    });
  }

  private authorized(req: IncomingMessage, accountSid: string): boolean {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Basic ')) return false;
    const [user, password] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
    return user === accountSid && this.accounts.get(accountSid) === password;
  }
}
