import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isPrivateAddress } from '../app/webhooks/webhook-url.ts';
import type { WebhookAttemptOutcome } from '../app/webhooks/record-webhook-attempt.ts';

/** One signed request to a receiver. */
export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Receivers on this machine or a private network are allowed (tests, development). */
  allowPrivate: boolean;
}

// Resolves as usual, then refuses a private address: a public name pointed at an
// internal one (or at cloud metadata) must not make the service call it.
function publicOnlyLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const usable = allowPrivate ? addresses : addresses.filter((a) => !isPrivateAddress(a.address));
      if (usable.length === 0) return callback(Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EPRIVATE' }), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
      return callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}

/**
 * POSTs the body and says how it went: a 2xx is delivered; any other status, a refused
 * connection, a private address or no full answer within `timeoutMs` is a failure. The
 * response body is read and dropped (up to the timeout), redirects are not followed.
 */
export function postWebhook(request: WebhookRequest): Promise<WebhookAttemptOutcome> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      resolve({ ok: false, statusCode: null, error: 'not a URL' });
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const body = Buffer.from(request.body, 'utf8');
    const req = client.request(url, {
      method: 'POST',
      headers: { ...request.headers, 'Content-Length': String(body.length), 'User-Agent': 'BookChat-Webhooks/1' },
      lookup: publicOnlyLookup(request.allowPrivate),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    req.on('response', (res) => {
      const statusCode = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => resolve(statusCode >= 200 && statusCode < 300 ? { ok: true, statusCode } : { ok: false, statusCode, error: `HTTP ${statusCode}` }));
      res.on('error', (error) => resolve({ ok: false, statusCode, error: error.message }));
    });
    req.on('error', (error) => {
      const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError';
      resolve({ ok: false, statusCode: null, error: timedOut ? `no answer within ${request.timeoutMs / 1000} s` : error.message });
    });
    req.end(body);
  });
}
