import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearEmailBounce } from '../../../src/app/customers/clear-email-bounce.ts';
import { customerEmailState } from '../../../src/app/customers/customer-email-state.ts';
import { mergeCustomerCards } from '../../../src/app/customers/merge-customer-cards.ts';
import { updateCustomer } from '../../../src/app/customers/update-customer.ts';
import { markEmailBounced } from '../../../src/app/notifications/email-recipients.ts';
import { NotFound } from '../../../src/app/shared/app-errors.ts';
import { AuditEntrySchema, CustomerSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// A customer's e-mail marks as the team meets them: a bounce the team may clear (or a new
// address clears), an unsubscribe nobody but the customer undoes, and both kept by a merge.
let db: TestDatabase;
let w: BookingWorld;
const team = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 8, staff: 1 });
});
afterAll(async () => db?.drop());

const em = () => emForBusiness(db.orm, w.business.id);
const card = (i: number) => em().findOneOrFail(CustomerSchema, { id: w.customers[i]! });
const audits = (i: number, action: string) => em().find(AuditEntrySchema, { entityId: w.customers[i]!, action }, { orderBy: { createdAt: 'asc' } });
async function setEmail(i: number, fields: { email: string | null; emailOptOut?: boolean }) {
  await em().nativeUpdate(CustomerSchema, { id: w.customers[i]! }, fields);
}

describe('customer e-mail marks', () => {
  it('reads when and why an address bounced, and that the customer unsubscribed', async () => {
    await setEmail(0, { email: 'gone@example.com', emailOptOut: true });
    expect(await customerEmailState(w.ctx, w.business.id, await card(0))).toEqual({ bounced: null, unsubscribed: { at: null } });
    await markEmailBounced(w.ctx, w.business.id, w.customers[0]!, '550 5.1.1 No such mailbox');
    const state = await customerEmailState(w.ctx, w.business.id, await card(0));
    expect(state).toEqual({ bounced: { at: new Date(w.clock.now()), reason: '550 5.1.1 No such mailbox' }, unsubscribed: { at: null } });
  });

  it('clears a bounce once, audited, and leaves an unsubscribe alone', async () => {
    await setEmail(1, { email: 'full@example.com', emailOptOut: true });
    await markEmailBounced(w.ctx, w.business.id, w.customers[1]!, '550 mailbox unavailable');
    expect(await clearEmailBounce(w.ctx, w.business.id, team, { customerId: w.customers[1]! })).toBe(true);
    expect(await card(1)).toMatchObject({ emailBouncedAt: null, emailOptOut: true, email: 'full@example.com' });
    const [entry] = await audits(1, 'customer.email_bounce_cleared');
    expect(entry?.details).toEqual({ bouncedAt: new Date(w.clock.now()).toISOString() });
    // Nothing to clear: nothing changes, nothing is recorded.
    expect(await clearEmailBounce(w.ctx, w.business.id, team, { customerId: w.customers[1]! })).toBe(false);
    expect(await audits(1, 'customer.email_bounce_cleared')).toHaveLength(1);
    // A later hard bounce marks the address again.
    expect(await markEmailBounced(w.ctx, w.business.id, w.customers[1]!, '550 still gone')).toBe(true);
  });

  it('refuses another business\'s customer and a malformed id', async () => {
    const other = await makeBookingWorld(db.orm, { customers: 1, staff: 1 });
    await expect(clearEmailBounce(w.ctx, w.business.id, team, { customerId: other.customers[0]! })).rejects.toBeInstanceOf(NotFound);
    await expect(clearEmailBounce(w.ctx, w.business.id, team, { customerId: 'nobody' })).rejects.toBeInstanceOf(NotFound);
  });

  it('a different address clears the bounce (audited among the changed fields); the same one in other letters does not', async () => {
    await setEmail(2, { email: 'Old@Example.com', emailOptOut: true });
    await markEmailBounced(w.ctx, w.business.id, w.customers[2]!, '550 unknown user');
    await updateCustomer(w.ctx, w.business.id, team, { customerId: w.customers[2]!, email: 'old@example.com' });
    expect((await card(2)).emailBouncedAt).not.toBeNull();
    await updateCustomer(w.ctx, w.business.id, team, { customerId: w.customers[2]!, email: 'new@example.com', notes: 'New mailbox' });
    expect(await card(2)).toMatchObject({ email: 'new@example.com', emailBouncedAt: null, emailOptOut: true });
    const updates = await audits(2, 'customer.updated');
    expect(updates.map((a) => a.details['changed'])).toEqual([['email'], ['email', 'notes', 'emailBouncedAt']]);
  });

  it('a merge keeps the bounce of an address it takes over, and an unsubscribe from either card', async () => {
    await setEmail(3, { email: null });
    await setEmail(4, { email: 'dead@example.com' });
    await markEmailBounced(w.ctx, w.business.id, w.customers[4]!, '550 no such user');
    await mergeCustomerCards(w.ctx, w.business.id, team, { intoCustomerId: w.customers[3]!, fromCustomerId: w.customers[4]! });
    expect(await card(3)).toMatchObject({ email: 'dead@example.com', emailBouncedAt: expect.any(Date), emailOptOut: false });
    await setEmail(5, { email: 'kept@example.com' });
    await setEmail(6, { email: 'other@example.com', emailOptOut: true });
    await mergeCustomerCards(w.ctx, w.business.id, team, { intoCustomerId: w.customers[5]!, fromCustomerId: w.customers[6]! });
    expect(await card(5)).toMatchObject({ email: 'kept@example.com', emailBouncedAt: null, emailOptOut: true });
  });
});
