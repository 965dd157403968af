import { describe, expect, it } from 'vitest';
import { SendRateLimiter } from '../../src/jobs/send-rate-limiter.ts';

function limiterWithClock() {
  let now = 1_000_000;
  const slept: number[] = [];
  const limiter = new SendRateLimiter(
    () => now,
    async (ms) => {
      slept.push(ms);
      now += ms;
    },
  );
  return { limiter, slept, advance: (ms: number) => (now += ms) };
}

describe('send rate limiter', () => {
  it('paces one chat and the channel', async () => {
    const { limiter, slept } = limiterWithClock();
    const limits = { perSecond: 10, perChatIntervalMs: 1000 };
    await limiter.wait('telegram', 'a', limits);
    await limiter.wait('telegram', 'b', limits);
    await limiter.wait('telegram', 'a', limits);
    expect(slept).toEqual([100, 900]);
  });

  it('forgets chats whose pace has passed, so it does not grow with every chat ever sent to', async () => {
    const { limiter, advance } = limiterWithClock();
    const limits = { perSecond: 1000, perChatIntervalMs: 1000 };
    for (let chat = 0; chat < 5_000; chat += 1) {
      await limiter.wait('telegram', String(chat), limits);
      advance(5);
    }
    // Only chats sent to within the last second (200 of them) and the channel remain, give or take one sweep.
    expect(limiter.size).toBeLessThan(1_300);
    expect(limiter.size).toBeGreaterThan(0);
  });
});
