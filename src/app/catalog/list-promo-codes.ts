import { BookingSchema, type DISCOUNT_KINDS, PromoCodeSchema, type PromoCode } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** A promo code as the panel shows it; `uses` counts its bookings that are not cancelled (as its caps do). */
export interface PromoCodeRow {
  id: string;
  code: string;
  discountKind: (typeof DISCOUNT_KINDS)[number];
  /** Basis points (1000 = 10 %) or minor units of the business's currency. */
  discountValue: number;
  validFrom: Date | null;
  /** Exclusive: the start of the day after the last valid one. */
  validUntil: Date | null;
  maxUses: number | null;
  maxUsesPerCustomer: number | null;
  /** Null: every service. */
  serviceIds: string[] | null;
  active: boolean;
  uses: number;
}

/** Every promo code of the business, by code, with how often each was used. */
export async function listPromoCodes(ctx: UseCaseContext, businessId: string): Promise<PromoCodeRow[]> {
  const id = Id.parse(businessId);
  const em = emForBusiness(ctx.orm, id);
  const codes = await em.find(PromoCodeSchema, { business: id }, { orderBy: { code: 'asc' } });
  const uses = codes.length === 0 ? {} : await em.countBy(BookingSchema, 'promoCode', { where: { business: id, promoCode: { $ne: null }, status: { $ne: 'cancelled' } } });
  return codes.map((c) => toPromoCodeRow(c, uses[c.id] ?? 0));
}

/** A promo-code row as plain data. */
export function toPromoCodeRow(c: PromoCode, uses: number): PromoCodeRow {
  return {
    id: c.id,
    code: c.code,
    discountKind: c.discountKind,
    discountValue: c.discountValue,
    validFrom: c.validFrom ?? null,
    validUntil: c.validUntil ?? null,
    maxUses: c.maxUses ?? null,
    maxUsesPerCustomer: c.maxUsesPerCustomer ?? null,
    serviceIds: c.serviceIds ?? null,
    active: c.active,
    uses,
  };
}
