import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditEntrySchema, BookingSchema, PromoCodeSchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { applyPromoCode } from '../../src/app/booking/apply-promo-code.ts';
import { holdSlot } from '../../src/app/booking/hold-slot.ts';
import { PROMO_ATTEMPT_LIMIT, WRONG_PROMO_CODE_ACTION } from '../../src/app/booking/promo-attempts.ts';
import { PromoNotApplicable, TooManyPromoAttempts } from '../../src/app/shared/app-errors.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';

let db: TestDatabase;
let w: BookingWorld;
const owner = { kind: 'business' as const, userId: null };
const customer = (i: number) => ({ kind: 'customer' as const, customerId: w.customers[i]! });

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 20 });
  w = await makeBookingWorld(db.orm, { customers: 6 });
  const e = emForBusiness(db.orm, w.business.id);
  const promo = (code: string, extra: object = {}) => e.create(PromoCodeSchema, { business: w.business.id, code, discountKind: 'percent', discountValue: 1000, ...extra });
  promo('GOOD20', { discountValue: 2000 });
  promo('OLD5', { active: false });
  promo('USEDUP', { maxUses: 1 });
  promo('PAST', { validUntil: new Date(w.clock.now() - 60_000) });
  promo('LATER', { validFrom: new Date(w.clock.now() + 86_400_000) });
  await e.flush();
  // USEDUP's one use goes to customer 5.
  const first = await hold(5, w.at('09:00', 20));
  await applyPromoCode(w.ctx, w.business.id, customer(5), { bookingId: first.id, code: 'USEDUP' });
});
afterAll(async () => db.drop());
beforeEach(() => w.clock.reset());

const em = () => emForBusiness(db.orm, w.business.id);
const hold = (i: number, startsAt: number) => holdSlot(w.ctx, w.business.id, { customerId: w.customers[i]!, serviceId: w.haircut.id, staffId: null, startsAt, source: 'telegram' });
const tryCode = (i: number, bookingId: string, code: string) => applyPromoCode(w.ctx, w.business.id, customer(i), { bookingId, code }).catch((e: unknown) => e);
const wrongCodesOf = (i: number) => em().count(AuditEntrySchema, { action: WRONG_PROMO_CODE_ACTION, entityType: 'customer', entityId: w.customers[i]! });
/** What the customer (or any adapter) can see of an error. */
const visible = (e: unknown) => {
  if (!(e instanceof Error)) return e;
  const { code, i18nKey, params } = e as PromoNotApplicable;
  return { type: e.constructor.name, code, i18nKey, params, message: e.message };
};

describe('promo codes typed by a customer', () => {
  it('answers an unknown, inactive, used-up, expired or not-yet-valid code alike; the business is told why', async () => {
    const held = await hold(0, w.at('10:00', 1));
    const answers = [];
    for (const code of ['NOPE', 'OLD5', 'USEDUP', 'PAST', 'LATER']) answers.push(visible(await tryCode(0, held.id, code)));
    expect(answers[0]).toEqual({ type: 'PromoNotApplicable', code: 'promo_not_applicable', i18nKey: 'errors.promo.not_accepted', params: { reason: 'not_accepted' }, message: expect.any(String) });
    for (const answer of answers) expect(answer).toEqual(answers[0]);

    // The business, on the same booking: the reason, and no attempt counted against anyone.
    for (const [code, reason] of [['NOPE', 'unknown'], ['OLD5', 'unknown'], ['USEDUP', 'used_up'], ['PAST', 'expired'], ['LATER', 'not_started']] as const) {
      await expect(applyPromoCode(w.ctx, w.business.id, owner, { bookingId: held.id, code })).rejects.toMatchObject({ code: 'promo_not_applicable', reason, i18nKey: `errors.promo.${reason}` });
    }
    // Each of the customer's wrong codes is on record, with what was typed and why it failed.
    const rows = await em().find(AuditEntrySchema, { action: WRONG_PROMO_CODE_ACTION, entityId: w.customers[0]! }, { orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => r.details)).toEqual(
      ['unknown', 'unknown', 'used_up', 'expired', 'not_started'].map((reason, i) => ({ bookingId: held.id, code: ['NOPE', 'OLD5', 'USEDUP', 'PAST', 'LATER'][i], reason })),
    );
    expect(rows.every((r) => r.actorKind === 'customer' && r.actorId === w.customers[0])).toBe(true);
  });

  it('after 5 wrong codes in 15 minutes refuses even the right one unchecked, until the window has passed', async () => {
    expect(PROMO_ATTEMPT_LIMIT).toEqual({ wrongCodes: 5, windowMinutes: 15 });
    const held = await hold(1, w.at('11:00', 2));
    const firstWrongAt = w.clock.now() + 2 * 60_000;
    for (let i = 0; i < 5; i += 1) {
      w.clock.advanceMinutes(2);
      expect(await tryCode(1, held.id, `GUESS${i}`)).toBeInstanceOf(PromoNotApplicable);
    }
    const refused = await tryCode(1, held.id, 'GOOD20');
    expect(refused).toBeInstanceOf(TooManyPromoAttempts);
    expect(visible(refused)).toMatchObject({ code: 'too_many_promo_attempts', i18nKey: 'errors.promo.too_many_attempts', params: { minutes: 15 } });
    // Refused unchecked: not applied, and not counted as one more wrong code either.
    expect((await em().findOneOrFail(BookingSchema, { id: held.id })).discountMinor).toBe(0);
    expect(await wrongCodesOf(1)).toBe(5);

    // Another customer is not affected; the business is never limited.
    const other = await hold(2, w.at('11:00', 3));
    expect(await applyPromoCode(w.ctx, w.business.id, customer(2), { bookingId: other.id, code: 'good20' })).toMatchObject({ discountMinor: 12000 });
    await expect(applyPromoCode(w.ctx, w.business.id, owner, { bookingId: held.id, code: 'NOPE' })).rejects.toMatchObject({ reason: 'unknown' });

    // 15 minutes after the first wrong code, one more try is allowed again (on a new hold:
    // the first one has lapsed by then).
    w.clock.set(firstWrongAt + 15 * 60_000 - 1);
    const again = await hold(1, w.at('11:00', 7));
    expect(await tryCode(1, again.id, 'GOOD20')).toBeInstanceOf(TooManyPromoAttempts);
    w.clock.set(firstWrongAt + 15 * 60_000);
    expect(await applyPromoCode(w.ctx, w.business.id, customer(1), { bookingId: again.id, code: 'GOOD20' })).toMatchObject({ discountMinor: 12000 });
    // Four wrong codes are still in the window: one more is checked, the next is not.
    expect(await tryCode(1, again.id, 'NOPE')).toBeInstanceOf(PromoNotApplicable);
    expect(await tryCode(1, again.id, 'NOPE')).toBeInstanceOf(TooManyPromoAttempts);
  });

  it('counts concurrent guesses on several bookings one after another: never more than 5 get checked', async () => {
    const held = [await hold(3, w.at('12:00', 4)), await hold(3, w.at('13:00', 4)), await hold(3, w.at('14:00', 4))];
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => tryCode(3, held[i % 3]!.id, `RACE${i}`)));
    expect(results.filter((r) => r instanceof PromoNotApplicable)).toHaveLength(5);
    expect(results.filter((r) => r instanceof TooManyPromoAttempts)).toHaveLength(7);
    expect(await wrongCodesOf(3)).toBe(5);
  });

  it('counts wrong codes per customer across their bookings', async () => {
    const a = await hold(4, w.at('13:00', 5));
    const b = await hold(4, w.at('13:00', 6));
    for (let i = 0; i < 5; i += 1) await tryCode(4, i % 2 === 0 ? a.id : b.id, `X${i}`);
    expect(await tryCode(4, b.id, 'GOOD20')).toBeInstanceOf(TooManyPromoAttempts);
    expect(await tryCode(4, a.id, 'GOOD20')).toBeInstanceOf(TooManyPromoAttempts);
  });
});
