import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { BusinessSchema, DEPOSIT_KINDS, ResourceSchema, ServiceSchema, type Service } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id, textField } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { majorToMinor } from './currency-amount.ts';
import { checkboxField, integerField, majorAmountField, optionalIntegerField, optionalMajorAmountField, resourceKindField } from './form-fields.ts';
import { InvalidField } from './invalid-field.ts';
import { BUSINESS_LANGUAGES, type BusinessLanguage } from './business-settings.ts';
import { refusingUnknownLanguages, translatedNameFields, translationsFrom } from './name-translations.ts';

const serviceDescription = () => textField(2000, { tooLong: 'services_description_too_long', lines: 'many' }).default('');

const descriptionFields = Object.fromEntries(BUSINESS_LANGUAGES.map((l) => [`description_${l}`, serviceDescription()])) as Record<`description_${BusinessLanguage}`, ReturnType<typeof serviceDescription>>;

// The form's fields, before the check of their languages (see `ServiceInput`).
const ServiceFields = z
  .object({
    name: textField(200, { required: 'services_name_required', tooLong: 'services_name_too_long' }),
    description: serviceDescription(),
    ...translatedNameFields('services_name_too_long'),
    ...descriptionFields,
    durationMinutes: integerField(5, 1440, 'services_duration_range'),
    price: majorAmountField('services_price_invalid'),
    bufferBeforeMinutes: optionalIntegerField(0, 720, 'services_buffer_range'),
    bufferAfterMinutes: optionalIntegerField(0, 720, 'services_buffer_range'),
    capacity: optionalIntegerField(1, 1000, 'services_capacity_range'),
    /** `''` or missing: the service needs no resource. */
    requiresResourceKind: resourceKindField(),
    depositKind: z.preprocess((v) => (v === '' ? undefined : v), z.enum(DEPOSIT_KINDS, { error: 'invalid' }).default('none')),
    depositAmount: z.union([z.string().max(32, 'services_deposit_amount_invalid'), z.number()]).optional(),
    requiresApproval: checkboxField(false),
    active: checkboxField(true),
    position: optionalIntegerField(0, 10_000, 'services_position_range'),
  })
  .superRefine((v, ctx) => {
    if (v.depositKind === 'percent' && depositPercent(v.depositAmount) === null) {
      ctx.addIssue({ code: 'custom', path: ['depositAmount'], message: 'services_deposit_percent_range' });
    }
    if (v.depositKind === 'fixed' && !depositMajor(v.depositAmount)) {
      ctx.addIssue({ code: 'custom', path: ['depositAmount'], message: 'services_deposit_amount_invalid' });
    }
  });

/**
 * A service as typed in the panel's form (strings) or passed by the onboarding wizard
 * (numbers, booleans). `price` and a fixed `depositAmount` are in major units of the
 * business's currency (`8000`, `12.50`); a percent `depositAmount` is whole percent
 * 1–100. Translations are `name_ru`, `description_ru`, … for each language but the
 * business's default (blank: none; a language BookChat does not speak is refused). Missing
 * optional fields take the defaults: no buffers, one seat, no resource, no deposit,
 * no approval, shown to customers, placed last.
 */
export const ServiceInput = refusingUnknownLanguages(ServiceFields, ['name', 'description']);

/** The parsed {@link ServiceInput}. */
export type ServiceData = z.infer<typeof ServiceInput>;

function depositPercent(amount: string | number | undefined): number | null {
  const text = typeof amount === 'number' ? String(amount) : (amount ?? '').trim().replace(/\s*%$/, '');
  if (!/^\d{1,3}$/.test(text)) return null;
  const percent = Number(text);
  return percent >= 1 && percent <= 100 ? percent : null;
}

function depositMajor(amount: string | number | undefined): string | null {
  const parsed = optionalMajorAmountField('services_deposit_amount_invalid').safeParse(amount);
  return parsed.success && parsed.data !== undefined && /[1-9]/.test(parsed.data) ? parsed.data : null;
}

function toMinor(field: string, major: string, currency: string): number {
  const minor = majorToMinor(major, currency);
  if (typeof minor === 'string') throw new InvalidField(field, `services_${minor}`);
  return minor;
}

/**
 * Creates a service (no `serviceId`) or updates one of this business's services
 * (another business's id, or an unknown one, is `NotFound`). Amounts are converted to
 * minor units of the business's currency; a resource kind must be one the business has
 * (or the one the service already needs). Refusals of the business's own data are
 * {@link InvalidField}s naming the field. Writes `service.created` or `service.updated`
 * to the audit log.
 */
export async function saveService(ctx: UseCaseContext, businessId: string, actor: Actor, raw: unknown, serviceId?: string): Promise<{ id: string }> {
  const input = ServiceInput.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const business = await em.findOneOrFail(BusinessSchema, { id });
    const existing = serviceId === undefined ? null : await findService(em, id, serviceId);
    const currency = business.currency;
    const priceMinor = toMinor('price', input.price, currency);
    let depositValue = 0;
    if (input.depositKind === 'percent') depositValue = depositPercent(input.depositAmount) ?? 0;
    if (input.depositKind === 'fixed') {
      depositValue = toMinor('depositAmount', depositMajor(input.depositAmount) ?? '0', currency);
      if (depositValue > priceMinor) throw new InvalidField('depositAmount', 'services_deposit_above_price');
    }
    const kind = input.requiresResourceKind ?? null;
    if (kind !== null && kind !== existing?.requiresResourceKind && (await em.count(ResourceSchema, { business: id, kind })) === 0) {
      throw new InvalidField('requiresResourceKind', 'services_resource_kind_unknown');
    }
    const translations = translationsFrom(input, business.defaultLocale, ['name', 'description']);
    const fields = {
      name: input.name,
      description: input.description,
      translations,
      durationMinutes: input.durationMinutes,
      priceMinor,
      currency,
      bufferBeforeMinutes: input.bufferBeforeMinutes ?? existing?.bufferBeforeMinutes ?? 0,
      bufferAfterMinutes: input.bufferAfterMinutes ?? existing?.bufferAfterMinutes ?? 0,
      capacity: input.capacity ?? existing?.capacity ?? 1,
      requiresResourceKind: kind,
      depositKind: input.depositKind,
      depositValue,
      requiresApproval: input.requiresApproval,
      active: input.active,
      position: input.position ?? existing?.position ?? (await em.count(ServiceSchema, { business: id })),
    };
    if (existing) {
      const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter((k) => JSON.stringify(existing[k]) !== JSON.stringify(fields[k]));
      em.assign(existing, fields);
      recordAudit(em, ctx.now(), { businessId: id, actor, action: 'service.updated', entityType: 'service', entityId: existing.id, details: { name: fields.name, changed } });
      return { id: existing.id };
    }
    const service = em.create(ServiceSchema, { business: id, ...fields });
    recordAudit(em, ctx.now(), { businessId: id, actor, action: 'service.created', entityType: 'service', entityId: service.id, details: { name: fields.name } });
    return { id: service.id };
  });
}

async function findService(em: EntityManager, businessId: string, serviceId: string): Promise<Service> {
  const parsed = Id.safeParse(serviceId);
  const service = parsed.success ? await em.findOne(ServiceSchema, { id: parsed.data, business: businessId }) : null;
  if (!service) throw new NotFound('service');
  return service;
}
