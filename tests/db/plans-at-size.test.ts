import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_PAGE } from '../../src/app/audit/audit-sql.ts';
import { QUEUE_DUE_FOLLOW_UPS } from '../../src/app/notifications/notifications-sql.ts';
import type { SqlStatement } from '../../src/db/sql-statement.ts';
import { queryPlan } from '../support/query-plan.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// The statements that run for every business on a timer, or for every message, reach
// their rows by an index, not by reading all of a business's history: with sequential
// scans priced out, the plan names the index that serves the lookup (and with a
// non-sargable rewrite it would name another, read whole). What this buys at size is
// in docs/performance.md ("lookups at size").
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

const BUSINESS = '3f2b8c1e-9d4a-4e7b-8c2d-1a5b6c7d8e9f';
const NOW = new Date('2031-03-03T06:00:00Z');

const planOf = <P extends object, R>(statement: SqlStatement<P, R>, params: P) => queryPlan(db.orm, statement, params);

// The index scanned with a condition that bounds more than the business (a range of
// time, not the business's whole history).
const indexCond = (index: string, condition: RegExp) => new RegExp(`Scan (Backward )?using ${index} on [^\\n]*\\n\\s+Index Cond: [^\\n]*${condition.source}`);

describe('plans at size', () => {
  it('the follow-up sweep reads only the bookings that ended in its window', async () => {
    expect(await planOf(QUEUE_DUE_FOLLOW_UPS, { businessId: BUSINESS, now: NOW })).toMatch(indexCond('booking_ended_idx', /business_id = [^\n]* AND \(ends_at <= [^\n]* AND \(ends_at > /));
  });

  it('the audit log reads a page newest first from its index, however deep', async () => {
    const page = { businessId: BUSINESS, entityType: null, from: null, to: null, limit: 50 };
    expect(await planOf(AUDIT_PAGE, { ...page, beforeId: null })).toMatch(/Index Scan Backward using audit_entry_business_id_created_at_index/);
    expect(await planOf(AUDIT_PAGE, { ...page, beforeId: BUSINESS })).toMatch(indexCond('audit_entry_business_id_created_at_index', /business_id = [^\n]* AND \(created_at <= /));
  });
});
