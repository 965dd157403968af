/**
 * Work that runs after a webhook was answered: one chat's messages in the order they
 * came, at most `perChat` waiting per chat (a flood from one number is dropped, not
 * queued without end), and a bounded wait for what is in hand when the channel stops.
 */
export class ChatWorkQueue {
  readonly #tails = new Map<string, Promise<void>>();
  readonly #waiting = new Map<string, number>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #perChat: number;
  readonly #onError: (error: unknown) => void;
  #stopped = false;

  constructor(options: { perChat: number; onError: (error: unknown) => void }) {
    this.#perChat = options.perChat;
    this.#onError = options.onError;
  }

  /** Queues `task` behind the chat's earlier ones. False when the chat's queue is full or the queue stopped: the task is dropped. */
  push(chat: string, task: () => Promise<void>): boolean {
    if (this.#stopped) return false;
    const waiting = this.#waiting.get(chat) ?? 0;
    if (waiting >= this.#perChat) return false;
    this.#waiting.set(chat, waiting + 1);
    const run: Promise<void> = (this.#tails.get(chat) ?? Promise.resolve())
      .then(task)
      .catch(this.#onError)
      .finally(() => {
        const left = (this.#waiting.get(chat) ?? 1) - 1;
        if (left > 0) this.#waiting.set(chat, left);
        else this.#waiting.delete(chat);
        this.#inFlight.delete(run);
        if (this.#tails.get(chat) === run) this.#tails.delete(chat);
      });
    this.#tails.set(chat, run);
    this.#inFlight.add(run);
    return true;
  }

  /** How many tasks are queued or running. */
  get size(): number {
    return this.#inFlight.size;
  }

  /** Resolves once nothing is queued or running (work queued meanwhile is waited for too). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Takes no more work and waits for the work in hand, at most `timeoutMs`. */
  async stop(timeoutMs: number): Promise<void> {
    this.#stopped = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.#inFlight]), timeout]);
    clearTimeout(timer);
  }
}
