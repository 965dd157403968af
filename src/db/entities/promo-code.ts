import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';

/** How a promo code discounts. */
export const DISCOUNT_KINDS = ['percent', 'fixed'] as const;

/**
 * A promo code a customer may type while booking. Codes are stored normalised
 * (upper case, no spaces). Uses are the bookings that carry it and are not cancelled.
 */
export const PromoCodeSchema = defineEntity({
  name: 'PromoCode',
  tableName: 'promo_code',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    code: p.string().length(32),
    discountKind: p.enum(DISCOUNT_KINDS),
    /** Basis points (1000 = 10 %) for percent, minor units for fixed. */
    discountValue: p.integer(),
    validFrom: p.datetime().nullable(),
    validUntil: p.datetime().nullable(),
    maxUses: p.integer().nullable(),
    maxUsesPerCustomer: p.integer().nullable(),
    /** Limited to these services; all services when null. */
    serviceIds: p.array().nullable(),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  checks: [
    { name: 'promo_code_value_valid', expression: "(discount_kind = 'percent' and discount_value >= 1 and discount_value <= 10000) or (discount_kind = 'fixed' and discount_value >= 1)" },
    { name: 'promo_code_caps_positive', expression: '(max_uses is null or max_uses >= 1) and (max_uses_per_customer is null or max_uses_per_customer >= 1)' },
  ],
  uniques: [{ name: 'promo_code_business_code_unique', properties: ['business', 'code'] }],
});

/** A promo-code row. */
export type PromoCode = InferEntity<typeof PromoCodeSchema>;
