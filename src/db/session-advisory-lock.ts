import pg from 'pg';

/** A held session advisory lock; `release` lets go of it and closes its connection. */
export interface HeldAdvisoryLock {
  release(): Promise<void>;
}

/**
 * Takes the PostgreSQL session advisory lock named `name`, on a connection of its own to
 * `url` (a pooled connection could be lent out while the lock is held), waiting while
 * another process holds it: processes started together take turns (the migrations, the
 * first start's seeding). If this process dies, PostgreSQL ends its session and so
 * lets go of the lock.
 */
export async function acquireSessionAdvisoryLock(url: string, name: string): Promise<HeldAdvisoryLock> {
  const client = new pg.Client({ connectionString: url, application_name: `bookchat-lock:${name}` });
  // An error on the idle connection while the lock is held must not crash the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(hashtextextended($1::text, 0))', [name]);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await client.query('select pg_advisory_unlock(hashtextextended($1::text, 0))', [name]).catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

/** Runs `work` while holding the session advisory lock `name` (see {@link acquireSessionAdvisoryLock}). */
export async function withSessionAdvisoryLock<T>(url: string, name: string, work: () => Promise<T>): Promise<T> {
  const lock = await acquireSessionAdvisoryLock(url, name);
  try {
    return await work();
  } finally {
    await lock.release();
  }
}
