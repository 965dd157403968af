import { MikroORM } from '@mikro-orm/postgresql';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/database.ts';
import { MIGRATIONS } from '../../src/db/migrations/index.ts';
import { ormOptions } from '../../src/db/orm-config.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let second: MikroORM;
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
  second = await MikroORM.init(ormOptions({ url: db.url, logger, poolMax: 2 }));
});
afterAll(async () => {
  await second.close(true);
  await db.drop();
});

describe('migrations started by two processes at once', () => {
  it('run once, under the advisory lock: both succeed, one applies every migration, the other finds none pending', async () => {
    const [first, other] = await Promise.all([migrate(db.orm, logger), migrate(second, logger)]);
    const names = MIGRATIONS.map((m) => m.name);
    expect([first, other].sort((a, b) => b.length - a.length)).toEqual([names, []]);
    expect(await db.orm.migrator.getPending()).toEqual([]);
    expect(await second.migrator.getPending()).toEqual([]);
    const executed = await db.orm.em.getConnection().execute<{ n: string }[]>('select count(*)::text as n from mikro_orm_migrations');
    expect(executed[0]?.n).toBe(String(names.length));
    // Nothing is left locked behind them.
    const locks = await db.orm.em.getConnection().execute<{ n: string }[]>("select count(*)::text as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())");
    expect(locks[0]?.n).toBe('0');
  });
});
