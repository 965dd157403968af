/** Why the service was asked to stop. */
export type StopReason = 'SIGINT' | 'SIGTERM' | 'parent process exited';

/** The first request to stop the service since it began listening for one. */
export interface StopRequest {
  /** Why the service was asked to stop; undefined while it has not been. */
  readonly reason: StopReason | undefined;
  /** Resolves with the reason of the first request. */
  readonly requested: Promise<StopReason>;
}

/**
 * Listens for requests to stop: SIGINT, SIGTERM and, with `watchParent`, the end of the
 * parent process. npm 11 does not pass a SIGTERM on to the script it runs (it ends
 * itself and the shell in between), so a service under `npm start` would outlive
 * `kill -TERM <npm pid>` and keep its embedded PostgreSQL running. An orphan is adopted
 * by another process, so a changed `process.ppid` tells that the parent is gone; the
 * check runs every `pollMs` on a timer that never keeps the process alive by itself.
 */
export function listenForStopRequest(options: { watchParent: boolean; pollMs?: number }): StopRequest {
  let reason: StopReason | undefined;
  let resolve: (reason: StopReason) => void = () => undefined;
  const requested = new Promise<StopReason>((settle) => (resolve = settle));
  const parent = process.ppid;
  const watch = options.watchParent
    ? setInterval(() => {
        if (process.ppid !== parent) request('parent process exited');
      }, options.pollMs ?? 500).unref()
    : undefined;

  function request(why: StopReason): void {
    if (reason !== undefined) return;
    reason = why;
    clearInterval(watch);
    resolve(why);
  }
  // Once each: the same signal again ends the process at once (Ctrl-C twice when a stop hangs).
  process.once('SIGINT', () => request('SIGINT'));
  process.once('SIGTERM', () => request('SIGTERM'));

  return {
    get reason() {
      return reason;
    },
    requested,
  };
}
