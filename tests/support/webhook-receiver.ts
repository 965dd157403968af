import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a test receiver got. */
export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  body: { id: string; type: string; created_at: string; business: { slug: string }; data: Record<string, unknown> };
  /** The signature checked as docs/webhooks.md tells receivers to. */
  signatureValid: boolean;
}

/**
 * Checks a `BookChat-Signature` header the way docs/webhooks.md shows, written here from
 * the documentation and not from the service's code: HMAC-SHA256 of `<t>.<raw body>`
 * under the secret, compared in constant time, and a timestamp more than five minutes
 * from `nowSeconds` refused.
 */
export function verifyBookChatSignature(secret: string, header: string | undefined, rawBody: string, nowSeconds: number): boolean {
  if (!header) return false;
  const fields = Object.fromEntries(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(fields['t']);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > 300) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex'));
  const given = Buffer.from(fields['v1'] ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A receiver on 127.0.0.1: records each request and answers with the status the test sets. */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The status of the next answers (default 200). */
  answer: number;
  /** The secret it checks signatures with. */
  secret: string;
  close(): Promise<void>;
}

export async function startWebhookReceiver(nowSeconds: () => number, path = '/hook'): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = { url: '', received: [], answer: 200, secret: '', close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const header = req.headers['bookchat-signature'];
      receiver.received.push({
        headers: req.headers,
        rawBody,
        body: JSON.parse(rawBody) as ReceivedWebhook['body'],
        signatureValid: verifyBookChatSignature(receiver.secret, typeof header === 'string' ? header : undefined, rawBody, nowSeconds()),
      });
      res.writeHead(receiver.answer, { 'Content-Type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}
