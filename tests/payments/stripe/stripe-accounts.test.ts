import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { AuditEntrySchema, PaymentAccountSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { connectStripe, connectStripeFromEnv, disconnectStripe, stripeAccountOf } from '../../../src/payments/stripe/stripe-accounts.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let a: BookingWorld;
let b: BookingWorld;
const SECRET = 'stripe-accounts-test-app-secret-0123456789';
const OTHER_SECRET = 'another-app-secret-0123456789abcdef0123';
const KEY = `sk_test_${'51HxAbCdEf'.repeat(3)}`;
const WHSEC = `whsec_${'Zy9Xw8Vu7T'.repeat(3)}`;
const owner = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 5 });
  a = await makeBookingWorld(db.orm, { customers: 0, staff: 1, slug: 'stripe-acc-a' });
  b = await makeBookingWorld(db.orm, { customers: 0, staff: 1, slug: 'stripe-acc-b' });
});
afterAll(async () => db?.drop());

const rowOf = (businessId: string) => emForBusiness(db.orm, businessId).findOne(PaymentAccountSchema, { business: businessId, provider: 'stripe' });
const audits = (businessId: string, action: string) => emForBusiness(db.orm, businessId).find(AuditEntrySchema, { action });

describe('Stripe keys per business', () => {
  it('stores both keys sealed, opens them again, and audits the connection without the keys', async () => {
    expect(await connectStripe(a.ctx, a.business.id, SECRET, { secretKey: KEY, webhookSecret: WHSEC }, { actor: owner })).toEqual({ changed: true });
    const row = await rowOf(a.business.id);
    expect(row).toMatchObject({ provider: 'stripe', active: true });
    expect(row?.secretCiphertext).toMatch(/^v2:/);
    expect(row?.secretCiphertext).not.toContain(KEY.slice(8));
    expect(row?.webhookSecretCiphertext).not.toContain(WHSEC.slice(6));
    expect(await stripeAccountOf(a.ctx, a.business.id, SECRET)).toEqual({ secretKey: KEY, webhookSecret: WHSEC });
    const [audit, ...more] = await audits(a.business.id, 'payment.stripe_connected');
    expect(more).toEqual([]);
    expect(audit).toMatchObject({ entityType: 'payment_account', entityId: row?.id, details: { mode: 'test', keyEnding: KEY.slice(-4) } });
    expect(JSON.stringify(audit?.details)).not.toContain(WHSEC);
  });

  it('the same keys from the environment again change nothing and are not audited again', async () => {
    expect(await connectStripeFromEnv(a.ctx, SECRET, { secretKey: KEY, webhookSecret: WHSEC }, 'stripe-acc-a')).toEqual({ businessId: a.business.id, businessName: 'Kyiv Studio', changed: false });
    expect(await audits(a.business.id, 'payment.stripe_connected')).toHaveLength(1);
  });

  it('keys sealed for one business do not open on another, nor under another APP_SECRET', async () => {
    const row = await rowOf(a.business.id);
    await connectStripe(b.ctx, b.business.id, SECRET, { secretKey: `sk_live_${'q'.repeat(24)}`, webhookSecret: WHSEC });
    const em = emForBusiness(db.orm, b.business.id);
    const rowB = await em.findOneOrFail(PaymentAccountSchema, { business: b.business.id, provider: 'stripe' });
    rowB.secretCiphertext = row?.secretCiphertext ?? null;
    await em.flush();
    expect(await stripeAccountOf(b.ctx, b.business.id, SECRET)).toBeNull();
    expect(await stripeAccountOf(a.ctx, a.business.id, OTHER_SECRET)).toBeNull();
    // During a rotation the previous APP_SECRET still opens them.
    expect(await stripeAccountOf(a.ctx, a.business.id, { current: OTHER_SECRET, previous: SECRET })).toEqual({ secretKey: KEY, webhookSecret: WHSEC });
  });

  it.each([
    ['a publishable key', { secretKey: `pk_test_${'a'.repeat(24)}`, webhookSecret: WHSEC }, 'payments_stripe_key_format'],
    ['a truncated key', { secretKey: 'sk_test_abc', webhookSecret: WHSEC }, 'payments_stripe_key_format'],
    ['a webhook secret without whsec_', { secretKey: KEY, webhookSecret: 'we_123456789012345' }, 'payments_stripe_webhook_secret_format'],
    ['an empty webhook secret', { secretKey: KEY, webhookSecret: '' }, 'payments_stripe_webhook_secret_format'],
  ])('refuses %s and stores nothing', async (_name, keys, message) => {
    const fresh = await makeBookingWorld(db.orm, { customers: 0, staff: 1 });
    const error = await connectStripe(fresh.ctx, fresh.business.id, SECRET, keys, { actor: owner }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZodError);
    expect(error instanceof ZodError ? error.issues.map((i) => i.message) : []).toContain(message);
    expect(await rowOf(fresh.business.id)).toBeNull();
    expect(await audits(fresh.business.id, 'payment.stripe_connected')).toEqual([]);
  });

  it('replacing the keys re-seals them; disconnecting deletes the row and is audited', async () => {
    const newKey = `rk_test_${'Rr0'.repeat(8)}`;
    expect(await connectStripe(a.ctx, a.business.id, SECRET, { secretKey: newKey, webhookSecret: WHSEC })).toEqual({ changed: true });
    expect(await stripeAccountOf(a.ctx, a.business.id, SECRET)).toEqual({ secretKey: newKey, webhookSecret: WHSEC });
    expect(await disconnectStripe(a.ctx, a.business.id, owner)).toBe(true);
    expect(await rowOf(a.business.id)).toBeNull();
    expect(await stripeAccountOf(a.ctx, a.business.id, SECRET)).toBeNull();
    expect(await audits(a.business.id, 'payment.stripe_disconnected')).toHaveLength(1);
    expect(await disconnectStripe(a.ctx, a.business.id, owner)).toBe(false);
  });

  it('from the environment, keys go to the first business when the preferred slug is unknown', async () => {
    const result = await connectStripeFromEnv(a.ctx, SECRET, { secretKey: KEY, webhookSecret: WHSEC }, 'no-such-business');
    expect(result?.businessId).toBe(a.business.id);
  });
});
