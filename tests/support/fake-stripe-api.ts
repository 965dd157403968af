import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Stripe from 'stripe';
import { afterAll } from 'vitest';

/** One request the fake saw, as Stripe would read it (form fields decoded into objects). */
export interface StripeRequestSeen {
  method: string;
  path: string;
  /** The secret key it was made with (Bearer), or null. */
  secretKey: string | null;
  idempotencyKey: string | null;
  params: Record<string, unknown>;
  status: number;
}

/** A Checkout Session as the fake keeps it (the fields our code reads and tests check). */
export interface FakeSession {
  id: string;
  object: 'checkout.session';
  amount_total: number;
  amount_subtotal: number;
  currency: string;
  client_reference_id: string | null;
  created: number;
  expires_at: number;
  livemode: false;
  locale: string | null;
  metadata: Record<string, string>;
  mode: string;
  payment_intent: string | null;
  payment_status: 'paid' | 'unpaid';
  status: 'open' | 'complete' | 'expired';
  success_url: string;
  cancel_url: string | null;
  url: string | null;
  /** The line item as sent (`price_data`, `quantity`). */
  line_items: unknown;
}

/** An error answer, in Stripe's shape: `{ error: { type, code, message, param } }`. */
export interface StripeApiError {
  status: number;
  type: string;
  code?: string;
  message: string;
}

/** Stripe's answers to the failures our code must tell apart. */
export const STRIPE_FAILURES = {
  serverError: { status: 500, type: 'api_error', message: 'An unknown error occurred' },
  rateLimited: { status: 429, type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests hit the API too quickly.' },
  invalidRequest: { status: 400, type: 'invalid_request_error', code: 'parameter_invalid', message: 'Invalid request.' },
} as const satisfies Record<string, StripeApiError>;

interface Stored {
  path: string;
  params: string;
  status: number;
  body: unknown;
}

/**
 * A small local Stripe API for tests, spoken over real HTTP with form-encoded bodies
 * and Bearer keys, answering as Stripe answers: Checkout Sessions (create, retrieve,
 * expire) and Refunds, with idempotency keys (the same key and parameters → the same
 * answer; other parameters → 400 `idempotency_error`). Records every request. Its clock
 * (`now`) is the test's: `expires_at` is checked against it as Stripe checks it
 * against its own. Start it with {@link FakeStripeApi.start}; it stops after the file.
 */
export class FakeStripeApi {
  private server: Server | undefined;
  private readonly keys = new Set<string>();
  private readonly idempotent = new Map<string, Stored>();
  private readonly scripted: { failure: StripeApiError | 'stall'; left: number }[] = [];
  private readonly owners = new Map<string, string>();
  private readonly refunded = new Map<string, number>();
  readonly sessions = new Map<string, FakeSession>();
  /** Every request, in arrival order. */
  readonly requests: StripeRequestSeen[] = [];
  url = '';
  private readonly now: () => number;

  private constructor(now: () => number) {
    this.now = now;
  }

  /** Starts a fake on 127.0.0.1 (a free port) that stops itself after the test file. */
  static async start(options: { now?: () => number } = {}): Promise<FakeStripeApi> {
    const fake = new FakeStripeApi(options.now ?? Date.now);
    fake.server = createServer((req, res) => void fake.answer(req, res));
    await new Promise<void>((resolve) => fake.server!.listen(0, '127.0.0.1', resolve));
    const address = fake.server.address();
    if (!address || typeof address === 'string') throw new Error('fake Stripe API has no port');
    fake.url = `http://127.0.0.1:${address.port}`;
    afterAll(() => fake.stop());
    return fake;
  }

  /** Lets a secret key in. */
  addKey(secretKey: string): void {
    this.keys.add(secretKey);
  }

  /** The next `times` requests get `failure` — or, with `'stall'`, no answer at all (a timeout). */
  fail(failure: StripeApiError | 'stall', times = 1): void {
    this.scripted.push({ failure, left: times });
  }

  /** Requests to one path (`/v1/checkout/sessions`, `/v1/refunds`), in order. */
  requestsTo(method: string, path: string): StripeRequestSeen[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  /** The customer paid: the session completes, paid, with a fresh PaymentIntent. */
  pay(sessionId: string): FakeSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`no session ${sessionId}`);
    Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: `pi_${randomBytes(12).toString('hex')}` });
    return session;
  }

  /** The charge of a paid session as Stripe's `charge.refunded` event carries it. */
  chargeOf(sessionId: string): Record<string, unknown> {
    const session = this.sessions.get(sessionId);
    if (!session?.payment_intent) throw new Error(`session ${sessionId} is not paid`);
    const amountRefunded = this.refunded.get(session.payment_intent) ?? 0;
    return {
      id: `ch_${session.payment_intent.slice(3)}`,
      object: 'charge',
      amount: session.amount_total,
      amount_refunded: amountRefunded,
      currency: session.currency,
      payment_intent: session.payment_intent,
      refunded: amountRefunded === session.amount_total,
      status: 'succeeded',
    };
  }

  /**
   * A webhook delivery as Stripe sends it: the event as pretty-printed JSON (the raw
   * body) and its `Stripe-Signature` header, signed with `webhookSecret` at `timestamp`
   * (epoch seconds; the fake's clock by default).
   */
  signedEvent(type: string, object: unknown, webhookSecret: string, options: { id?: string; timestamp?: number } = {}): { body: Buffer; signature: string; eventId: string } {
    const eventId = options.id ?? `evt_${randomBytes(12).toString('hex')}`;
    const created = Math.floor(this.now() / 1000);
    const event = { id: eventId, object: 'event', api_version: Stripe.API_VERSION, created, data: { object }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type };
    const payload = JSON.stringify(event, null, 2);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret, timestamp: options.timestamp ?? created });
    return { body: Buffer.from(payload, 'utf8'), signature, eventId };
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    const params = decodeForm(Buffer.concat(chunks).toString('utf8'));
    const method = req.method ?? 'GET';
    const path = (req.url ?? '').split('?')[0] ?? '';
    const header = req.headers.authorization ?? '';
    const secretKey = header.startsWith('Bearer ') ? header.slice(7) : null;
    const idempotencyKeyHeader = req.headers['idempotency-key'];
    const idempotencyKey = typeof idempotencyKeyHeader === 'string' ? idempotencyKeyHeader : null;
    const seen: StripeRequestSeen = { method, path, secretKey, idempotencyKey, params, status: 0 };
    this.requests.push(seen);
    const reply = (status: number, body: unknown) => {
      seen.status = status;
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomBytes(8).toString('hex')}` }).end(JSON.stringify(body));
    };
    const scripted = this.scripted.find((s) => s.left > 0);
    if (scripted) {
      scripted.left -= 1;
      if (scripted.failure === 'stall') return; // never answered: the client's timeout ends it
      return reply(scripted.failure.status, errorBody(scripted.failure));
    }
    if (!secretKey || !this.keys.has(secretKey)) {
      return reply(401, errorBody({ status: 401, type: 'invalid_request_error', message: `Invalid API Key provided: ${mask(secretKey ?? '')}` }));
    }
    // Stripe replays the first answer to a key; other parameters under the same key are an error.
    const stored = idempotencyKey && method === 'POST' ? this.idempotent.get(`${secretKey} ${idempotencyKey}`) : undefined;
    if (stored) {
      if (stored.path !== path || stored.params !== JSON.stringify(params)) {
        return reply(400, errorBody({ status: 400, type: 'idempotency_error', message: 'Keys for idempotent requests can only be used with the same parameters they were first used with.' }));
      }
      return reply(stored.status, stored.body);
    }
    const [status, body] = this.route(method, path, params, secretKey);
    if (idempotencyKey && method === 'POST' && status < 500) this.idempotent.set(`${secretKey} ${idempotencyKey}`, { path, params: JSON.stringify(params), status, body });
    return reply(status, body);
  }

  private route(method: string, path: string, params: Record<string, unknown>, secretKey: string): [number, unknown] {
    if (method === 'POST' && path === '/v1/checkout/sessions') return this.createSession(params, secretKey);
    if (method === 'POST' && path === '/v1/refunds') return this.createRefund(params, secretKey);
    const match = /^\/v1\/checkout\/sessions\/([A-Za-z0-9_]+)(\/expire)?$/.exec(path);
    const session = match ? this.sessions.get(match[1]!) : undefined;
    if (match && (!session || this.owners.get(session.id) !== secretKey)) return missing('checkout.session', match[1]!);
    if (session && method === 'GET' && !match?.[2]) return [200, session];
    if (session && method === 'POST' && match?.[2]) {
      if (session.status !== 'open') return invalid(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`, 'session');
      session.status = 'expired';
      session.url = null;
      return [200, session];
    }
    return [404, errorBody({ status: 404, type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` })];
  }

  private createSession(params: Record<string, unknown>, secretKey: string): [number, unknown] {
    const nowSeconds = Math.floor(this.now() / 1000);
    if (params['mode'] !== 'payment') return invalid('mode: only payment is supported by this fake', 'mode');
    if (typeof params['success_url'] !== 'string') return invalid('Missing required param: success_url.', 'success_url');
    const items = params['line_items'];
    const item = Array.isArray(items) && items.length === 1 ? record(items[0]) : undefined;
    const price = record(item?.['price_data']);
    const currency = price?.['currency'];
    const unitAmount = Number(price?.['unit_amount']);
    if (typeof currency !== 'string' || !/^[a-z]{3}$/.test(currency)) return invalid('Invalid currency: must be a lowercase ISO code.', 'line_items[0][price_data][currency]');
    if (!Number.isInteger(unitAmount) || unitAmount <= 0) return invalid('Invalid integer: unit_amount.', 'line_items[0][price_data][unit_amount]');
    const quantity = Number(item?.['quantity'] ?? 1);
    const expiresAt = params['expires_at'] === undefined ? nowSeconds + 24 * 3600 : Number(params['expires_at']);
    if (!Number.isInteger(expiresAt) || expiresAt < nowSeconds + 30 * 60 || expiresAt > nowSeconds + 24 * 3600) {
      return invalid('The `expires_at` timestamp must be at least 30 minutes and less than 24 hours from Checkout Session creation.', 'expires_at');
    }
    const id = `cs_test_${randomBytes(16).toString('hex')}`;
    const metadata = record(params['metadata']) ?? {};
    const session: FakeSession = {
      id,
      object: 'checkout.session',
      amount_total: unitAmount * quantity,
      amount_subtotal: unitAmount * quantity,
      currency,
      client_reference_id: typeof params['client_reference_id'] === 'string' ? params['client_reference_id'] : null,
      created: nowSeconds,
      expires_at: expiresAt,
      livemode: false,
      locale: typeof params['locale'] === 'string' ? params['locale'] : null,
      metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, String(v)])),
      mode: 'payment',
      payment_intent: null,
      payment_status: 'unpaid',
      status: 'open',
      success_url: params['success_url'],
      cancel_url: typeof params['cancel_url'] === 'string' ? params['cancel_url'] : null,
      url: `${this.url}/c/pay/${id}`,
      line_items: items,
    };
    this.sessions.set(id, session);
    this.owners.set(id, secretKey);
    return [200, session];
  }

  private createRefund(params: Record<string, unknown>, secretKey: string): [number, unknown] {
    const intent = params['payment_intent'];
    const session = [...this.sessions.values()].find((s) => s.payment_intent === intent && this.owners.get(s.id) === secretKey);
    if (typeof intent !== 'string' || !session) return missing('payment_intent', String(intent));
    const already = this.refunded.get(intent) ?? 0;
    const left = session.amount_total - already;
    const amount = params['amount'] === undefined ? left : Number(params['amount']);
    if (left === 0) return [400, errorBody({ status: 400, type: 'invalid_request_error', code: 'charge_already_refunded', message: `Charge ch_${intent.slice(3)} has already been refunded.` })];
    if (!Number.isInteger(amount) || amount <= 0 || amount > left) {
      return [400, errorBody({ status: 400, type: 'invalid_request_error', code: 'amount_too_large', message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})` })];
    }
    this.refunded.set(intent, already + amount);
    const metadata = record(params['metadata']) ?? {};
    return [200, { id: `re_${randomBytes(12).toString('hex')}`, object: 'refund', amount, currency: session.currency, payment_intent: intent, charge: `ch_${intent.slice(3)}`, status: 'succeeded', metadata, created: Math.floor(this.now() / 1000) }];
  }
}

function errorBody(e: StripeApiError): unknown {
  return { error: { type: e.type, ...(e.code ? { code: e.code } : {}), message: e.message } };
}

function invalid(message: string, param: string): [number, unknown] {
  return [400, { error: { type: 'invalid_request_error', message, param } }];
}

function missing(kind: string, id: string): [number, unknown] {
  return [404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${kind}: '${id}'`, param: 'id' } }];
}

function mask(key: string): string {
  return key.length > 12 ? `${key.slice(0, 8)}****${key.slice(-4)}` : '****';
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : undefined;
}

/**
 * A form body as Stripe reads it: `a[b][0][c]=x` nests into `{ a: { b: [{ c: 'x' }] } }`
 * (objects whose keys are all indices become arrays).
 */
export function decodeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(/\[|\]\[|\]/).filter((part) => part !== '');
    let node = root;
    path.forEach((part, i) => {
      if (i === path.length - 1) {
        node[part] = value;
        return;
      }
      const child = node[part];
      if (isRecord(child)) node = child;
      else {
        const fresh: Record<string, unknown> = {};
        node[part] = fresh;
        node = fresh;
      }
    });
  }
  const decoded = arrays(root);
  return isRecord(decoded) ? decoded : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrays(value: unknown): unknown {
  const object = record(value);
  if (!object) return value;
  const entries = Object.entries(object).map(([k, v]) => [k, arrays(v)] as const);
  const indexed = entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k));
  return indexed ? entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v) : Object.fromEntries(entries);
}
