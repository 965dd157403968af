import type { FastifyInstance } from 'fastify';

/** How the chat channels stand: how many bots are connected, still connecting, or failing to connect. */
export interface ChannelReadiness {
  connected: number;
  connecting: number;
  failing: number;
}

/** One chat channel's accounts, by the channel's id (`telegram`, `whatsapp-web`…). */
export interface ChannelState extends ChannelReadiness {
  id: string;
}

/** What one readiness check found: `ok`, and what an operator reads beside it. */
export interface CheckOutcome {
  ok: boolean;
  detail?: Readonly<Record<string, unknown>>;
}

/**
 * One thing `/ready` looks at. A failing `required` check makes the process unready
 * (503); the others are shown only (one business's bot failing to reach Telegram must
 * not take every other business's service out of the load balancer).
 */
export interface ReadinessCheck {
  name: string;
  required: boolean;
  /** Asked only while the database answers (every check needs it or is about work that does). */
  run(): Promise<CheckOutcome>;
}

/** What `/ready` checks beside the database. */
export interface ReadinessDeps {
  /** How the bots stand, summed (kept as `bots` for callers that read it). */
  channels: () => ChannelReadiness;
  /** Each channel's accounts, shown one check per channel (`channel:<id>`, not required). */
  channelStates?: () => readonly ChannelState[];
  /** Further checks: migrations at head, the job runner where this process runs jobs. */
  checks?: readonly ReadinessCheck[];
}

/** A check as the body lists it. */
interface CheckLine {
  name: string;
  ok: boolean;
  required: boolean;
  [detail: string]: unknown;
}

/**
 * `GET /ready`: whether this process can serve. Lists each check — `database`, then the
 * further ones (`migrations`, `jobs`…), then each channel — with `ok` and `required`;
 * 200 when every required check passes, else 503. Bot ids are not shown to anonymous
 * callers, only counts per channel; the panel lists each bot.
 */
export function registerReadyRoute(app: FastifyInstance, databaseReachable: () => Promise<boolean>, deps: ReadinessDeps): void {
  app.get('/ready', async (_request, reply) => {
    const database = await databaseReachable();
    const lines: CheckLine[] = [{ name: 'database', ok: database, required: true }];
    for (const check of deps.checks ?? []) lines.push({ name: check.name, required: check.required, ...(await outcomeOf(check, database)) });
    for (const state of deps.channelStates?.() ?? []) {
      const { id, ...counts } = state;
      lines.push({ name: `channel:${id}`, ok: counts.failing === 0, required: false, ...counts });
    }
    const ready = lines.every((line) => line.ok || !line.required);
    return reply
      .code(ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: ready ? 'ready' : 'unavailable', database: database ? 'ok' : 'unreachable', bots: deps.channels(), checks: lines });
  });
}

// A check that throws fails with its message; without the database none is asked.
async function outcomeOf(check: ReadinessCheck, database: boolean): Promise<{ ok: boolean } & Record<string, unknown>> {
  if (!database) return { ok: false, reason: 'database unreachable' };
  try {
    const outcome = await check.run();
    return { ok: outcome.ok, ...outcome.detail };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
