import type { DepositRule, Discount, PromoCode as DomainPromoCode } from '../../domain/index.ts';
import type { PromoCode } from '../../db/entities/index.ts';

/** A service's deposit setting as the domain's rule (percent is stored in whole percent). */
export function depositRuleOf(service: { depositKind: 'none' | 'percent' | 'fixed'; depositValue: number }): DepositRule {
  if (service.depositKind === 'percent') return { kind: 'percent', basisPoints: service.depositValue * 100 };
  if (service.depositKind === 'fixed') return { kind: 'fixed', amountMinor: service.depositValue };
  return { kind: 'none' };
}

/** A stored promo code as the domain sees it. */
export function toDomainPromo(row: PromoCode): DomainPromoCode {
  const discount: Discount =
    row.discountKind === 'percent' ? { kind: 'percent', basisPoints: row.discountValue } : { kind: 'fixed', amountMinor: row.discountValue };
  return {
    code: row.code,
    discount,
    validFrom: row.validFrom?.getTime() ?? null,
    validUntil: row.validUntil?.getTime() ?? null,
    maxUses: row.maxUses ?? null,
    maxUsesPerCustomer: row.maxUsesPerCustomer ?? null,
    serviceIds: row.serviceIds ?? null,
  };
}
