import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresConversationStore } from '../../../src/bots/engine/postgres-conversation-store.ts';
import { AuditEntrySchema, PaymentAccountSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { paymentSetup } from '../../../src/payments/payment-setup.ts';
import { startPanelHarness, TEST_APP_SECRET, type PanelClient, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// The Channels page's Payments: the owner connects the business's own Stripe keys
// (sealed, write-only), admins see the status but may not touch the keys, and save or
// remove the Kaspi Pay link; bad input is refused next to its field and stores nothing.
const PUBLIC_URL = 'https://book.example.test/';
const KEY = `sk_test_${'51PanelKey'.repeat(3)}Q7zX`;
const WHSEC = `whsec_${'PanelWhSec'.repeat(3)}`;
const PAY_LINK = 'https://pay.kaspi.kz/pay/panel-test-shop';

let db: TestDatabase;
let h: PanelHarness;
let owner: PanelClient;
let admin: PanelClient;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 5 });
  const ctx = { orm: db.orm, now: () => Date.now(), conversations: postgresConversationStore(db.orm) };
  h = await startPanelHarness(db.orm, { publicUrl: PUBLIC_URL, deps: { payments: paymentSetup({ ctx, appSecret: TEST_APP_SECRET, publicUrl: PUBLIC_URL }) } });
  owner = await h.as('owner');
  admin = await h.as('admin');
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

const base = () => `/admin/b/${h.world.business.slug}/channels`;
const webhookUrl = () => `https://book.example.test/webhooks/stripe/${h.world.business.slug}`;
const em = () => emForBusiness(db.orm, h.world.business.id);
const account = (provider: 'stripe' | 'kaspi') => em().findOne(PaymentAccountSchema, { business: h.world.business.id, provider });
const audits = (action: string) => em().find(AuditEntrySchema, { action }, { orderBy: { createdAt: 'asc' } });

describe('Payments on the Channels page', () => {
  it('shows the owner the Stripe form with the webhook to make first, Kaspi and cash', async () => {
    const page = await owner.get(base());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="payments"');
    expect(page.body).toContain('Stripe is not connected.');
    expect(page.body).toContain(webhookUrl());
    for (const event of ['checkout.session.completed', 'checkout.session.expired', 'checkout.session.async_payment_succeeded', 'checkout.session.async_payment_failed', 'charge.refunded']) expect(page.body).toContain(event);
    expect(page.body).toContain('not in Kazakhstan');
    expect(page.body).toContain('name="secretKey"');
    expect(page.body).toContain('name="webhookSecret"');
    expect(page.body).toContain('name="payLink"');
    expect(page.body).toContain('Always available');
    expect(page.body).not.toContain('Coming soon');
  });

  it('refuses malformed Stripe keys next to their fields, types neither back and stores nothing', async () => {
    const res = await owner.post(`${base()}/stripe`, { secretKey: 'pk_test_notasecretkey123', webhookSecret: 'whsec_' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="f-secretKey"[^>]*aria-invalid="true"/);
    expect(res.body).toMatch(/id="f-webhookSecret"[^>]*aria-invalid="true"/);
    expect(res.body).toContain('This is not a Stripe secret key');
    expect(res.body).toContain('This is not a webhook signing secret');
    expect(res.body).not.toContain('pk_test_notasecretkey123');
    // One good field and one bad: the good secret is not typed back either.
    const half = await owner.post(`${base()}/stripe`, { secretKey: KEY, webhookSecret: 'nope' });
    expect(half.statusCode).toBe(422);
    expect(half.body).not.toContain(KEY);
    expect(await account('stripe')).toBeNull();
    expect(await audits('payment.stripe_connected')).toEqual([]);
  });

  it('connects Stripe for the owner: keys sealed in the row, the page shows the mode, key ending and webhook, never the keys', async () => {
    const res = await owner.post(`${base()}/stripe`, { secretKey: `  ${KEY} `, webhookSecret: WHSEC });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${base()}?notice=stripe_connected#payments`);
    const row = await account('stripe');
    expect(row).toMatchObject({ active: true });
    expect(row?.secretCiphertext).toMatch(/^v2:/);
    expect(row?.webhookSecretCiphertext).toMatch(/^v2:/);
    expect(row?.secretCiphertext).not.toContain(KEY.slice(8));
    expect(row?.webhookSecretCiphertext).not.toContain(WHSEC.slice(6));

    const page = await owner.get(`${base()}?notice=stripe_connected`);
    expect(page.body).toContain('Stripe is connected: customers can pay deposits by card.');
    expect(page.body).toContain('Connected in test mode');
    expect(page.body).toContain('ending in Q7zX');
    expect(page.body).toContain(webhookUrl());
    expect(page.body).toContain('Disconnect Stripe');
    expect(page.body).not.toContain(KEY);
    expect(page.body).not.toContain(WHSEC);
    expect(page.body).not.toContain(KEY.slice(8, 30));

    const [audit, ...more] = await audits('payment.stripe_connected');
    expect(more).toEqual([]);
    expect(audit).toMatchObject({ actorKind: 'user', actorId: h.userIds.owner, entityType: 'payment_account', entityId: row?.id, details: { mode: 'test', keyEnding: 'Q7zX' } });
  });

  it('shows an admin the Stripe status but no form, and refuses the admin’s Stripe posts with 403', async () => {
    const page = await admin.get(base());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Connected in test mode');
    expect(page.body).toContain('Only the business owner can connect Stripe');
    expect(page.body).not.toContain('name="secretKey"');
    expect(page.body).not.toContain('/channels/stripe/disconnect');
    const before = await account('stripe');
    expect((await admin.post(`${base()}/stripe`, { secretKey: `sk_live_${'AdminTries1'.repeat(2)}`, webhookSecret: WHSEC })).statusCode).toBe(403);
    expect((await admin.post(`${base()}/stripe/disconnect`)).statusCode).toBe(403);
    expect((await account('stripe'))?.secretCiphertext).toBe(before?.secretCiphertext);
  });

  it('refuses a bad Kaspi link or phone next to its field, keeps what was typed, stores nothing', async () => {
    const link = await admin.post(`${base()}/kaspi`, { payLink: 'http://pay.kaspi.kz/pay/x', billingPhone: '+77011234567' });
    expect(link.statusCode).toBe(422);
    expect(link.body).toMatch(/id="f-payLink"[^>]*aria-invalid="true"/);
    expect(link.body).toContain('Enter the whole Kaspi Pay link, starting with https://.');
    expect(link.body).toContain('value="http://pay.kaspi.kz/pay/x"');
    const phone = await admin.post(`${base()}/kaspi`, { payLink: PAY_LINK, billingPhone: '8 701 123' });
    expect(phone.statusCode).toBe(422);
    expect(phone.body).toMatch(/id="f-billingPhone"[^>]*aria-invalid="true"/);
    expect(phone.body).toContain('Write the phone in international form');
    expect(await account('kaspi')).toBeNull();
    expect(await audits('payment.kaspi_connected')).toEqual([]);
  });

  it('lets an admin save Kaspi Pay (a blank phone is none, then a phone), shown on the page and audited', async () => {
    const first = await admin.post(`${base()}/kaspi`, { payLink: PAY_LINK, billingPhone: '  ' });
    expect(first.statusCode).toBe(303);
    expect(await account('kaspi')).toMatchObject({ payLink: PAY_LINK, billingPhone: null, active: true });
    const res = await admin.post(`${base()}/kaspi`, { payLink: PAY_LINK, billingPhone: '+77011234567' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${base()}?notice=kaspi_saved#payments`);
    expect(await account('kaspi')).toMatchObject({ payLink: PAY_LINK, billingPhone: '+77011234567' });
    const page = await admin.get(`${base()}?notice=kaspi_saved`);
    expect(page.body).toContain('Kaspi Pay is saved.');
    expect(page.body).toContain('Set up: customers get your Kaspi Pay link.');
    expect(page.body).toContain(PAY_LINK);
    expect(page.body).toContain('+77011234567');
    const saved = await audits('payment.kaspi_connected');
    expect(saved).toHaveLength(2);
    expect(saved[1]).toMatchObject({ actorId: h.userIds.admin, entityType: 'payment_account' });
  });

  it('disconnects Stripe (owner) and removes Kaspi (admin): rows deleted, audited', async () => {
    const stripeId = (await account('stripe'))?.id;
    const kaspiId = (await account('kaspi'))?.id;
    const stripe = await owner.post(`${base()}/stripe/disconnect`);
    expect(stripe.statusCode).toBe(303);
    expect(stripe.headers.location).toBe(`${base()}?notice=stripe_disconnected#payments`);
    expect(await account('stripe')).toBeNull();
    const kaspi = await admin.post(`${base()}/kaspi/disconnect`);
    expect(kaspi.headers.location).toBe(`${base()}?notice=kaspi_removed#payments`);
    expect(await account('kaspi')).toBeNull();
    expect(await audits('payment.stripe_disconnected')).toMatchObject([{ actorId: h.userIds.owner, entityId: stripeId }]);
    expect(await audits('payment.kaspi_disconnected')).toMatchObject([{ actorId: h.userIds.admin, entityId: kaspiId }]);

    // Again: nothing left to remove, so no notice and no audit.
    expect((await owner.post(`${base()}/stripe/disconnect`)).headers.location).toBe(`${base()}#payments`);
    expect((await admin.post(`${base()}/kaspi/disconnect`)).headers.location).toBe(`${base()}#payments`);
    expect(await audits('payment.kaspi_disconnected')).toHaveLength(1);
    const page = await owner.get(base());
    expect(page.body).toContain('Stripe is not connected.');
    expect(page.body).toContain('Kaspi Pay is not set up.');
  });
});
