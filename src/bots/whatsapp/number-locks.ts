import pg from 'pg';
import type { Logger } from 'pino';

/**
 * Who drives which linked number: a PostgreSQL advisory lock per number, held on one
 * dedicated connection while this process runs its socket. Two sockets on one number
 * knock each other off (WhatsApp answers 440 "replaced") and look like a hijacked
 * account, so a process that cannot take the lock leaves the number alone.
 */
export interface NumberLocks {
  /** Takes the number's lock for this process (true), or finds another process holding it (false). Never waits. */
  tryAcquire(accountId: string): Promise<boolean>;
  /** Gives the number's lock back (its socket has stopped). */
  release(accountId: string): Promise<void>;
  /** Called when the connection holding the locks is gone: every lock is lost, every socket must stop. */
  onLost(listener: () => void): void;
  close(): Promise<void>;
}

// A dropped connection is noticed by a query, not by waiting for TCP to give up.
const HEARTBEAT_MS = 15_000;
// The advisory lock's key: a 64-bit hash of the account id, in a namespace of its own.
const LOCK_KEY = `hashtextextended('bookchat:whatsapp-number:' || $1::text, 0)`;

/**
 * {@link NumberLocks} on a connection of their own to `databaseUrl` (not the ORM's pool:
 * a session lock lives as long as its connection, so that connection is never lent out).
 * When it breaks, PostgreSQL has let go of every lock: listeners hear of it, and the
 * next `tryAcquire` opens a new connection.
 */
export function postgresNumberLocks(databaseUrl: string, logger: Logger): NumberLocks {
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  const held = new Set<string>();
  const listeners: (() => void)[] = [];
  let closed = false;

  const lost = (which: pg.Client, error: unknown) => {
    if (client !== which) return;
    client = undefined;
    clearInterval(heartbeat);
    which.removeAllListeners();
    // A late 'error' from the dead connection must not crash the process.
    which.on('error', () => undefined);
    void which.end().catch(() => undefined);
    if (held.size === 0) return;
    held.clear();
    logger.error({ err: error }, 'the connection holding the WhatsApp number locks was lost: every number of this process stops');
    for (const listener of listeners) listener();
  };
  const open = async (): Promise<pg.Client> => {
    if (client) return client;
    connecting ??= (async () => {
      const fresh = new pg.Client({ connectionString: databaseUrl, application_name: 'bookchat-whatsapp-locks', keepAlive: true });
      fresh.on('error', (error) => lost(fresh, error));
      fresh.on('end', () => lost(fresh, new Error('connection ended')));
      try {
        await fresh.connect();
      } catch (error) {
        fresh.removeAllListeners();
        throw error;
      }
      client = fresh;
      heartbeat = setInterval(() => void fresh.query('select 1').catch((error: unknown) => lost(fresh, error)), HEARTBEAT_MS);
      heartbeat.unref();
      return fresh;
    })().finally(() => (connecting = undefined));
    return connecting;
  };

  return {
    async tryAcquire(accountId) {
      if (closed) return false;
      if (held.has(accountId)) return true;
      const c = await open();
      const { rows } = await c.query<{ locked: boolean }>(`select pg_try_advisory_lock(${LOCK_KEY}) as locked`, [accountId]);
      if (rows[0]?.locked !== true) return false;
      held.add(accountId);
      return true;
    },
    async release(accountId) {
      if (!held.delete(accountId) || !client) return;
      await client.query(`select pg_advisory_unlock(${LOCK_KEY})`, [accountId]).catch((error: unknown) => logger.warn({ err: error }, 'a WhatsApp number lock could not be released'));
    },
    onLost(listener) {
      listeners.push(listener);
    },
    async close() {
      closed = true;
      clearInterval(heartbeat);
      const c = client;
      client = undefined;
      held.clear();
      if (c) {
        c.removeAllListeners();
        c.on('error', () => undefined);
        // Ending the session lets go of every lock it held.
        await c.end().catch(() => undefined);
      }
    },
  };
}
