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
  /** Every photo uploaded (`sendPhoto` as multipart form data), in arrival order. */
  readonly photos: { chatId: string; caption: string; png: Buffer }[] = [];
  /** Every method called, in arrival order. */
  readonly methods: string[] = [];
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
    this.methods.push(method);
    const body = Buffer.concat(chunks);
    const boundary = /multipart\/form-data; *boundary=(.+)$/.exec(req.headers['content-type'] ?? '')?.[1];
    if (boundary) {
      const parts = formParts(body, boundary);
      const chatId = parts.get('chat_id')?.toString('utf8') ?? '';
      // The photo field names the part that holds the file (`attach://<name>`).
      const photoField = parts.get('photo')?.toString('utf8') ?? '';
      const png = parts.get(photoField.replace(/^attach:\/\//, '')) ?? Buffer.alloc(0);
      const caption = parts.get('caption')?.toString('utf8') ?? '';
      this.photos.push({ chatId, caption, png });
      const markup = JSON.parse(parts.get('reply_markup')?.toString('utf8') ?? '{}') as { inline_keyboard?: Sent['buttons'][] };
      const messageId = this.nextMessageId++;
      this.last.set(chatId, { text: caption, buttons: (markup.inline_keyboard ?? []).flat(), messageId });
      return { ok: true, result: { message_id: messageId, date: 1, chat: { id: Number(chatId), type: 'private' }, photo: [] } };
    }
    const params = chunks.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
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

/** The fields of a multipart/form-data body by name (values as bytes). Enough for grammY's uploads. */
function formParts(body: Buffer, boundary: string): Map<string, Buffer> {
  const parts = new Map<string, Buffer>();
  const delimiter = Buffer.from(`--${boundary.replace(/^"|"$/g, '')}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const name = /name="([^"]+)"/.exec(part.subarray(0, headerEnd).toString('utf8'))?.[1];
    if (name !== undefined) parts.set(name, part.subarray(headerEnd + 4));
    start = next;
  }
  return parts;
}
