import { createServer, type IncomingMessage, type Server } from 'node:http';

interface Sent {
  text: string;
  buttons: { text: string; callback_data?: string }[];
  messageId: number;
}

/**
 * A minimal Telegram Bot API for benchmarks and crash tests: answers every method with
 * `ok`, keeps the last message per chat (text and buttons) so simulated customers can
 * press them, and records every `sendMessage`. `sendDelayMs` makes each send take that
 * long (a request in flight when a worker is killed); `getUpdates` waits a little and
 * returns nothing, like a quiet long poll. Kept tiny so it is not what a benchmark measures.
 */
export class FakeBotApi {
  private server: Server | undefined;
  private nextMessageId = 1;
  readonly last = new Map<string, Sent>();
  /** Every message sent, in arrival order. */
  readonly sent: { chatId: string; text: string }[] = [];
  calls = 0;
  url = '';

  private readonly sendDelayMs: number;

  constructor(options: { sendDelayMs?: number } = {}) {
    this.sendDelayMs = options.sendDelayMs ?? 0;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.answer(req).then((body) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    this.url = `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async answer(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.calls += 1;
    const method = (req.url ?? '').split('/').pop() ?? '';
    const params = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    if (method === 'getMe') return { ok: true, result: { id: 1, is_bot: true, first_name: 'Bench', username: 'bench_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false } };
    if (method === 'getUpdates') {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { ok: true, result: [] };
    }
    if (method === 'sendMessage' || method === 'editMessageText') {
      const chatId = String(params['chat_id']);
      if (method === 'sendMessage') {
        if (this.sendDelayMs) await new Promise((resolve) => setTimeout(resolve, this.sendDelayMs));
        this.sent.push({ chatId, text: String(params['text']) });
      }
      const markup = params['reply_markup'] as { inline_keyboard?: Sent['buttons'][]; keyboard?: Sent['buttons'][] } | undefined;
      const messageId = method === 'editMessageText' ? Number(params['message_id']) : this.nextMessageId++;
      this.last.set(chatId, { text: String(params['text']), buttons: (markup?.inline_keyboard ?? markup?.keyboard ?? []).flat(), messageId });
      return { ok: true, result: { message_id: messageId, date: 1, chat: { id: Number(chatId), type: 'private' }, text: params['text'] } };
    }
    return { ok: true, result: true };
  }
}
