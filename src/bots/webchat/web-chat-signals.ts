/**
 * Wakes the long polls of a visitor's open pages when this process stores a message for
 * them (their own reply, or a notification the outbox sent here). A message stored by
 * another process (an outbox worker elsewhere) is found by the poll's next look at the
 * database instead, a few seconds later.
 */
export class WebChatSignals {
  readonly #waiting = new Map<string, Set<() => void>>();
  #closed = false;

  /** Wakes every poll waiting on this visitor's chat with this business. */
  wake(businessId: string, visitorId: string): void {
    const waiters = this.#waiting.get(keyOf(businessId, visitorId));
    if (waiters) for (const wake of [...waiters]) wake();
  }

  /**
   * A promise that settles at the next wake of this chat, after `ms`, when `signal`
   * aborts, or when the signals close — whichever comes first. Take it before looking at
   * the database, so a message stored between the look and the wait is not missed.
   */
  next(businessId: string, visitorId: string, ms: number, signal?: AbortSignal): Promise<void> {
    if (this.#closed || signal?.aborted) return Promise.resolve();
    const key = keyOf(businessId, visitorId);
    return new Promise<void>((resolve) => {
      const waiters = this.#waiting.get(key) ?? new Set<() => void>();
      this.#waiting.set(key, waiters);
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        waiters.delete(done);
        if (waiters.size === 0 && this.#waiting.get(key) === waiters) this.#waiting.delete(key);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      waiters.add(done);
    });
  }

  /** Lets every waiting poll answer at once and no new one wait (shutting down). */
  close(): void {
    this.#closed = true;
    for (const waiters of [...this.#waiting.values()]) for (const wake of [...waiters]) wake();
  }

  /** True once closed: polls answer at once. */
  get closed(): boolean {
    return this.#closed;
  }

  /** How many polls are waiting (tests check nothing is left behind). */
  get waiting(): number {
    let total = 0;
    for (const waiters of this.#waiting.values()) total += waiters.size;
    return total;
  }
}

function keyOf(businessId: string, visitorId: string): string {
  return `${businessId}:${visitorId}`;
}
