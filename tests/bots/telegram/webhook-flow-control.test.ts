import type { Api, Context } from 'grammy';
import { describe, expect, it } from 'vitest';
import { chatFloodGuard } from '../../../src/bots/telegram/chat-flood-guard.ts';
import { handleWithinDeadline } from '../../../src/bots/telegram/webhook-acknowledgement.ts';

const update = (chat: number) => ({ chat: { id: chat } }) as unknown as Context;

describe('one chat cannot hold a bot for everyone', () => {
  it('lets a chat queue up to the cap, asks it once to slow down, drops the rest, and lets it in again once drained', async () => {
    const flooded: number[] = [];
    const guard = chatFloodGuard(3, async (tg) => void flooded.push(tg.chat!.id));
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    let handled = 0;
    const next = async () => {
      handled += 1;
      await blocked;
    };
    const waiting = [1, 2, 3].map(() => guard(update(7), next));
    for (let i = 0; i < 5; i += 1) await guard(update(7), next);
    expect(flooded).toEqual([7]);
    // Another chat is not affected.
    const other = guard(update(8), async () => void (handled += 100));
    await other;
    expect(handled).toBe(3 + 100);
    release();
    await Promise.all(waiting);
    await guard(update(7), async () => void (handled += 1000));
    expect(handled).toBe(1103);
    // It was told to slow down once, however many updates were dropped.
    expect(flooded).toEqual([7]);
  });

  it('answers a webhook once the update is handled, with the button answer riding on it', async () => {
    const calls: string[] = [];
    const api = { raw: { answerCallbackQuery: async () => void calls.push('late') } } as unknown as Api;
    const { reply } = await handleWithinDeadline(
      api,
      async (envelope) => envelope.send(JSON.stringify({ method: 'answerCallbackQuery', callback_query_id: '1' })),
      60_000,
      () => undefined,
    );
    expect(JSON.parse(reply!)).toEqual({ method: 'answerCallbackQuery', callback_query_id: '1' });
    expect(calls).toEqual([]);
  });

  it('answers a webhook whose update is still waiting after the deadline, and makes the late button answer an API call', async () => {
    const calls: unknown[] = [];
    const api = { raw: { answerCallbackQuery: async (p: unknown) => void calls.push(p) } } as unknown as Api;
    let finish!: () => void;
    let envelopeSend!: (payload: string) => Promise<void>;
    const stillWaiting = new Promise<void>((resolve) => (finish = resolve));
    let done = false;
    const { reply, handled } = await handleWithinDeadline(
      api,
      async (envelope) => {
        envelopeSend = envelope.send;
        await stillWaiting;
        done = true;
      },
      20,
      () => undefined,
    );
    expect(reply).toBeUndefined();
    expect(done).toBe(false);
    await envelopeSend(JSON.stringify({ method: 'answerCallbackQuery', callback_query_id: '42', text: 'Done' }));
    expect(calls).toEqual([{ callback_query_id: '42', text: 'Done' }]);
    finish();
    // The handling itself is handed back, so a stopping service can wait for it.
    await handled;
    expect(done).toBe(true);
  });

  it('reports a failure that comes after the answer instead of losing it', async () => {
    const errors: unknown[] = [];
    let fail!: (e: Error) => void;
    const failing = new Promise<void>((_, reject) => (fail = reject));
    await handleWithinDeadline({} as Api, () => failing, 10, (e) => errors.push(e));
    fail(new Error('boom'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toHaveLength(1);
  });
});
