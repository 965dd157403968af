import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acrossBusinessesSql } from '../../src/db/sql-statement.ts';
import { queryPlan } from '../support/query-plan.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// `uuid_or_null(text)` (migration `lookups_at_size`): rows named by an id kept as text
// (an outbox payload's customerId, an audit entry's actor) are found by primary key,
// and a stray value finds nothing instead of failing the statement it is in.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

const ID = '3f2b8c1e-9d4a-4e7b-8c2d-1a5b6c7d8e9f';

describe('uuid_or_null', () => {
  it.each([
    [ID, ID],
    [ID.toUpperCase(), ID],
    ['', null],
    ['not-a-uuid', null],
    [`${ID}x`, null],
    [`{${ID}}`, null],
    [ID.replaceAll('-', ''), null],
    ["'; drop table customer; --", null],
  ])('reads %j as %j', async (text, expected) => {
    const [row] = await db.orm.em.getConnection().execute<{ id: string | null }[]>('select uuid_or_null(?) as id', [text]);
    expect(row?.id).toBe(expected);
  });

  it('gives null for null', async () => {
    const [row] = await db.orm.em.getConnection().execute<{ id: string | null }[]>('select uuid_or_null(null) as id');
    expect(row?.id).toBeNull();
  });

  // With sequential scans priced out, the function's answer drives the primary key (it
  // is inlined, and immutable); the text comparison it replaced cannot use any index.
  it('lets a join by a text id use the primary key', async () => {
    const plan = (condition: string) =>
      queryPlan(db.orm, acrossBusinessesSql('test.join-by-text-id', 'a plan is read, no row', `select c.id from outbox_message m join customer c on ${condition} where m.id = '${ID}'`), {});
    // A lookup: the primary key scanned with a condition, not read whole.
    const lookup = /Scan using customer_pkey on customer c[^\n]*\n\s+Index Cond:/;
    expect(await plan(`c.id = uuid_or_null(m.payload->>'customerId')`)).toMatch(lookup);
    expect(await plan(`c.id::text = m.payload->>'customerId'`)).not.toMatch(lookup);
  });

  // Schema diffs leave SQL functions alone (ignoreRoutines): this is what sees one go
  // missing, change or appear unplanned.
  it('is, with the changes log trigger, the only function our migrations make', async () => {
    const rows = await db.orm.em.getConnection().execute<{ name: string; volatility: string; returns: string }[]>(
      `select p.proname as name, p.provolatile as volatility, p.prorettype::regtype::text as returns
         from pg_proc p
         join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = current_schema()
          and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
        order by p.proname`,
    );
    expect(rows).toEqual([
      { name: 'availability_changed', volatility: 'v', returns: 'trigger' },
      { name: 'uuid_or_null', volatility: 'i', returns: 'uuid' },
    ]);
  });
});
