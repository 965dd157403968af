/** How an address stands against the failed-authentication limit, for the `RateLimit-*` headers. */
export interface FailureCount {
  limit: number;
  remaining: number;
  /** Seconds until the address's window ends. */
  resetSeconds: number;
}

/**
 * Failed authentications per client address in fixed one-minute windows, counted in this
 * process's memory (like the per-key limits). Only failures count: a caller with a good
 * key is never slowed by it, while a blocked address is refused before its key is even
 * looked up, so keys cannot be probed at speed. Windows that ended are forgotten.
 */
export interface AuthFailureLimiter {
  /** The address's standing, or null while it has no failures in the current window. */
  standing(address: string): FailureCount | null;
  /** True when the address has used up its failures for the window. */
  blocked(address: string): boolean;
  /** Counts one failure and returns the standing after it. */
  fail(address: string): FailureCount;
}

const WINDOW_MS = 60_000;
// Past this many addresses, ended windows are swept out before a new one is added.
const SWEEP_AT = 10_000;

/** A limiter allowing `max` failed authentications a minute per address. */
export function authFailureLimiter(max: number, now: () => number = Date.now): AuthFailureLimiter {
  const windows = new Map<string, { count: number; endsAt: number }>();
  const live = (address: string) => {
    const w = windows.get(address);
    if (w && w.endsAt <= now()) {
      windows.delete(address);
      return undefined;
    }
    return w;
  };
  const countOf = (w: { count: number; endsAt: number }): FailureCount => ({
    limit: max,
    remaining: Math.max(0, max - w.count),
    resetSeconds: Math.max(1, Math.ceil((w.endsAt - now()) / 1000)),
  });
  return {
    standing: (address) => {
      const w = live(address);
      return w ? countOf(w) : null;
    },
    blocked: (address) => (live(address)?.count ?? 0) >= max,
    fail: (address) => {
      let w = live(address);
      if (!w) {
        if (windows.size >= SWEEP_AT) for (const [key, value] of windows) if (value.endsAt <= now()) windows.delete(key);
        w = { count: 0, endsAt: now() + WINDOW_MS };
        windows.set(address, w);
      }
      w.count += 1;
      return countOf(w);
    },
  };
}
