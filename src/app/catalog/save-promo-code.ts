import { z } from 'zod';
import { BusinessSchema, DISCOUNT_KINDS, PromoCodeSchema, ServiceSchema, type PromoCode } from '../../db/entities/index.ts';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { majorToMinor } from './currency-amount.ts';
import { basisPointsField, checkboxField, majorAmountField, optionalIntegerField } from './form-fields.ts';
import { InvalidField } from './invalid-field.ts';
import { localDayStart, optionalLocalDayField } from './local-date-time.ts';

/**
 * A promo code as typed in the panel. `code` is upper-cased (3–32 of A–Z, 0–9 and
 * `-`). `discountAmount` is a percent (`10`, `12.5`) or an amount in major units of the
 * business's currency, by `discountKind`. `validFrom`/`validUntil` are local days in the
 * business's zone of 2000–2199, both included (blank: open). `serviceIds` limits it to those services
 * (none ticked: every service).
 */
export const PromoCodeInput = z
  .object({
    code: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
      z.string({ error: 'promo_codes_format' }).min(1, 'required').regex(/^[A-Z0-9-]{3,32}$/, 'promo_codes_format'),
    ),
    discountKind: z.enum(DISCOUNT_KINDS, { error: 'invalid' }),
    discountAmount: z.union([z.string().max(32, 'promo_codes_amount_invalid'), z.number()], { error: 'promo_codes_amount_invalid' }),
    validFrom: optionalLocalDayField('promo_codes_date_invalid'),
    validUntil: optionalLocalDayField('promo_codes_date_invalid'),
    maxUses: optionalIntegerField(1, 1_000_000, 'promo_codes_max_uses_range'),
    maxUsesPerCustomer: optionalIntegerField(1, 1000, 'promo_codes_max_uses_range'),
    serviceIds: z.preprocess(
      (v) => (v === undefined || v === null ? [] : (Array.isArray(v) ? v : [v]).filter((id) => id !== '')),
      z.array(z.string().max(64), { error: 'invalid' }).max(500),
    ),
    active: checkboxField(true),
  })
  .superRefine((v, ctx) => {
    const amount = v.discountKind === 'percent' ? basisPointsField(1, 10_000, 'promo_codes_percent_range') : majorAmountField('promo_codes_amount_invalid');
    const parsed = amount.safeParse(v.discountAmount);
    if (!parsed.success) ctx.addIssue({ code: 'custom', path: ['discountAmount'], message: parsed.error.issues[0]?.message ?? 'invalid' });
    if (v.validFrom !== undefined && v.validUntil !== undefined && v.validUntil < v.validFrom) {
      ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'promo_codes_dates_order' });
    }
  });

/**
 * Creates a promo code (no `promoCodeId`) or updates one of this business's (another
 * business's id is `NotFound`). A code the business already has, a service that is not
 * its own, or an amount its currency cannot hold is an {@link InvalidField}. Audited as
 * `promo_code.created` / `promo_code.updated`.
 */
export async function savePromoCode(ctx: UseCaseContext, businessId: string, actor: Actor, raw: unknown, promoCodeId?: string): Promise<{ id: string }> {
  const input = PromoCodeInput.parse(raw);
  const id = Id.parse(businessId);
  try {
    return await emForBusiness(ctx.orm, id).transactional(async (em) => {
      const business = await em.findOneOrFail(BusinessSchema, { id });
      let existing: PromoCode | null = null;
      if (promoCodeId !== undefined) {
        const parsed = Id.safeParse(promoCodeId);
        existing = parsed.success ? await em.findOne(PromoCodeSchema, { id: parsed.data, business: id }) : null;
        if (!existing) throw new NotFound('promo code');
      }
      const taken = await em.findOne(PromoCodeSchema, { business: id, code: input.code });
      if (taken && taken.id !== existing?.id) throw new InvalidField('code', 'promo_codes_taken');
      const serviceIds = [...new Set(input.serviceIds)];
      if (serviceIds.length > 0) {
        const valid = serviceIds.every((s) => Id.safeParse(s).success);
        if (!valid || (await em.count(ServiceSchema, { business: id, id: { $in: serviceIds } })) !== serviceIds.length) {
          throw new InvalidField('serviceIds', 'promo_codes_service_unknown');
        }
      }
      const fields = {
        code: input.code,
        discountKind: input.discountKind,
        discountValue: discountValue(input, business.currency),
        validFrom: input.validFrom === undefined ? null : localDayStart(input.validFrom, business.timeZone),
        // Valid through the whole last day: up to the start of the next one.
        validUntil: input.validUntil === undefined ? null : localDayStart(input.validUntil, business.timeZone, 1),
        maxUses: input.maxUses ?? null,
        maxUsesPerCustomer: input.maxUsesPerCustomer ?? null,
        serviceIds: serviceIds.length > 0 ? serviceIds.sort() : null,
        active: input.active,
      };
      if (fields.validFrom === null && input.validFrom !== undefined) throw new InvalidField('validFrom', 'promo_codes_date_invalid');
      if (fields.validUntil === null && input.validUntil !== undefined) throw new InvalidField('validUntil', 'promo_codes_date_invalid');
      if (existing) {
        const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter((k) => JSON.stringify(existing[k] ?? null) !== JSON.stringify(fields[k]));
        em.assign(existing, fields);
        recordAudit(em, ctx.now(), { businessId: id, actor, action: 'promo_code.updated', entityType: 'promo_code', entityId: existing.id, details: { code: fields.code, changed } });
        return { id: existing.id };
      }
      const promo = em.create(PromoCodeSchema, { business: id, ...fields });
      recordAudit(em, ctx.now(), { businessId: id, actor, action: 'promo_code.created', entityType: 'promo_code', entityId: promo.id, details: { code: fields.code } });
      return { id: promo.id };
    });
  } catch (error) {
    // Two people saving the same new code at once: the unique index decides.
    if (isUniqueViolation(error, 'promo_code_business_code_unique')) throw new InvalidField('code', 'promo_codes_taken');
    throw error;
  }
}

function discountValue(input: z.infer<typeof PromoCodeInput>, currency: string): number {
  if (input.discountKind === 'percent') return basisPointsField(1, 10_000, 'promo_codes_percent_range').parse(input.discountAmount);
  const minor = majorToMinor(majorAmountField('promo_codes_amount_invalid').parse(input.discountAmount), currency);
  if (typeof minor === 'string') throw new InvalidField('discountAmount', `promo_codes_${minor}`);
  if (minor < 1) throw new InvalidField('discountAmount', 'promo_codes_amount_invalid');
  return minor;
}
