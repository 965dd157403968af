import { createServer, type Server } from 'node:http';
import type { ChannelSender, OutgoingMessage } from '../../src/app/notifications/channel-sender.ts';

/**
 * A local stand-in for a chat API (Telegram-like): POST /send with JSON. Chats listed
 * in `throttled` get one 429 with `retry_after` first; chats in `broken` always 500.
 */
export class FakeChatApi {
  readonly received: OutgoingMessage[] = [];
  readonly throttled = new Set<string>();
  readonly broken = new Set<string>();
  #server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const message = JSON.parse(body) as OutgoingMessage;
      if (this.broken.has(message.chatId)) return res.writeHead(500).end(JSON.stringify({ ok: false, description: 'Internal Server Error' }));
      if (this.throttled.delete(message.chatId)) {
        return res.writeHead(429).end(JSON.stringify({ ok: false, error_code: 429, parameters: { retry_after: 7 } }));
      }
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

/** A sender speaking HTTP to the fake, mapping its answers to send outcomes like a real adapter. */
export function httpSender(api: FakeChatApi, limits: ChannelSender['limits'] = { perSecond: 1000, perChatIntervalMs: 0 }): ChannelSender {
  return {
    channel: 'telegram',
    limits,
    async send(message) {
      const response = await fetch(`http://127.0.0.1:${api.port}/send`, { method: 'POST', body: JSON.stringify(message) });
      const body = (await response.json()) as { ok: boolean; description?: string; parameters?: { retry_after?: number } };
      if (body.ok) return { ok: true };
      const retryAfter = body.parameters?.retry_after;
      return { ok: false, error: `HTTP ${response.status}${body.description ? `: ${body.description}` : ''}`, ...(retryAfter ? { retryAfterMs: retryAfter * 1000 } : {}) };
    },
  };
}

