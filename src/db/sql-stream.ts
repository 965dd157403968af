import type { EntityManager } from '@mikro-orm/postgresql';
import type { SqlStatement } from './sql-statement.ts';

/** Rows fetched per round trip when a statement is streamed. */
export const STREAM_CHUNK_ROWS = 1000;

/**
 * Runs a statement through a server-side cursor and yields its rows as they come,
 * `chunkRows` per round trip: a result of any size (an export of a year) is read in
 * constant memory, for writing out as it arrives. Parameters are bound by name as in
 * `runSql`; a missing one throws before anything is sent.
 */
export async function* streamSql<P extends object, R>(em: EntityManager, statement: SqlStatement<P, R>, params: P, chunkRows = STREAM_CHUNK_ROWS): AsyncGenerator<R> {
  const values = statement.order.map((key) => {
    if (!(key in params)) throw new Error(`SQL ${statement.name}: missing parameter :${key}`);
    return (params as Record<string, unknown>)[key];
  });
  const rows = em.getConnection().stream<R & object>(statement.compiled, values, em.getTransactionContext(), undefined, chunkRows);
  for await (const row of rows) yield row;
}
