import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acrossBusinessesSql, businessSql, type SqlStatement } from '../../src/db/sql-statement.ts';
import { unscopedTenantTables } from '../support/tenant-sql-check.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Every hand-written statement lives in a `*-sql.ts` file (lint keeps raw `execute`
// out of the rest of the code); each must filter every tenant table it names by business.
let db: TestDatabase;
let tenantTables: Set<string>;

beforeAll(async () => {
  db = await createTestDatabase();
  const rows = await db.orm.em
    .getConnection()
    .execute<{ table_name: string }[]>(`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'business_id'`);
  tenantTables = new Set(rows.map((r) => r.table_name));
});
afterAll(async () => db.drop());

async function sqlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('-sql.ts')).map((e) => path.join(e.parentPath, e.name));
}

function isStatement(value: unknown): value is SqlStatement<object> {
  return typeof value === 'object' && value !== null && 'compiled' in value && 'scope' in value && 'text' in value;
}

describe('hand-written SQL and tenants', () => {
  it('knows the tenant tables', () => {
    expect(tenantTables).toContain('booking');
    expect(tenantTables).toContain('outbox_delivery');
    expect(tenantTables).not.toContain('business');
  });

  it('filters every tenant table by business in every statement of every *-sql.ts file', async () => {
    const files = await sqlFiles(path.resolve(import.meta.dirname, '../../src'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    const statements: SqlStatement<object>[] = [];
    for (const file of files) {
      const module = (await import(file)) as Record<string, unknown>;
      statements.push(...Object.values(module).filter(isStatement));
    }
    expect(statements.length).toBeGreaterThanOrEqual(25);
    const problems = statements.flatMap((s) => unscopedTenantTables(s, tenantTables).map((p) => `${s.name}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('catches statements that forget the business', () => {
    const check = (s: SqlStatement<object>) => unscopedTenantTables(s, tenantTables);
    // Filtered by business: fine.
    expect(check(businessSql('ok', `select id from booking b where b.business_id = :businessId and b.status = 'held'`))).toEqual([]);
    expect(check(businessSql('ok-join', `select b.id from booking b join customer c on c.id = b.customer_id and c.business_id = b.business_id where b.business_id = :businessId`))).toEqual([]);
    // :businessId is used, but for another table: the booking is not filtered.
    expect(check(businessSql('one-of-two', `select b.id from booking b join customer c on c.id = b.customer_id where c.business_id = :businessId`))).toEqual(['booking b']);
    // Filtered only by id: any business's booking.
    expect(check(businessSql('by-id', `update booking set status = 'cancelled' where id = :id and :businessId::uuid is not null`))).toEqual(['booking']);
    // A sub-select that forgets it.
    expect(check(businessSql('subquery', `select * from customer where business_id = :businessId and id in (select customer_id from waitlist_entry w)`))).toEqual(['waitlist_entry w']);
    expect(check(businessSql('insert', `insert into audit_entry (id, action) select gen_random_uuid(), 'x' from booking where business_id = :businessId`))).toEqual(['insert into audit_entry without business_id']);
    // An unqualified filter in the outer select does not cover a sub-select's table.
    expect(check(businessSql('outer-only', `select id from booking where business_id = :businessId and customer_id in (select id from customer where blocked)`))).toEqual(['customer']);
    // Comma joins are references too.
    expect(check(businessSql('comma', `select b.id from booking b, customer c where b.business_id = :businessId and c.id = b.customer_id`))).toEqual(['customer c']);
    expect(check(businessSql('comma-ok', `select b.id from booking b, customer c where b.business_id = :businessId and c.business_id = b.business_id`))).toEqual([]);
    // Spanning businesses: the driving table may be unfiltered; what it joins may not.
    expect(check(acrossBusinessesSql('across', 'test', `select m.id from outbox_message m join customer c on c.id::text = m.payload->>'customerId'`))).toEqual(['customer c']);
    expect(check(acrossBusinessesSql('across-ok', 'test', `select m.id from outbox_message m join customer c on c.business_id = m.business_id`))).toEqual([]);
  });
});
