import type { Logger } from 'pino';
import { z } from 'zod';
import { fanOutOutbox } from '../app/notifications/fan-out-outbox.ts';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';
import type { ChannelSender, SendOutcome } from '../app/notifications/channel-sender.ts';
import { NotificationTopicName } from '../app/notifications/notification-topics.ts';
import { idArray, runSql } from '../db/sql-statement.ts';
import { CLAIM_DUE_DELIVERIES, MARK_DELIVERY_DEAD, MARK_DELIVERY_SENT, RELEASE_DELIVERIES, RETRY_DELIVERY_LATER } from './delivery-sql.ts';
import { SendRateLimiter } from './send-rate-limiter.ts';
import { withLogContext } from '../log-context.ts';

/** How the dispatcher retries. */
export interface DispatchPolicy {
  /** A delivery is dead-lettered after this many failed attempts. */
  maxAttempts: number;
  /** First retry delay; doubles each attempt, capped at `maxBackoffMs`. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** A claimed delivery is invisible to other workers this long (a crashed worker's come back after it). */
  leaseMs: number;
  batch: number;
}

/** Sensible defaults: 8 attempts over roughly two hours. */
export const DEFAULT_DISPATCH_POLICY: DispatchPolicy = { maxAttempts: 8, baseBackoffMs: 30_000, maxBackoffMs: 3_600_000, leaseMs: 120_000, batch: 100 };

const Claimed = z.object({
  id: z.string(),
  message_id: z.string(),
  business_id: z.string(),
  channel: z.string(),
  chat_id: z.string(),
  audience: z.enum(['customer', 'team']),
  locale: z.string().nullable(),
  attempts: z.number(),
  topic: z.string(),
  payload: z.record(z.string(), z.unknown()),
  created_at: z.number(),
});

// A delivery whose business the channel cannot serve yet (its bot still connecting)
// waits this long between looks, spending no attempt — for this long after it was
// made; past that, each look counts as a failed attempt, so it ends as a dead letter
// (a bot disconnected for good, a token no longer readable) instead of waiting forever.
const NOT_READY_RECHECK_MS = 30_000;
const NOT_READY_GRACE_MS = 3_600_000;

/** Dependencies of one dispatch round. */
export interface DispatchDeps {
  ctx: UseCaseContext;
  logger: Logger;
  senders: ReadonlyMap<string, ChannelSender>;
  limiter: SendRateLimiter;
  policy?: DispatchPolicy;
  /**
   * Turn new outbox messages into deliveries first (default true). Off for a dispatcher
   * of some channels only (a channels process sending WhatsApp): fanning out there would
   * skip the deliveries of channels it has no sender for, e-mail among them.
   */
  fanOut?: boolean;
}

/**
 * A round that failed part-way (the database went away mid-round): the deliveries it
 * had claimed and not yet settled, and when its lease on them runs out. The dispatcher
 * gives them back on its next round, so they do not wait out the whole lease.
 */
export class DispatchRoundFailed extends Error {
  readonly unsettled: readonly string[];
  readonly leaseEnds: number;

  constructor(unsettled: readonly string[], leaseEnds: number, cause: unknown) {
    super(`dispatch round failed with ${unsettled.length} claimed deliveries unsettled`, { cause });
    this.unsettled = unsettled;
    this.leaseEnds = leaseEnds;
  }
}

/** What one round did. */
export interface DispatchRound {
  fannedOut: number;
  sent: number;
  retried: number;
  dead: number;
  /** Given back unsent for any worker at once: the lease had too little time left. */
  deferred: number;
  /** Put off without spending an attempt: the channel cannot serve the business yet. */
  waiting: number;
}

/**
 * One round: fan pending outbox messages out to deliveries, then send the due
 * deliveries of every channel that has a sender. A delivery is claimed with a lease
 * (committed before sending, so workers never send the same one at once), sent within
 * the channel's pace, then marked sent, retried later (the channel's `retry_after`, or
 * exponential backoff) or dead-lettered after `maxAttempts`.
 */
export async function dispatchRound(deps: DispatchDeps): Promise<DispatchRound> {
  const policy = deps.policy ?? DEFAULT_DISPATCH_POLICY;
  const fannedOut = deps.fanOut === false ? 0 : await fanOutOutbox(deps.ctx, undefined, { email: deps.senders.has('email') });
  const round: DispatchRound = { fannedOut, sent: 0, retried: 0, dead: 0, deferred: 0, waiting: 0 };
  const channels = [...deps.senders.keys()];
  if (channels.length === 0) return round;
  const em = deps.ctx.orm.em;
  const now = deps.ctx.now();
  const rows = await runSql(em, CLAIM_DUE_DELIVERIES, {
    leaseUntil: new Date(now + policy.leaseMs),
    now: new Date(now),
    channels: `{${channels.join(',')}}`,
    limit: batchWithinLease(policy, deps.senders),
  });
  const leaseEnds = now + policy.leaseMs;
  const unsettled = new Set(rows.map((r) => Claimed.parse(r).id));
  try {
    await sendClaimed(deps, policy, rows, leaseEnds, round, unsettled);
  } catch (error) {
    if (unsettled.size > 0) throw new DispatchRoundFailed([...unsettled], leaseEnds, error);
    throw error;
  }
  return round;
}

/** Sends a round's claimed deliveries one by one; each settled (its outcome recorded) leaves `unsettled`. */
async function sendClaimed(deps: DispatchDeps, policy: DispatchPolicy, rows: readonly unknown[], leaseEnds: number, round: DispatchRound, unsettled: Set<string>): Promise<void> {
  const em = deps.ctx.orm.em;
  for (const [index, raw] of rows.entries()) {
    const d = Claimed.parse(raw);
    const sender = deps.senders.get(d.channel);
    if (!sender) continue;
    const nowMs = deps.ctx.now();
    if (sender.readyFor && !sender.readyFor(d.business_id) && nowMs - d.created_at < NOT_READY_GRACE_MS) {
      await runSql(em, RETRY_DELIVERY_LATER, { id: d.id, attempts: d.attempts, error: 'the channel is not connected for this business yet', nextAttemptAt: new Date(nowMs + NOT_READY_RECHECK_MS) });
      unsettled.delete(d.id);
      round.waiting += 1;
      continue;
    }
    await deps.limiter.wait(d.channel, d.chat_id, sender.limits);
    // Never start a send that could outlive the lease (a slow or unreachable channel):
    // another worker could then claim and send the same message. The rest of the batch
    // is given back for anyone to take at once. (A lease configured shorter than one
    // send cannot promise this at all; it is warned of at start and paced as before.)
    if (policy.leaseMs > sender.maxSendMs && deps.ctx.now() + sender.maxSendMs > leaseEnds) {
      const rest = rows.slice(index).map((r) => Claimed.parse(r).id);
      await runSql(em, RELEASE_DELIVERIES, { ids: idArray(rest), now: new Date(deps.ctx.now()) });
      unsettled.clear();
      round.deferred = rest.length;
      deps.logger.warn({ deferred: rest.length, channel: d.channel }, 'dispatch round stopped before its lease could run out');
      break;
    }
    let outcome: SendOutcome;
    const topic = NotificationTopicName.safeParse(d.topic);
    try {
      // What the sender logs names the delivery and its message.
      outcome = topic.success
        ? await withLogContext({ deliveryId: d.id, messageId: d.message_id, channel: d.channel }, () =>
            sender.send({ deliveryId: d.id, businessId: d.business_id, chatId: d.chat_id, topic: topic.data, payload: d.payload, audience: d.audience, locale: d.locale }),
          )
        : { ok: false, error: `unknown topic ${d.topic}`, permanent: true };
    } catch (error) {
      outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    const at = new Date(deps.ctx.now());
    if (!outcome.ok && outcome.notReadyForMs !== undefined && at.getTime() - d.created_at < NOT_READY_GRACE_MS) {
      // Not the message's fault: the channel went down for this business meanwhile.
      await runSql(em, RETRY_DELIVERY_LATER, { id: d.id, attempts: d.attempts, error: outcome.error, nextAttemptAt: new Date(at.getTime() + outcome.notReadyForMs) });
      unsettled.delete(d.id);
      round.waiting += 1;
      continue;
    }
    const attempts = d.attempts + 1;
    if (outcome.ok) {
      await runSql(em, MARK_DELIVERY_SENT, { id: d.id, at, attempts });
      round.sent += 1;
    } else if (outcome.permanent || attempts >= policy.maxAttempts) {
      await runSql(em, MARK_DELIVERY_DEAD, { id: d.id, attempts, error: outcome.error });
      deps.logger.warn({ delivery: d.id, messageId: d.message_id, channel: d.channel, topic: d.topic, error: outcome.error }, 'delivery dead-lettered');
      round.dead += 1;
    } else {
      const backoff = outcome.retryAfterMs ?? Math.min(policy.baseBackoffMs * 2 ** (attempts - 1), policy.maxBackoffMs);
      await runSql(em, RETRY_DELIVERY_LATER, { id: d.id, attempts, error: outcome.error, nextAttemptAt: new Date(at.getTime() + backoff) });
      round.retried += 1;
    }
    unsettled.delete(d.id);
  }
}

/**
 * How many deliveries one round may claim: no more than the slowest channel sends in
 * half a lease, so a batch is finished long before its lease lets another worker take
 * the same rows.
 */
function batchWithinLease(policy: DispatchPolicy, senders: ReadonlyMap<string, ChannelSender>): number {
  const slowest = Math.min(...[...senders.values()].map((s) => s.limits.perSecond));
  return Math.max(1, Math.min(policy.batch, Math.floor((slowest * policy.leaseMs) / 2000)));
}

/** A running dispatch loop. */
export interface OutboxDispatcher {
  stop(): Promise<void>;
}

/**
 * Runs dispatch rounds back to back while there is work, and every `idleMs` when
 * there is none. One process-wide limiter keeps each channel's pace across rounds.
 */
export function startOutboxDispatcher(deps: Omit<DispatchDeps, 'limiter'> & { idleMs?: number }): OutboxDispatcher {
  const limiter = new SendRateLimiter();
  const leaseMs = (deps.policy ?? DEFAULT_DISPATCH_POLICY).leaseMs;
  for (const sender of deps.senders.values()) {
    if (sender.maxSendMs >= leaseMs) {
      deps.logger.warn({ channel: sender.channel, leaseMs, maxSendMs: sender.maxSendMs }, 'OUTBOX_LEASE_SECONDS is shorter than one send may take: a stalled send may be repeated by another worker');
    }
  }
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  // Claimed by a round that failed part-way: given back once the database answers again
  // (while our lease still holds them, so no other worker can have taken them since).
  let unsettled: DispatchRoundFailed | undefined;
  const giveBackUnsettled = async () => {
    if (!unsettled) return;
    const { unsettled: ids, leaseEnds } = unsettled;
    if (deps.ctx.now() < leaseEnds) await runSql(deps.ctx.orm.em, RELEASE_DELIVERIES, { ids: idArray(ids), now: new Date(deps.ctx.now()) });
    unsettled = undefined;
    deps.logger.info({ deliveries: ids.length }, 'gave back the deliveries a failed round had claimed');
  };
  const tick = () => {
    current = giveBackUnsettled()
      .then(() => dispatchRound({ ...deps, limiter }))
      .then((round) => {
        const busy = round.fannedOut + round.sent + round.retried + round.dead + round.deferred > 0;
        if (!stopped) timer = setTimeout(tick, busy ? 0 : (deps.idleMs ?? 1000));
      })
      .catch((error: unknown) => {
        if (error instanceof DispatchRoundFailed) unsettled = error;
        deps.logger.error({ err: error }, 'dispatch round failed');
        if (!stopped) timer = setTimeout(tick, deps.idleMs ?? 1000);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
