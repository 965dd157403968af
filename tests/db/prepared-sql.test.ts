import { PostgreSqlConnection } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BusinessSchema } from '../../src/db/entities/index.ts';
import { businessSql, runPreparedSql, runSql } from '../../src/db/sql-statement.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { watchStatements } from '../support/statement-watch.ts';

// Hot-path statements are prepared per pooled connection (runPreparedSql): the same rows
// as runSql, again and again (past the five calls after which PostgreSQL may keep a
// generic plan), and inside a transaction they see its own uncommitted rows.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

const NAME_OF = businessSql<{ businessId: string; suffix: string }, { name: string; id: string }>(
  'test.prepared-name-of',
  `select name || :suffix as name, id from business where id = :businessId`,
);

const DIVIDE = businessSql<{ businessId: string; by: number }, { half: number }>(
  'test.prepared-divide',
  `select (1.0 / :by::int)::float8 as half from business where id = :businessId`,
);

describe('prepared hot-path statements', () => {
  it('answer as runSql does, call after call, with different parameters', async () => {
    const em = db.orm.em.fork();
    const a = em.create(BusinessSchema, { slug: 'prep-a', name: 'A', timeZone: 'UTC', currency: 'EUR' });
    const b = em.create(BusinessSchema, { slug: 'prep-b', name: 'B', timeZone: 'UTC', currency: 'EUR' });
    await em.flush();
    // The pool is asked for a named (prepared) statement, not plain text.
    const { preparedNames } = await watchStatements(db.orm, async () => {
      for (let i = 0; i < 8; i += 1) {
        const business = i % 2 === 0 ? a : b;
        const params = { businessId: business.id, suffix: `-${i}` };
        const prepared = await runPreparedSql(db.orm.em.fork(), NAME_OF, params);
        expect(prepared).toEqual([{ name: `${business.name}-${i}`, id: business.id }]);
        expect(prepared).toEqual(await runSql(db.orm.em.fork(), NAME_OF, params));
      }
    });
    expect(preparedNames).toEqual(Array.from({ length: 8 }, () => 'test.prepared-name-of'));
  });

  it('keep their connection when the server refuses one (a lost race is no reason to reconnect)', async () => {
    const connection = db.orm.em.getConnection();
    if (!(connection instanceof PostgreSqlConnection)) throw new Error('not PostgreSQL');
    const pool = await connection.getNativeClient();
    const business = db.orm.em.fork().create(BusinessSchema, { slug: 'prep-refused', name: 'R', timeZone: 'UTC', currency: 'EUR' });
    await db.orm.em.fork().persist(business).flush();
    const removed: unknown[] = [];
    const onRemove = (client: unknown) => removed.push(client);
    pool.on('remove', onRemove);
    try {
      for (let i = 0; i < 5; i += 1) {
        await expect(runPreparedSql(db.orm.em.fork(), DIVIDE, { businessId: business.id, by: 0 })).rejects.toMatchObject({ code: '22012' });
      }
      // The next call is answered (and below: no connection was closed on the way).
      expect(await runPreparedSql(db.orm.em.fork(), DIVIDE, { businessId: business.id, by: 2 })).toEqual([{ half: 0.5 }]);
    } finally {
      pool.off('remove', onRemove);
    }
    expect(removed).toEqual([]);
  });

  it('drop a connection whose prepared statement went wrong on it, so the next call prepares it afresh', async () => {
    const connection = db.orm.em.getConnection();
    if (!(connection instanceof PostgreSqlConnection)) throw new Error('not PostgreSQL');
    const pool = await connection.getNativeClient();
    const business = db.orm.em.fork().create(BusinessSchema, { slug: 'prep-lost', name: 'L', timeZone: 'UTC', currency: 'EUR' });
    await db.orm.em.fork().persist(business).flush();
    const params = { businessId: business.id, suffix: '' };
    expect(await runPreparedSql(db.orm.em.fork(), NAME_OF, params)).toHaveLength(1);
    // The connection just used is the next one handed out (the pool keeps its idle ones
    // last in, first out): the server forgets its statements behind the driver's back.
    const client = await pool.connect();
    await client.query('deallocate all');
    client.release();
    const removed: unknown[] = [];
    const onRemove = (c: unknown) => removed.push(c);
    pool.on('remove', onRemove);
    try {
      await expect(runPreparedSql(db.orm.em.fork(), NAME_OF, params)).rejects.toMatchObject({ code: '26000' });
      expect(await runPreparedSql(db.orm.em.fork(), NAME_OF, params)).toEqual([{ name: 'L', id: business.id }]);
      // Removed once it has closed.
      await vi.waitFor(() => expect(removed).toEqual([client]), { timeout: 10_000 });
    } finally {
      pool.off('remove', onRemove);
    }
  });

  it('run in the caller’s transaction when there is one', async () => {
    const seen = await db.orm.em.fork().transactional(async (em) => {
      const c = em.create(BusinessSchema, { slug: 'prep-c', name: 'C', timeZone: 'UTC', currency: 'EUR' });
      await em.flush();
      return runPreparedSql(em, NAME_OF, { businessId: c.id, suffix: '' });
    });
    expect(seen.map((r) => r.name)).toEqual(['C']);
  });
});
