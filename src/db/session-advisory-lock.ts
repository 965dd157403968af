import pg from 'pg';

/**
 * Runs `work` while this process holds a PostgreSQL session advisory lock named `name`,
 * on a connection of its own to `url` (a pooled connection could be lent out while the
 * lock is held). Another process asking for the same name waits until `work` is done:
 * processes started together take turns (the migrations, the first start's seeding).
 * If this process dies, PostgreSQL ends its session and so lets go of the lock.
 */
export async function withSessionAdvisoryLock<T>(url: string, name: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: `bookchat-lock:${name}` });
  // An error on the idle connection while `work` runs must not crash the process; the unlock below reports it.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(hashtextextended($1::text, 0))', [name]);
    try {
      return await work();
    } finally {
      await client.query('select pg_advisory_unlock(hashtextextended($1::text, 0))', [name]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
