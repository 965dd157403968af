import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmBooking } from '../../../src/app/booking/confirm-booking.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import { markDepositPaid } from '../../../src/app/booking/mark-deposit-paid.ts';
import { applyPaymentEvent } from '../../../src/app/payments/apply-payment-event.ts';
import type { PaymentProvider } from '../../../src/app/payments/payment-provider.ts';
import { requestPayment } from '../../../src/app/payments/request-payment.ts';
import type { UseCaseContext } from '../../../src/app/shared/use-case-context.ts';
import { releaseUnpaidBookings } from '../../../src/app/sweeps/release-unpaid-bookings.ts';
import { BookingSchema, OutboxMessageSchema, PaymentSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages, type Translator } from '../../../src/i18n/translator.ts';
import { cashProvider } from '../../../src/payments/cash-provider.ts';
import { connectKaspi } from '../../../src/payments/kaspi/kaspi-account.ts';
import { kaspiProvider } from '../../../src/payments/kaspi/kaspi-provider.ts';
import { chatDriver } from '../../support/chat-driver.ts';
import { notificationMessage } from '../../../src/bots/notification-messages.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// A deposit asked for in the chat (Kaspi link and QR, or cash at the counter) and
// settled by the team or by a provider's events — each event applied exactly once.
let db: TestDatabase;
let translator: Translator;
const PUBLIC_URL = 'https://book.example.test';
const KASPI_LINK = 'https://pay.kaspi.kz/pay/kyivstudio';
const owner = { kind: 'business' as const, userId: null };
// jsqr is CommonJS with a `default` export: Node hands ESM the whole module object.
const jsQR = jsQRModule.default;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  translator = await createTranslator(await loadMessages());
});
afterAll(async () => db?.drop());

let sessions = 0;
/** A provider with links and ids of its own, as an online one (Stripe) would give. */
function onlineProvider(): PaymentProvider {
  return {
    name: 'stripe',
    availableFor: async () => true,
    create: async (r) => ({ providerPaymentId: `cs_test_${(sessions += 1)}`, link: `https://checkout.example/${r.paymentId}`, expiresAt: r.expiresAt }),
    refund: async () => 're_1',
  };
}

async function world(providers: (ctx: UseCaseContext) => PaymentProvider[]): Promise<{ w: BookingWorld; ctx: UseCaseContext }> {
  const w = await makeBookingWorld(db.orm, { customers: 2 });
  const ctx: UseCaseContext = { ...w.ctx };
  ctx.payments = { providers: providers(ctx), publicUrl: PUBLIC_URL };
  return { w, ctx };
}

/** A massage (20 % deposit) booked by customer `n`, waiting for its deposit. */
async function bookedMassage(w: BookingWorld, ctx: UseCaseContext, n = 0, time = '11:00') {
  const hold = await holdSlot(ctx, w.business.id, { customerId: w.customers[n]!, serviceId: w.massage.id, staffId: null, startsAt: w.at(time, 2), source: 'telegram' });
  const booked = await confirmBooking(ctx, w.business.id, { kind: 'customer', customerId: w.customers[n]! }, { bookingId: hold.id });
  expect(booked).toMatchObject({ status: 'pending', awaiting: 'payment' });
  return booked;
}

const ask = (ctx: UseCaseContext, businessId: string, bookingId: string) =>
  requestPayment(ctx, businessId, ctx.payments!.providers, { bookingId, language: 'en', description: 'Deposit', successUrl: `${PUBLIC_URL}/ok`, cancelUrl: `${PUBLIC_URL}/no` });

const topics = async (w: BookingWorld, bookingId: string, topic: string) => emForBusiness(db.orm, w.business.id).count(OutboxMessageSchema, { aggregateId: bookingId, topic });

describe('the deposit in the chat', () => {
  it('Kaspi: the link and a QR that decodes to exactly it; “I paid” tells the team; the team’s Paid confirms', async () => {
    const { w, ctx } = await world((c) => [kaspiProvider({ ctx: c }), cashProvider()]);
    await connectKaspi(ctx, w.business.id, { payLink: KASPI_LINK, billingPhone: '+77011234567' }, owner);
    const chat = chatDriver({ ctx, translator, businessId: w.business.id, chatId: '5101', name: 'Olena' });
    await chat.type('hi');
    await chat.press('Book');
    await chat.press('Massage');
    await chat.press('Anyone');
    await chat.press('Wed');
    await chat.press('11:00');
    await chat.press('Olena');
    if (chat.text().includes('phone')) await chat.type('+380671234567');
    await chat.press('Confirm');
    // The confirmation to keep says a deposit is due; the payment step follows it.
    expect(chat.transcript()).toContain('One step left: the deposit of');
    expect(chat.text()).toContain('Pay in the Kaspi app');
    const shown = chat.last();
    expect(shown.links?.[0]?.url).toBe(KASPI_LINK);
    const png = PNG.sync.read(Buffer.from(shown.image!.png));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(KASPI_LINK);

    const booking = await emForBusiness(db.orm, w.business.id).findOneOrFail(BookingSchema, { status: 'pending', service: w.massage.id });
    const payment = await emForBusiness(db.orm, w.business.id).findOneOrFail(PaymentSchema, { booking: booking.id });
    expect(payment).toMatchObject({ provider: 'kaspi', status: 'pending', amountMinor: booking.depositMinor, currency: booking.currency, link: KASPI_LINK });
    // The slot is held for as long as the payment can be made.
    expect(booking.paymentDueAt?.getTime()).toBe(payment.expiresAt?.getTime());

    await chat.press('✅ I paid');
    expect(chat.text()).toContain('The team will confirm your booking');
    const claim = await emForBusiness(db.orm, w.business.id).findOneOrFail(OutboxMessageSchema, { topic: 'conversation.message' }, { orderBy: { createdAt: 'desc' } });
    expect(String(claim.payload['text'])).toMatch(/says they paid .* for Massage/);

    await markDepositPaid(ctx, w.business.id, { kind: 'business', userId: null, staffId: w.staff[0]!.id }, { bookingId: booking.id });
    const em = emForBusiness(db.orm, w.business.id);
    expect(await em.findOneOrFail(PaymentSchema, { id: payment.id })).toMatchObject({ status: 'paid', markedPaidBy: `staff:${w.staff[0]!.id}` });
    expect(await em.findOneOrFail(BookingSchema, { id: booking.id })).toMatchObject({ status: 'confirmed', paymentDueAt: null });
  });

  it('a deposit not paid in time: the customer is told with one tap to book the same time again, while it is free', async () => {
    const { w, ctx } = await world((c) => [kaspiProvider({ ctx: c }), cashProvider()]);
    await connectKaspi(ctx, w.business.id, { payLink: KASPI_LINK }, owner);
    const chat = chatDriver({ ctx, translator, businessId: w.business.id, chatId: '5102', name: 'Olena' });
    await chat.type('hi');
    for (const label of ['Book', 'Massage', 'Anyone', 'Wed', '14:00', 'Olena']) await chat.press(label);
    if (chat.text().includes('phone')) await chat.type('+380671234500');
    await chat.press('Confirm');
    const first = await emForBusiness(db.orm, w.business.id).findOneOrFail(BookingSchema, { status: 'pending', service: w.massage.id });
    w.clock.advanceMinutes(24 * 60);
    await releaseUnpaidBookings(ctx, w.business.id);
    const told = await notificationMessage(ctx, { businessId: w.business.id, topic: 'booking.payment_expired', payload: { bookingId: first.id, actor: 'system' }, audience: 'customer', locale: 'en' });
    const again = told!.choices.flat().find((c) => c.id === `pe-again:${first.id}`);
    expect(again).toBeDefined();
    // A tap on the notification's button, whatever step the chat is at.
    await chat.send({ kind: 'choice', id: again!.id, version: null });
    expect(chat.text()).toContain('Please check your booking');
    const held = await emForBusiness(db.orm, w.business.id).findOneOrFail(BookingSchema, { status: 'held', customer: first.customer.id });
    expect(held.startsAt.getTime()).toBe(first.startsAt.getTime());
    await chat.press('Confirm');
    expect(chat.text()).toContain('Pay in the Kaspi app');
  });

  it('cash when there is no online way: no link, the counter', async () => {
    const { w, ctx } = await world((c) => [kaspiProvider({ ctx: c }), cashProvider()]);
    const booked = await bookedMassage(w, ctx);
    const outcome = await ask(ctx, w.business.id, booked.id);
    expect(outcome).toMatchObject({ kind: 'payment', payment: { provider: 'cash', link: null, status: 'pending' } });
  });

  it('asking again returns the same payment; a booking that waits for nothing has nothing due', async () => {
    const { w, ctx } = await world(() => [onlineProvider()]);
    const booked = await bookedMassage(w, ctx);
    const first = await ask(ctx, w.business.id, booked.id);
    const again = await ask(ctx, w.business.id, booked.id);
    expect(first.kind === 'payment' && again.kind === 'payment' && first.payment.id === again.payment.id).toBe(true);
    expect(await emForBusiness(db.orm, w.business.id).count(PaymentSchema, { booking: booked.id })).toBe(1);
    await markDepositPaid(ctx, w.business.id, owner, { bookingId: booked.id });
    expect(await ask(ctx, w.business.id, booked.id)).toEqual({ kind: 'nothing_due' });
  });
});

describe('provider events', () => {
  async function pendingOnline() {
    const { w, ctx } = await world(() => [onlineProvider()]);
    const booked = await bookedMassage(w, ctx);
    const outcome = await ask(ctx, w.business.id, booked.id);
    if (outcome.kind !== 'payment') throw new Error('no payment');
    const payment = await emForBusiness(db.orm, w.business.id).findOneOrFail(PaymentSchema, { id: outcome.payment.id });
    return { w, ctx, booked, payment };
  }
  const paid = (eventId: string, sessionId: string, amountMinor: number, currency: string) =>
    ({ eventId, providerPaymentId: sessionId, providerChargeId: 'pi_1', kind: 'paid', amountMinor, currency }) as const;

  it('paid → the booking confirmed exactly once, however often the event comes', async () => {
    const { w, ctx, booked, payment } = await pendingOnline();
    const event = paid('evt_paid_1', payment.providerPaymentId!, payment.amountMinor, payment.currency);
    expect(await applyPaymentEvent(ctx, w.business.id, 'stripe', event)).toBe('applied');
    expect(await applyPaymentEvent(ctx, w.business.id, 'stripe', event)).toBe('duplicate');
    expect(await applyPaymentEvent(ctx, w.business.id, 'stripe', event)).toBe('duplicate');
    const em = emForBusiness(db.orm, w.business.id);
    expect(await em.findOneOrFail(BookingSchema, { id: booked.id })).toMatchObject({ status: 'confirmed' });
    expect(await em.findOneOrFail(PaymentSchema, { id: payment.id })).toMatchObject({ status: 'paid', providerChargeId: 'pi_1' });
    expect(await topics(w, booked.id, 'booking.confirmed')).toBe(1);
  });

  it('another amount or currency is flagged, never confirmed', async () => {
    const { w, ctx, booked, payment } = await pendingOnline();
    expect(await applyPaymentEvent(ctx, w.business.id, 'stripe', paid('evt_short', payment.providerPaymentId!, payment.amountMinor - 1, payment.currency))).toBe('flagged');
    const em = emForBusiness(db.orm, w.business.id);
    expect(await em.findOneOrFail(BookingSchema, { id: booked.id })).toMatchObject({ status: 'pending', awaiting: 'payment' });
    expect((await em.findOneOrFail(PaymentSchema, { id: payment.id })).problem).toContain('asked');
    // The team is told to look at it.
    expect(await topics(w, booked.id, 'payment.flagged')).toBe(1);
  });

  it('expired → the slot released and the customer told; paid afterwards → flagged and refunded in full, never confirmed', async () => {
    const { w, ctx, booked, payment } = await pendingOnline();
    expect(await applyPaymentEvent(ctx, w.business.id, 'stripe', { eventId: 'evt_exp', providerPaymentId: payment.providerPaymentId!, providerChargeId: null, kind: 'expired' })).toBe('applied');
    const em = emForBusiness(db.orm, w.business.id);
    expect(await em.findOneOrFail(BookingSchema, { id: booked.id })).toMatchObject({ status: 'cancelled' });
    expect(await topics(w, booked.id, 'booking.payment_expired')).toBe(1);

    expect(await applyPaymentEvent(ctx, w.business.id, 'stripe', paid('evt_late', payment.providerPaymentId!, payment.amountMinor, payment.currency))).toBe('flagged');
    em.clear();
    expect(await em.findOneOrFail(PaymentSchema, { id: payment.id })).toMatchObject({ status: 'flagged', refundDueMinor: payment.amountMinor });
    expect(await em.findOneOrFail(BookingSchema, { id: booked.id })).toMatchObject({ status: 'cancelled' });
  });

  it('the payment deadline passing expires the link with the booking', async () => {
    const { w, ctx, booked, payment } = await pendingOnline();
    w.clock.advanceMinutes(24 * 60);
    expect(await releaseUnpaidBookings(ctx, w.business.id)).toEqual([booked.id]);
    const em = emForBusiness(db.orm, w.business.id);
    expect(await em.findOneOrFail(PaymentSchema, { id: payment.id })).toMatchObject({ status: 'expired' });
  });

  it('a refund counts what the provider says was given back', async () => {
    const { w, ctx, payment } = await pendingOnline();
    await applyPaymentEvent(ctx, w.business.id, 'stripe', paid('evt_p', payment.providerPaymentId!, payment.amountMinor, payment.currency));
    expect(await applyPaymentEvent(ctx, w.business.id, 'stripe', { eventId: 'evt_r1', providerPaymentId: null, providerChargeId: 'pi_1', kind: 'refunded', refundedMinor: 100 })).toBe('applied');
    const em = emForBusiness(db.orm, w.business.id);
    expect(await em.findOneOrFail(PaymentSchema, { id: payment.id })).toMatchObject({ status: 'partially_refunded', refundedMinor: 100 });
  });
});
