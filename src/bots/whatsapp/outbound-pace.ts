/**
 * How slowly a linked number sends. WhatsApp bans numbers that send like a machine:
 * each message waits a random gap after the number's previous one, and a chat gets
 * one message per (random) interval — a person typing, not a script.
 */
export interface PaceSettings {
  /** Between two messages of one number: at least `[0]`, at most `[1]` ms. */
  numberGapMs: readonly [number, number];
  /** Between two messages to one chat. */
  chatGapMs: readonly [number, number];
}

/** What the channel uses unless told otherwise. */
export const DEFAULT_PACE: PaceSettings = { numberGapMs: [1_000, 3_000], chatGapMs: [2_000, 4_000] };

/** The slot a message got: send it `waitMs` from now. */
export type PaceSlot = { waitMs: number } | { busyForMs: number };

/**
 * The next free moment per number and per chat, in this process (a number is driven
 * by one process: see `number-locks.ts`). `random` is injectable for tests.
 */
export class OutboundPace {
  readonly #next = new Map<string, number>();
  readonly #settings: PaceSettings;
  readonly #random: () => number;

  constructor(settings: PaceSettings = DEFAULT_PACE, random: () => number = Math.random) {
    this.#settings = settings;
    this.#random = random;
  }

  /**
   * Reserves the next slot for one message from `number` to `chat`. With `maxWaitMs`, a
   * slot further away is not reserved: `busyForMs` says when to come back.
   */
  reserve(number: string, chat: string, now: number, maxWaitMs = Number.POSITIVE_INFINITY): PaceSlot {
    const numberKey = `n:${number}`;
    const chatKey = `c:${number}:${chat}`;
    const at = Math.max(now, this.#next.get(numberKey) ?? 0, this.#next.get(chatKey) ?? 0);
    if (at - now > maxWaitMs) return { busyForMs: at - now };
    this.#next.set(numberKey, at + this.#gap(this.#settings.numberGapMs));
    this.#next.set(chatKey, at + this.#gap(this.#settings.chatGapMs));
    this.#forgetPast(now);
    return { waitMs: at - now };
  }

  /** Forgets a number's pace (it was detached). */
  forget(number: string): void {
    for (const key of this.#next.keys()) if (key === `n:${number}` || key.startsWith(`c:${number}:`)) this.#next.delete(key);
  }

  #gap([min, max]: readonly [number, number]): number {
    return min + Math.round(this.#random() * Math.max(0, max - min));
  }

  // A chat whose next free moment has passed is paced like a new one: forgetting it changes nothing.
  #forgetPast(now: number): void {
    if (this.#next.size < 1_000) return;
    for (const [key, at] of this.#next) if (at <= now) this.#next.delete(key);
  }
}
