import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { migrate } from '../../src/db/database.ts';
import { MIGRATIONS } from '../../src/db/migrations/index.ts';
import pino from 'pino';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
});
afterAll(async () => db.drop());

const query = <T extends object>(sql: string) => db.orm.em.getConnection().execute<T[]>(sql);

describe('migrations', () => {
  it('build the whole schema on an empty database', async () => {
    const before = await query<{ n: string }>("select count(*)::text as n from information_schema.tables where table_schema = 'public'");
    expect(before[0]?.n).toBe('0');

    const applied = await migrate(db.orm, pino({ level: 'silent' }));
    expect(applied).toEqual(MIGRATIONS.map((m) => m.name));

    const tables = (await query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = 'public'")).map(
      (t) => t.table_name,
    );
    expect(tables).toEqual(
      expect.arrayContaining([
        'business',
        'app_user',
        'membership',
        'staff_member',
        'staff_member_service',
        'service',
        'resource',
        'working_hours',
        'date_override',
        'time_off',
        'customer',
        'channel_identity',
        'booking',
        'audit_entry',
      ]),
    );
    const extensions = await query<{ extname: string }>("select extname from pg_extension where extname = 'btree_gist'");
    expect(extensions).toHaveLength(1);
    const exclusions = await query<{ conname: string }>("select conname from pg_constraint where contype = 'x' order by conname");
    expect(exclusions.map((c) => c.conname)).toEqual(['booking_resource_no_overlap', 'booking_staff_no_overlap']);
  });

  it('are idempotent: a second run applies nothing', async () => {
    expect(await migrate(db.orm, pino({ level: 'silent' }))).toEqual([]);
  });

  it('match the entities exactly, so a schema diff would change nothing', async () => {
    const diff = await db.orm.schema.getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });
});
