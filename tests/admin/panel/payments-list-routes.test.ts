import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmBooking } from '../../../src/app/booking/confirm-booking.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import { AuditEntrySchema, PaymentSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { startPanelHarness, type PanelClient, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let h: PanelHarness;
let admin: PanelClient;
let manager: PanelClient;
let base: string;
let paid = '';
let pending = '';
let theirs = '';

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  [admin, manager] = await Promise.all([h.as('admin'), h.as('manager')]);
  base = `/admin/b/${h.world.business.slug}/payments`;
  const w = h.world;
  const held = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('10:00', 2), source: 'telegram' });
  await confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[0]! }, { bookingId: held.id });
  const em = emForBusiness(db.orm, w.business.id);
  const now = new Date(w.clock.now());
  paid = em.create(PaymentSchema, { business: w.business.id, booking: held.id, provider: 'cash', amountMinor: 50_000, currency: 'UAH', status: 'paid', paidAt: now, createdAt: now, updatedAt: now }).id;
  pending = em.create(PaymentSchema, { business: w.business.id, booking: held.id, provider: 'kaspi', amountMinor: 20_000, currency: 'UAH', status: 'pending', createdAt: now, updatedAt: now }).id;
  await em.flush();
  const o = h.other;
  const otherHeld = await holdSlot(o.ctx, o.business.id, { customerId: o.customers[0]!, serviceId: o.haircut.id, staffId: o.staff[0]!.id, startsAt: o.at('10:00', 2), source: 'telegram' });
  const oem = emForBusiness(db.orm, o.business.id);
  theirs = oem.create(PaymentSchema, { business: o.business.id, booking: otherHeld.id, provider: 'cash', amountMinor: 10_000, currency: 'UAH', status: 'paid', createdAt: now, updatedAt: now }).id;
  await oem.flush();
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

const em = () => emForBusiness(db.orm, h.world.business.id);

describe('the payments page', () => {
  it('lists payments with their booking, filters by status and provider, and only admins see refunds', async () => {
    const page = await admin.get(base);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`data-payment="${paid}"`);
    expect(page.body).toContain(`data-payment="${pending}"`);
    expect(page.body).not.toContain(`data-payment="${theirs}"`);
    expect(page.body).toContain('₴500');
    expect(page.body).toContain(`/payments/${paid}/refund`);
    expect(page.body).not.toContain(`/payments/${pending}/refund`);
    const onlyPaid = await admin.get(`${base}?status=paid`);
    expect(onlyPaid.body).not.toContain(`data-payment="${pending}"`);
    const kaspi = await admin.get(`${base}?provider=kaspi`);
    expect(kaspi.body).toContain(`data-payment="${pending}"`);
    expect(kaspi.body).not.toContain(`data-payment="${paid}"`);
    expect((await manager.get(base)).body).not.toContain('/refund');
    expect((await admin.get(`${base}?status=lost`)).statusCode).toBe(422);
    expect((await admin.get(`${base}?from=2031-03-10&to=2031-03-01`)).statusCode).toBe(422);
  });

  it('refunds part, then the rest; refuses more than is left, a pending payment and another business', async () => {
    expect((await admin.post(`${base}/${paid}/refund`, { amount: '120,50' })).statusCode).toBe(303);
    expect(await em().findOneOrFail(PaymentSchema, { id: paid })).toMatchObject({ refundDueMinor: 12_050, status: 'paid' });
    const audit = await em().findOneOrFail(AuditEntrySchema, { entityId: paid, action: 'payment.refund_due' });
    expect(audit).toMatchObject({ actorKind: 'user', actorId: h.userIds.admin });
    const tooMuch = await admin.post(`${base}/${paid}/refund`, { amount: '400' });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.body).toContain('more than is left');
    expect((await admin.post(`${base}/${paid}/refund`, { amount: '1.234' })).statusCode).toBe(422);
    expect((await admin.post(`${base}/${paid}/refund`, { amount: '' })).statusCode).toBe(303);
    expect((await em().findOneOrFail(PaymentSchema, { id: paid })).refundDueMinor).toBe(50_000);
    expect((await admin.post(`${base}/${paid}/refund`, {})).statusCode).toBe(422);
    expect((await admin.post(`${base}/${pending}/refund`, {})).statusCode).toBe(422);
    expect((await admin.post(`${base}/${theirs}/refund`, {})).statusCode).toBe(404);
    expect((await admin.post(`${base}/not-an-id/refund`, {})).statusCode).toBe(404);
    expect((await manager.post(`${base}/${paid}/refund`, {})).statusCode).toBe(403);
  });
});
