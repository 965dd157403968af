/**
 * Spaces sends out in this process: at most `perSecond` per channel and one per
 * `perChatIntervalMs` per chat. Several workers each keep their own pace; the
 * channel's `retry_after` answers catch the rest.
 */
export class SendRateLimiter {
  readonly #nextFree = new Map<string, number>();
  readonly #clock: () => number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(clock: () => number = () => Date.now(), sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))) {
    this.#clock = clock;
    this.#sleep = sleep;
  }

  /** Resolves when one more message may go to `chatId` on `channel`. */
  async wait(channel: string, chatId: string, limits: { perSecond: number; perChatIntervalMs: number }): Promise<void> {
    const channelKey = `channel:${channel}`;
    const chatKey = `chat:${channel}:${chatId}`;
    const now = this.#clock();
    const at = Math.max(now, this.#nextFree.get(channelKey) ?? 0, this.#nextFree.get(chatKey) ?? 0);
    this.#nextFree.set(channelKey, at + 1000 / Math.max(limits.perSecond, 0.001));
    this.#nextFree.set(chatKey, at + limits.perChatIntervalMs);
    if (at > now) await this.#sleep(at - now);
  }
}
