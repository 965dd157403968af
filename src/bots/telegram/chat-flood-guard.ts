import type { Context, MiddlewareFn } from 'grammy';

/**
 * Caps how many updates of one chat may wait in this process at once. One chat's
 * updates are handled strictly in order (grammY's `sequentialize` after this guard),
 * so a flood from one chat would otherwise pile up without bound. Past the cap the
 * chat is told once to slow down (`onFlood`) and further updates are dropped until
 * its queue drains; other chats are not affected.
 */
export function chatFloodGuard(cap: number, onFlood: (tg: Context) => Promise<void>): MiddlewareFn<Context> {
  const waiting = new Map<string, number>();
  const warned = new Set<string>();
  return async (tg, next) => {
    const key = tg.chat?.id.toString();
    if (key === undefined) return next();
    const depth = waiting.get(key) ?? 0;
    if (depth >= cap) {
      if (!warned.has(key)) {
        warned.add(key);
        await onFlood(tg);
      }
      return;
    }
    waiting.set(key, depth + 1);
    try {
      await next();
    } finally {
      const left = (waiting.get(key) ?? 1) - 1;
      if (left <= 0) {
        waiting.delete(key);
        warned.delete(key);
      } else {
        waiting.set(key, left);
      }
    }
  };
}
