import { PostgreSqlConnection, type MikroORM } from '@mikro-orm/postgresql';
import { vi } from 'vitest';

/** What {@link watchStatements} saw while `work` ran. */
export interface WatchedStatements<T> {
  result: T;
  /** Every statement sent, by any pooled connection, through the ORM or prepared. */
  statements: number;
  /** The names of the prepared (named) ones, in order. */
  preparedNames: string[];
}

/**
 * Runs `work` and counts the statements it sends to PostgreSQL: each pooled client's
 * `query` is watched as the pool hands it out, and restored afterwards.
 */
export async function watchStatements<T>(orm: MikroORM, work: () => Promise<T>): Promise<WatchedStatements<T>> {
  const connection = orm.em.getConnection();
  if (!(connection instanceof PostgreSqlConnection)) throw new Error('not PostgreSQL');
  const pool = await connection.getNativeClient();
  let statements = 0;
  const preparedNames: string[] = [];
  const watched: { mockRestore(): void }[] = [];
  const connect = pool.connect.bind(pool);
  const spy = vi.spyOn(pool, 'connect').mockImplementation((async () => {
    const client = await connect();
    if (!vi.isMockFunction(client.query)) {
      const query = client.query.bind(client);
      watched.push(
        vi.spyOn(client, 'query').mockImplementation(((config: unknown, ...rest: unknown[]) => {
          statements += 1;
          if (typeof config === 'object' && config !== null && 'name' in config && typeof config.name === 'string') preparedNames.push(config.name);
          return (query as (...args: unknown[]) => unknown)(config, ...rest);
        }) as typeof client.query),
      );
    }
    return client;
  }) as typeof pool.connect);
  try {
    return { result: await work(), statements, preparedNames };
  } finally {
    spy.mockRestore();
    for (const query of watched) query.mockRestore();
  }
}
