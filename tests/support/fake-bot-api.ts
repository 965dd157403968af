import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

interface Sent {
  text: string;
  buttons: { text: string; callback_data?: string; url?: string }[];
  messageId: number;
}

/** An error answer of the Bot API, as Telegram sends it (HTTP status = `error_code`). */
export interface BotApiError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

/** What a scripted call meets instead of its result: an error answer, or a connection dropped before any answer. */
export type BotApiFailure = BotApiError | 'dropped connection';

/** Telegram's own answers to the failures our code must tell apart. */
export const BOT_API_FAILURES = {
  /** 429: flood control; try again after `retryAfter` seconds. */
  tooManyRequests: (retryAfter: number): BotApiError => ({
    error_code: 429,
    description: `Too Many Requests: retry after ${retryAfter}`,
    parameters: { retry_after: retryAfter },
  }),
  messageNotModified: {
    error_code: 400,
    description: 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
  },
  messageToEditNotFound: { error_code: 400, description: 'Bad Request: message to edit not found' },
  chatNotFound: { error_code: 400, description: 'Bad Request: chat not found' },
  botBlocked: { error_code: 403, description: 'Forbidden: bot was blocked by the user' },
  /** The socket is destroyed before an answer: the client sees a network error. */
  droppedConnection: 'dropped connection',
} as const satisfies Record<string, BotApiFailure | ((...args: never[]) => BotApiFailure)>;

/** A successful answer. */
interface BotApiResult {
  ok: true;
  result: unknown;
}

interface Scripted {
  method: string;
  chatId: string | undefined;
  failure: BotApiFailure;
  /** How many more calls it fails (Infinity: until cleared). */
  left: number;
}

/**
 * A minimal Telegram Bot API for tests and benchmarks: answers every method with
 * `ok`, keeps the last message per chat (text and buttons) so simulated customers can
 * press them, and records every `sendMessage`. Like Telegram, it refuses to edit a
 * message it never sent to that chat. Failures can be scripted per method (and chat)
 * with {@link FakeBotApi.fail}: Telegram's error answers or a dropped connection.
 * `sendDelayMs` makes each send take that long (a request in flight when a worker is
 * killed); `getUpdates` waits a little and returns nothing, like a quiet long poll.
 * Kept tiny so it is not what a benchmark measures.
 */
export class FakeBotApi {
  private server: Server | undefined;
  private nextMessageId = 1;
  private readonly scripted: Scripted[] = [];
  /** Message ids sent to each chat: only these can be edited there. */
  private readonly sentIds = new Map<string, Set<number>>();
  readonly last = new Map<string, Sent>();
  /** Every message sent, in arrival order. */
  readonly sent: { chatId: string; text: string }[] = [];
  /** Every photo uploaded (`sendPhoto` as multipart form data), in arrival order. */
  readonly photos: { chatId: string; caption: string; png: Buffer }[] = [];
  /** Every profile setting (`setMyCommands`, `setMyDescription`…) with its parameters, in arrival order. */
  readonly settings: { method: string; params: Record<string, unknown> }[] = [];
  /** Every venue sent (`sendVenue`: the business's place under "About us"), in arrival order. */
  readonly venues: { chatId: string; latitude: number; longitude: number; title: string; address: string }[] = [];
  /** Every message copied (`copyMessage`: a customer's photo into a team chat), in arrival order. */
  readonly copies: { chatId: string; fromChatId: string; messageId: number }[] = [];
  /**
   * Every text message as it stands now, by message id (edits applied), with the reply
   * markup it was last sent or edited with (an inline keyboard, a `force_reply`).
   */
  readonly messages = new Map<number, Sent & { chatId: string; markup: unknown }>();
  /** Every method called, in arrival order. */
  readonly methods: string[] = [];
  calls = 0;
  url = '';

  private readonly sendDelayMs: number;

  constructor(options: { sendDelayMs?: number } = {}) {
    this.sendDelayMs = options.sendDelayMs ?? 0;
  }

  /**
   * The next `times` calls of `method` (to `chatId`, when given) fail with `failure`
   * instead of doing anything. Scripts are used up in the order they were added.
   */
  fail(method: string, failure: BotApiFailure, options: { chatId?: string | number; times?: number } = {}): void {
    this.scripted.push({ method, chatId: options.chatId === undefined ? undefined : String(options.chatId), failure, left: options.times ?? 1 });
  }

  /** Forgets every scripted failure not used up yet. */
  clearFailures(): void {
    this.scripted.length = 0;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.answer(req).then((answer) => respond(res, answer));
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

  /** The scripted failure this call meets, if any (used up by one). */
  private scriptedFor(method: string, chatId: string | undefined): BotApiFailure | undefined {
    const script = this.scripted.find((s) => s.method === method && (s.chatId === undefined || s.chatId === chatId));
    if (!script) return undefined;
    script.left -= 1;
    if (script.left <= 0) this.scripted.splice(this.scripted.indexOf(script), 1);
    return script.failure;
  }

  private remember(chatId: string, messageId: number): void {
    let ids = this.sentIds.get(chatId);
    if (!ids) this.sentIds.set(chatId, (ids = new Set()));
    ids.add(messageId);
  }

  private async answer(req: IncomingMessage): Promise<BotApiResult | BotApiFailure> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.calls += 1;
    const method = (req.url ?? '').split('/').pop() ?? '';
    this.methods.push(method);
    const body = Buffer.concat(chunks);
    const boundary = /multipart\/form-data; *boundary=(.+)$/.exec(req.headers['content-type'] ?? '')?.[1];
    const parts = boundary ? formParts(body, boundary) : undefined;
    const params = parts || chunks.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as Record<string, unknown>);
    const target = parts ? parts.get('chat_id')?.toString('utf8') : params['chat_id'] === undefined ? undefined : String(params['chat_id']);
    const failure = this.scriptedFor(method, target);
    if (failure) return failure;
    if (parts) {
      const chatId = target ?? '';
      // The photo field names the part that holds the file (`attach://<name>`).
      const photoField = parts.get('photo')?.toString('utf8') ?? '';
      const png = parts.get(photoField.replace(/^attach:\/\//, '')) ?? Buffer.alloc(0);
      const caption = parts.get('caption')?.toString('utf8') ?? '';
      this.photos.push({ chatId, caption, png });
      const markup = JSON.parse(parts.get('reply_markup')?.toString('utf8') ?? '{}') as { inline_keyboard?: Sent['buttons'][] };
      const messageId = this.nextMessageId++;
      this.remember(chatId, messageId);
      this.last.set(chatId, { text: caption, buttons: (markup.inline_keyboard ?? []).flat(), messageId });
      return { ok: true, result: { message_id: messageId, date: 1, chat: { id: Number(chatId), type: 'private' }, photo: [] } };
    }
    if (method.startsWith('setMy')) {
      this.settings.push({ method, params });
      return { ok: true, result: true };
    }
    if (method === 'sendVenue') {
      const chatId = String(params['chat_id']);
      this.venues.push({ chatId, latitude: Number(params['latitude']), longitude: Number(params['longitude']), title: String(params['title']), address: String(params['address']) });
      return { ok: true, result: { message_id: this.nextMessageId++, date: 1, chat: { id: Number(chatId), type: 'private' } } };
    }
    if (method === 'copyMessage') {
      this.copies.push({ chatId: String(params['chat_id']), fromChatId: String(params['from_chat_id']), messageId: Number(params['message_id']) });
      return { ok: true, result: { message_id: this.nextMessageId++ } };
    }
    if (method === 'getMe') return { ok: true, result: { id: 1, is_bot: true, first_name: 'Bench', username: 'bench_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false } };
    if (method === 'getUpdates') {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { ok: true, result: [] };
    }
    if ((method === 'editMessageText' || method === 'editMessageReplyMarkup') && !this.sentIds.get(String(params['chat_id']))?.has(Number(params['message_id']))) {
      return BOT_API_FAILURES.messageToEditNotFound;
    }
    if (method === 'sendMessage' || method === 'editMessageText') {
      const chatId = String(params['chat_id']);
      if (method === 'sendMessage') {
        if (this.sendDelayMs) await new Promise((resolve) => setTimeout(resolve, this.sendDelayMs));
        this.sent.push({ chatId, text: String(params['text']) });
      }
      const markup = params['reply_markup'] as { inline_keyboard?: Sent['buttons'][]; keyboard?: Sent['buttons'][] } | undefined;
      const messageId = method === 'editMessageText' ? Number(params['message_id']) : this.nextMessageId++;
      this.remember(chatId, messageId);
      this.last.set(chatId, { text: String(params['text']), buttons: (markup?.inline_keyboard ?? markup?.keyboard ?? []).flat(), messageId });
      this.messages.set(messageId, { ...this.last.get(chatId)!, chatId, markup });
      return { ok: true, result: { message_id: messageId, date: 1, chat: { id: Number(chatId), type: 'private' }, text: params['text'] } };
    }
    return { ok: true, result: true };
  }
}

/** Sends an answer: a result (200), a Bot API error (its `error_code` as the status), or nothing at all. */
function respond(res: ServerResponse, answer: BotApiResult | BotApiFailure): void {
  if (answer === 'dropped connection') {
    res.socket?.destroy();
    return;
  }
  const status = 'error_code' in answer ? answer.error_code : 200;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify('error_code' in answer ? { ok: false, ...answer } : answer));
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
