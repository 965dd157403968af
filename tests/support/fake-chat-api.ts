import { createServer, type Server } from 'node:http';
import type { ChannelSender, OutgoingMessage } from '../../src/app/notifications/channel-sender.ts';

/**
 * The cheapest possible chat API, for the dispatch benchmark (which measures the
 * dispatcher, not a channel): POST /send with the message as JSON; every send succeeds.
 * Channel errors are tested against the real Telegram sender and the scriptable
 * `FakeBotApi` (tests/support/fake-bot-api.ts), never a copy of their mapping here.
 */
export class FakeChatApi {
  readonly received: OutgoingMessage[] = [];
  #server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const message = JSON.parse(body) as OutgoingMessage;
      this.received.push(message);
      res.writeHead(200).end(JSON.stringify({ ok: true }));
    });
  });
  port = 0;
  async start() {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', () => resolve()));
    const address = this.#server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }
  async stop() {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** A sender speaking HTTP to the fake: any answer but `ok` is a failure to retry. */
export function httpSender(api: FakeChatApi, limits: ChannelSender['limits'] = { perSecond: 1000, perChatIntervalMs: 0 }): ChannelSender {
  return {
    channel: 'telegram',
    limits,
    maxSendMs: 10_000,
    async send(message) {
      const response = await fetch(`http://127.0.0.1:${api.port}/send`, { method: 'POST', body: JSON.stringify(message) });
      await response.text();
      return response.ok ? { ok: true } : { ok: false, error: `HTTP ${response.status}` };
    },
  };
}

