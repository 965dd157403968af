/**
 * Spaces sends out in this process: at most `perSecond` per channel and one per
 * `perChatIntervalMs` per chat. Several workers each keep their own pace; the
 * channel's `retry_after` answers catch the rest.
 */
export class SendRateLimiter {
  readonly #nextFree = new Map<string, number>();
  readonly #clock: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #sinceSweep = 0;

  constructor(clock: () => number = () => Date.now(), sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))) {
    this.#clock = clock;
    this.#sleep = sleep;
  }

  /** How many channels and chats it currently remembers a pace for. */
  get size(): number {
    return this.#nextFree.size;
  }

  /** Resolves when one more message may go to `chatId` on `channel`. */
  async wait(channel: string, chatId: string, limits: { perSecond: number; perChatIntervalMs: number }): Promise<void> {
    const channelKey = `channel:${channel}`;
    const chatKey = `chat:${channel}:${chatId}`;
    const now = this.#clock();
    this.#forgetIdle(now);
    const at = Math.max(now, this.#nextFree.get(channelKey) ?? 0, this.#nextFree.get(chatKey) ?? 0);
    this.#nextFree.set(channelKey, at + 1000 / Math.max(limits.perSecond, 0.001));
    this.#nextFree.set(chatKey, at + limits.perChatIntervalMs);
    if (at > now) await this.#sleep(at - now);
  }

  // A chat whose next free moment has passed is paced like one never seen: forgetting
  // it changes nothing, and keeps the map as small as the chats sent to just now.
  #forgetIdle(now: number): void {
    this.#sinceSweep += 1;
    if (this.#sinceSweep < 1_000) return;
    this.#sinceSweep = 0;
    for (const [key, nextFree] of this.#nextFree) if (nextFree <= now) this.#nextFree.delete(key);
  }
}
