import type { EntityManager } from '@mikro-orm/postgresql';
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { BookingSchema, ChannelIdentitySchema, CHANNELS, CustomerSchema, WaitlistEntrySchema, type Customer } from '../db/entities/index.ts';
import { emForBusiness } from '../db/tenant-scope.ts';
import { InvalidRequest, NotFound } from './app-errors.ts';
import type { UseCaseContext } from './use-case-context.ts';
import { toBookingView } from './booking-view.ts';

/** A customer as use cases return it. */
export interface CustomerView {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  locale: string | null;
  notes: string;
  tags: string[];
  preferences: Record<string, unknown>;
  noShowCount: number;
  blocked: boolean;
}

function toView(c: Customer): CustomerView {
  return {
    id: c.id,
    name: c.name,
    phone: c.phone ?? null,
    email: c.email ?? null,
    locale: c.locale ?? null,
    notes: c.notes,
    tags: [...c.tags],
    preferences: { ...c.preferences },
    noShowCount: c.noShowCount,
    blocked: c.blocked,
  };
}

/**
 * A phone number in E.164 (`+77011234567`), or null when it is not a valid number.
 * Numbers without a leading `+` are read in `defaultCountry`.
 */
export function normalizePhone(raw: string, defaultCountry?: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}

/** Input of {@link findOrCreateCustomer}. */
export const FindOrCreateCustomerInput = z.object({
  channel: z.enum(CHANNELS),
  externalId: z.string().trim().min(1).max(128),
  name: z.string().trim().max(200).optional(),
  phone: z.string().trim().max(32).optional(),
  /** ISO country for numbers typed without `+` (KZ, UA, DE...). */
  defaultCountry: z
    .string()
    .refine((c): c is CountryCode => isSupportedCountry(c), 'unknown country code')
    .optional(),
  locale: z.string().max(8).optional(),
});

/**
 * The customer behind a chat identity. Known identity → its customer. Otherwise, when
 * a phone is given and a customer of this business has it, the identity is linked to
 * that customer (one person, several channels); else a new customer is created.
 */
export async function findOrCreateCustomer(ctx: UseCaseContext, businessId: string, raw: z.input<typeof FindOrCreateCustomerInput>): Promise<CustomerView> {
  const input = FindOrCreateCustomerInput.parse(raw);
  const phone = input.phone ? normalizePhone(input.phone, input.defaultCountry) : null;
  if (input.phone && !phone) throw new InvalidRequest('That does not look like a phone number', 'errors.invalid_phone');
  const run = (em: EntityManager) =>
    em.transactional(async (tx) => {
      const identity = await tx.findOne(ChannelIdentitySchema, { channel: input.channel, externalId: input.externalId }, { populate: ['customer'] });
      if (identity) return toView(identity.customer.getEntity());
      let customer = phone ? await tx.findOne(CustomerSchema, { phone }) : null;
      customer ??= tx.create(CustomerSchema, { business: businessId, name: input.name ?? '', phone, locale: input.locale ?? null });
      tx.create(ChannelIdentitySchema, { business: businessId, channel: input.channel, externalId: input.externalId, customer });
      await tx.flush();
      return toView(customer);
    });
  try {
    return await run(emForBusiness(ctx.orm, businessId));
  } catch (error) {
    // Two first messages from one person raced: the identity exists now, read it.
    if ((error as { code?: string }).code === '23505') return run(emForBusiness(ctx.orm, businessId));
    throw error;
  }
}

/**
 * Sets a customer's phone (typed in a chat). When another customer of the business
 * already has that number — the same person on another channel — this customer's
 * identities, bookings and waitlist entries move to that one, and it is returned.
 */
export async function setCustomerPhone(ctx: UseCaseContext, businessId: string, customerId: string, rawPhone: string, defaultCountry?: CountryCode): Promise<CustomerView> {
  const phone = normalizePhone(rawPhone, defaultCountry);
  if (!phone) throw new InvalidRequest('That does not look like a phone number', 'errors.invalid_phone');
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const customer = await em.findOne(CustomerSchema, { id: customerId });
    if (!customer) throw new NotFound('customer');
    if (customer.phone === phone) return toView(customer);
    const owner = await em.findOne(CustomerSchema, { phone, id: { $ne: customer.id } });
    if (!owner) {
      customer.phone = phone;
      await em.flush();
      return toView(customer);
    }
    await em.nativeUpdate(ChannelIdentitySchema, { customer: customer.id }, { customer: owner.id });
    await em.nativeUpdate(BookingSchema, { customer: customer.id }, { customer: owner.id });
    await em.nativeUpdate(WaitlistEntrySchema, { customer: customer.id }, { customer: owner.id });
    if (!owner.name && customer.name) owner.name = customer.name;
    owner.locale ??= customer.locale ?? null;
    em.remove(customer);
    await em.flush();
    return toView(owner);
  });
}

/** Input of {@link updateCustomer}: what the business may change on a customer card. */
export const UpdateCustomerInput = z.object({
  customerId: z.uuid(),
  name: z.string().trim().min(1).max(200).optional(),
  email: z.email().nullable().optional(),
  locale: z.enum(['en', 'ru', 'uk', 'kk']).nullable().optional(),
  notes: z.string().max(5000).optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(30).optional(),
  preferences: z.record(z.string(), z.unknown()).optional(),
  blocked: z.boolean().optional(),
});

/** The business edits a customer card: name, contact, notes, tags, preferences, block list. */
export async function updateCustomer(ctx: UseCaseContext, businessId: string, raw: z.input<typeof UpdateCustomerInput>): Promise<CustomerView> {
  const input = UpdateCustomerInput.parse(raw);
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const customer = await em.findOne(CustomerSchema, { id: input.customerId });
    if (!customer) throw new NotFound('customer');
    const { customerId: _id, tags, ...fields } = input;
    em.assign(customer, { ...fields, ...(tags ? { tags: [...new Set(tags)] } : {}) });
    await em.flush();
    return toView(customer);
  });
}

/** A customer's bookings, newest first: their history for the customer card and the chat's "my bookings". */
export async function customerBookings(ctx: UseCaseContext, businessId: string, customerId: string, options: { upcomingOnly?: boolean; limit?: number } = {}) {
  const em = emForBusiness(ctx.orm, businessId);
  const where = options.upcomingOnly
    ? { customer: customerId, status: { $in: ['held', 'pending', 'confirmed'] as const }, endsAt: { $gt: new Date(ctx.now()) } }
    : { customer: customerId };
  const rows = await em.find(BookingSchema, where, { orderBy: { startsAt: options.upcomingOnly ? 'asc' : 'desc' }, limit: options.limit ?? 50 });
  return rows.map(toBookingView);
}
