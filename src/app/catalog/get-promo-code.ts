import { BookingSchema, PromoCodeSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { toPromoCodeRow, type PromoCodeRow } from './list-promo-codes.ts';

/** One of the business's promo codes with its uses; another business's id (or an unknown one) is `NotFound`. */
export async function getPromoCode(ctx: UseCaseContext, businessId: string, promoCodeId: string): Promise<PromoCodeRow> {
  const id = Id.parse(businessId);
  const parsed = Id.safeParse(promoCodeId);
  const em = emForBusiness(ctx.orm, id);
  const promo = parsed.success ? await em.findOne(PromoCodeSchema, { id: parsed.data, business: id }) : null;
  if (!promo) throw new NotFound('promo code');
  const uses = await em.count(BookingSchema, { business: id, promoCode: promo.id, status: { $ne: 'cancelled' } });
  return toPromoCodeRow(promo, uses);
}
