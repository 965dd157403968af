import { jidDecode } from '@whiskeysockets/baileys';
import { z } from 'zod';

/** How reconnects are spaced. */
export interface ReconnectPolicy {
  /** First wait after a dropped connection; doubles each time, with jitter, up to `maxMs`. */
  baseMs: number;
  maxMs: number;
  /** How often a number another process drives is looked at again. */
  lockRetryMs: number;
}

// Baileys closes with a Boom error; its status code says why.
const BoomShape = z.object({ output: z.object({ statusCode: z.number() }) });

/** The status code of the error a socket closed with (a Boom error), if it has one. */
export function closeCode(error: unknown): number | undefined {
  const parsed = BoomShape.safeParse(error);
  return parsed.success ? parsed.data.output.statusCode : undefined;
}

/** The E.164 number of a phone jid (`77011234567:3@s.whatsapp.net` → `+77011234567`), else null. */
export function phoneOfJid(jid: string | null | undefined): string | null {
  const decoded = jidDecode(jid ?? undefined);
  if (!decoded || decoded.server !== 's.whatsapp.net' || !/^[1-9][0-9]{6,14}$/.test(decoded.user)) return null;
  return `+${decoded.user}`;
}

/**
 * How long to wait before the `attempt`-th reconnect (0 first): the base doubled each
 * time up to the maximum, with "equal jitter" — at least half of that, the rest random —
 * so numbers dropped together (a network blip) do not all come back at the same moment.
 * `random` is in [0, 1).
 */
export function reconnectDelay(policy: Pick<ReconnectPolicy, 'baseMs' | 'maxMs'>, attempt: number, random: number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random * (ceiling / 2));
}

/** The longest one call to WhatsApp (a send, a download) may take. */
export const SEND_TIMEOUT_MS = 20_000;

/** `work`, or a rejection once `ms` have passed. */
export function bounded<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer from WhatsApp within ${ms} ms`)), ms)));
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}
