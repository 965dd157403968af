import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from 'pino';
import { z } from 'zod';

/** The PostgreSQL notification channel a changed chat account is announced on. */
export const CHANNEL_ACCOUNTS_CHANGED = 'channel_accounts_changed';

// The payload: which business, and which process said it (a process skips its own).
const Notice = z.object({ businessId: z.uuid(), origin: z.string().min(1).max(64) });

/** What the listener does when the connection drops: wait, then try again. */
export interface NoticeReconnectPolicy {
  /** Delay before the n-th attempt (1-based) in ms. */
  delayMs(attempt: number): number;
}

const DEFAULT_RECONNECT: NoticeReconnectPolicy = { delayMs: (attempt) => Math.min(10_000, 250 * 2 ** Math.min(attempt, 6)) };

/**
 * Tells the other processes (web, worker, channels; any machine on the same database)
 * that a business's chat accounts (its Telegram bot, its Twilio account) were connected
 * or disconnected, so each re-reads them at once instead of at its next restart.
 * PostgreSQL LISTEN/NOTIFY on `channel_accounts_changed`, payload
 * `{"businessId": …, "origin": …}`; a process ignores the notices it sent itself (it
 * has attached the account already).
 */
export interface ChannelAccountsNotice {
  /** This process's id in the notices it sends. */
  readonly origin: string;
  /** Announces a change of the business's accounts (after it is committed). */
  announce(businessId: string): Promise<void>;
  /**
   * Listens on a connection of its own; `onChange` runs for each notice another process
   * sent, one at a time. Resolves once listening. A dropped connection (PostgreSQL
   * restarted) is logged and opened again after a pause, never thrown.
   */
  listen(onChange: (businessId: string) => Promise<void>): Promise<void>;
  /** True while the listening connection is up (for tests and /ready). */
  listening(): boolean;
  /** Stops listening and closes the connection. */
  close(): Promise<void>;
}

/** The notice over `url` (the listener's own connection) and the ORM (the announcements). */
export function channelAccountsNotice(deps: { url: string; orm: MikroORM; logger: Logger; reconnect?: NoticeReconnectPolicy }): ChannelAccountsNotice {
  const origin = randomUUID();
  const reconnect = deps.reconnect ?? DEFAULT_RECONNECT;
  let client: pg.Client | undefined;
  let closed = false;
  let up = false;
  let retry: NodeJS.Timeout | undefined;
  let queue = Promise.resolve();
  let handler: ((businessId: string) => Promise<void>) | undefined;

  const onNotification = (message: pg.Notification) => {
    if (message.channel !== CHANNEL_ACCOUNTS_CHANGED) return;
    const notice = Notice.safeParse(safeJson(message.payload));
    if (!notice.success) {
      deps.logger.warn({ payload: message.payload }, 'ignored a malformed channel_accounts_changed notice');
      return;
    }
    if (notice.data.origin === origin || !handler) return;
    const { businessId } = notice.data;
    // One at a time, in order: a connect and the disconnect after it must not cross.
    queue = queue.then(() => handler?.(businessId)).catch((error: unknown) => deps.logger.error({ err: error, businessId }, 'could not re-attach the chat accounts of a business'));
  };

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: deps.url, application_name: 'bookchat-channel-notice' });
    // Without these a PostgreSQL restart would be an unhandled 'error' event: the process would die.
    next.on('error', (error) => dropped(next, error));
    next.on('end', () => dropped(next, undefined));
    next.on('notification', onNotification);
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNEL_ACCOUNTS_CHANGED}`);
    } catch (error) {
      client = undefined;
      await next.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    up = true;
  }

  function dropped(which: pg.Client, error: Error | undefined): void {
    if (client !== which) return;
    client = undefined;
    up = false;
    which.end().catch(() => undefined);
    if (closed) return;
    deps.logger.warn({ err: error }, 'lost the channel_accounts_changed listener connection; reconnecting');
    schedule(1);
  }

  function schedule(attempt: number): void {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        () => deps.logger.info({ attempt }, 'listening for channel_accounts_changed again'),
        (error: unknown) => {
          deps.logger.warn({ err: error, attempt }, 'could not reconnect the channel_accounts_changed listener');
          schedule(attempt + 1);
        },
      );
    }, reconnect.delayMs(attempt));
    // A pending reconnect must not keep a stopping process alive.
    retry.unref();
  }

  return {
    origin,
    async announce(businessId) {
      const payload = JSON.stringify({ businessId: z.uuid().parse(businessId), origin });
      await deps.orm.em.getConnection().execute('select pg_notify(?, ?)', [CHANNEL_ACCOUNTS_CHANGED, payload]);
    },
    async listen(onChange) {
      handler = onChange;
      await connect();
    },
    listening: () => up,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      retry = undefined;
      const current = client;
      client = undefined;
      up = false;
      await current?.end().catch(() => undefined);
      await queue;
    },
  };
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return null;
  }
}
