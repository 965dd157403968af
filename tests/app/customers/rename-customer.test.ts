import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renameCustomer } from '../../../src/app/customers/rename-customer.ts';
import { customerCard } from '../../../src/app/customers/customer-card.ts';
import { AuditEntrySchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';

// The chat's checkout names the customer in one statement: the card, and the audit entry only when the name changed.

let db: TestDatabase;
let w: BookingWorld;
let other: BookingWorld;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 3 });
  w = await makeBookingWorld(db.orm, { customers: 2 });
  other = await makeBookingWorld(db.orm, { customers: 1 });
});
afterAll(async () => db.drop());

const audits = (customerId: string) => emForBusiness(db.orm, w.business.id).find(AuditEntrySchema, { entityId: customerId, action: 'customer.updated' });

describe('renameCustomer', () => {
  it('changes the name, returns the card as updateCustomer would, and audits only a change', async () => {
    const customerId = w.customers[0]!;
    const actor = { kind: 'customer' as const, customerId };
    const card = await renameCustomer(w.ctx, w.business.id, actor, { customerId, name: 'Olena Kovalenko' });
    expect(card).toEqual(await customerCard(w.ctx, w.business.id, customerId));
    expect(card.name).toBe('Olena Kovalenko');
    expect((await audits(customerId)).map((a) => [a.actorKind, a.actorId, a.details])).toEqual([['customer', customerId, { changed: ['name'] }]]);

    await renameCustomer(w.ctx, w.business.id, actor, { customerId, name: 'Olena Kovalenko' });
    expect(await audits(customerId)).toHaveLength(1);
  });

  it("refuses another business's customer and a blank name, changing nothing", async () => {
    const stranger = other.customers[0]!;
    const before = await customerCard(other.ctx, other.business.id, stranger);
    await expect(renameCustomer(w.ctx, w.business.id, { kind: 'customer', customerId: stranger }, { customerId: stranger, name: 'Taken Over' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await customerCard(other.ctx, other.business.id, stranger)).toEqual(before);
    const own = w.customers[1]!;
    await expect(renameCustomer(w.ctx, w.business.id, { kind: 'customer', customerId: own }, { customerId: own, name: '   ' })).rejects.toThrow();
    expect((await customerCard(w.ctx, w.business.id, own)).name).not.toBe('');
  });
});
