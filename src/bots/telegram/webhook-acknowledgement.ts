import type { Api } from 'grammy';
import { z } from 'zod';

// Calls whose result nobody waits for may ride back on the webhook response (one per
// update) instead of costing a request each: a button's "answered" tick or toast.
export const WEBHOOK_REPLY_METHODS: ReadonlySet<string> = new Set(['answerCallbackQuery']);

const LateReply = z.object({ method: z.enum(['answerCallbackQuery']) }).loose();

/**
 * Runs one webhook update without holding Telegram's connection for long: the
 * answer goes back as soon as the update is handled or after `ackWithinMs`, whichever
 * comes first, so a chat whose updates wait in line (one message a second per chat)
 * never ties up the bot's webhook connections. A call that may ride on the response
 * (a button's answer) does when the handling finished in time; after the response it
 * is made as an ordinary API call. Failures after the answer are reported to `onError`.
 * Returns the reply for the response, and the handling itself (settled either way), so
 * a stopping service can wait for updates it has already answered for.
 */
export async function handleWithinDeadline(
  api: Api,
  handle: (envelope: { send: (payload: string) => Promise<void> }) => Promise<void>,
  ackWithinMs: number,
  onError: (error: unknown) => void,
): Promise<{ reply: string | undefined; handled: Promise<void> }> {
  let responded = false;
  let reply: string | undefined;
  const envelope = {
    send: async (payload: string) => {
      if (!responded) {
        reply = payload;
        return;
      }
      await sendLate(api, payload);
    },
  };
  const handling = handle(envelope).catch(onError);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ackWithinMs);
    timer.unref();
  });
  await Promise.race([handling, deadline]);
  clearTimeout(timer);
  responded = true;
  return { reply, handled: handling };
}

async function sendLate(api: Api, payload: string): Promise<void> {
  const { method, ...params } = LateReply.parse(JSON.parse(payload));
  if (method === 'answerCallbackQuery') await api.raw.answerCallbackQuery(z.object({ callback_query_id: z.string() }).loose().parse(params));
}
