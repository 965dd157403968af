import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { AuditEntrySchema, PaymentAccountSchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { paymentSetup } from '../../src/payments/payment-setup.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// The panel's PaymentSetup over the Stripe and Kaspi accounts: status without the keys,
// an account sealed under another APP_SECRET shown as unreadable, removals audited.
let db: TestDatabase;
let w: BookingWorld;
const SECRET = 'payment-setup-test-app-secret-0123456789';
const KEY = `sk_live_${'51SetupKey'.repeat(3)}9zYx`;
const WHSEC = `whsec_${'SetupWhSec'.repeat(3)}`;
const owner = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 5 });
  w = await makeBookingWorld(db.orm, { customers: 0, staff: 1, slug: 'pay-setup-a' });
});
afterAll(async () => db?.drop());

const setup = (appSecret = SECRET) => paymentSetup({ ctx: w.ctx, appSecret, publicUrl: 'https://book.example.test//' });

describe('paymentSetup', () => {
  it('shows Stripe by mode, key ending and webhook URL; under another secret as unreadable', async () => {
    expect(await setup().stripeStatus(w.business.id)).toBeNull();
    await setup().connectStripe(w.business.id, { secretKey: KEY, webhookSecret: WHSEC }, owner);
    const status = await setup().stripeStatus(w.business.id);
    expect(status).toEqual({ mode: 'live', keyEnding: '9zYx', webhookUrl: 'https://book.example.test/webhooks/stripe/pay-setup-a', unreadable: false });
    expect(JSON.stringify(status)).not.toContain(KEY.slice(8, 20));
    expect(await setup('a-different-app-secret-0123456789abcdef').stripeStatus(w.business.id)).toEqual({ mode: 'live', keyEnding: '', webhookUrl: 'https://book.example.test/webhooks/stripe/pay-setup-a', unreadable: true });
    expect(await setup().disconnectStripe(w.business.id, owner)).toBe(true);
    expect(await setup().stripeStatus(w.business.id)).toBeNull();
  });

  it('refuses bad input with a ZodError, saves and removes Kaspi (audited once per removal)', async () => {
    await expect(setup().connectKaspi(w.business.id, { payLink: 'kaspi.kz/pay' }, owner)).rejects.toBeInstanceOf(ZodError);
    expect(await setup().kaspiStatus(w.business.id)).toBeNull();
    await setup().connectKaspi(w.business.id, { payLink: 'https://pay.kaspi.kz/pay/setup' }, owner);
    expect(await setup().kaspiStatus(w.business.id)).toEqual({ payLink: 'https://pay.kaspi.kz/pay/setup', billingPhone: null });
    expect(await setup().disconnectKaspi(w.business.id, owner)).toBe(true);
    expect(await setup().disconnectKaspi(w.business.id, owner)).toBe(false);
    const em = emForBusiness(db.orm, w.business.id);
    expect(await em.findOne(PaymentAccountSchema, { business: w.business.id, provider: 'kaspi' })).toBeNull();
    expect(await em.count(AuditEntrySchema, { action: 'payment.kaspi_disconnected' })).toBe(1);
  });
});
