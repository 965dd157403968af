import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntrySchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { startApiHarness, type ApiHarness } from './api-harness.ts';

let db: TestDatabase;
let h: ApiHarness;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startApiHarness(db.orm);
});
afterAll(async () => {
  await h.close();
  await db.drop();
});

const auditOf = (customerId: string) =>
  emForBusiness(db.orm, h.world.business.id).find(AuditEntrySchema, { entityType: 'customer', entityId: customerId });

describe('customer changes through the API are audited, as in the panel', () => {
  it('records a new card and each change of name, notes or tags (which fields, by the business with no user); no change, no entry', async () => {
    const made = await h.call('POST', '/customers', { key: h.keys.write, body: { phone: '+380 67 555 77 11', name: 'Olena' } });
    expect(made.statusCode).toBe(200);
    const id = (made.json() as { id: string }).id;
    expect((await auditOf(id)).map((e) => e.action)).toEqual(['customer.created']);

    const patched = await h.call('PATCH', `/customers/${id}`, { key: h.keys.write, body: { notes: 'Prefers mornings', tags: ['vip'] } });
    expect(patched.statusCode).toBe(200);
    const renamed = await h.call('PATCH', `/customers/${id}`, { key: h.keys.write, body: { name: 'Olena K.' } });
    expect(renamed.statusCode).toBe(200);
    // The same values again change nothing and record nothing.
    expect((await h.call('PATCH', `/customers/${id}`, { key: h.keys.write, body: { notes: 'Prefers mornings', tags: ['vip'] } })).statusCode).toBe(200);

    // The test clock stands still: the entries share one instant, so they are compared as a set.
    const entries = await auditOf(id);
    expect(entries.map((e) => JSON.stringify([e.action, e.details['changed'] ?? null])).sort()).toEqual(
      [['customer.created', null], ['customer.updated', ['name']], ['customer.updated', ['notes', 'tags']]].map((e) => JSON.stringify(e)),
    );
    const update = entries.find((e) => e.action === 'customer.updated' && JSON.stringify(e.details['changed']).includes('notes'))!;
    // The API acts as the business, with no person: a user entry without a user id.
    expect(update).toMatchObject({ actorKind: 'user', actorId: null, entityType: 'customer' });
    // What the notes say stays out of the log.
    expect(JSON.stringify(update.details)).not.toContain('mornings');
  });

  it('records nothing for a refused change (another business, bad input)', async () => {
    const other = await h.call('PATCH', `/customers/${h.other.customers[0]!}`, { key: h.keys.write, body: { notes: 'x' } });
    expect(other.statusCode).toBe(404);
    const bad = await h.call('PATCH', `/customers/${h.world.customers[0]!}`, { key: h.keys.write, body: { tags: ['x'.repeat(41)] } });
    expect(bad.statusCode).toBe(400);
    expect(await auditOf(h.world.customers[0]!)).toEqual([]);
    expect(await emForBusiness(db.orm, h.other.business.id).count(AuditEntrySchema, { entityId: h.other.customers[0]! })).toBe(0);
  });
});
