import type { EntityManager } from '@mikro-orm/postgresql';
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { BookingSchema, ChannelIdentitySchema, CHANNELS, ChatRelaySchema, CustomerSchema, WaitlistEntrySchema, type Customer } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { InvalidRequest, NotFound } from '../shared/app-errors.ts';
import { DomainError } from '../../domain/index.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { toBookingView } from '../booking/booking-view.ts';
import { Id } from '../shared/input-schemas.ts';

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
  /**
   * The channel proves the number belongs to this person (SMS and WhatsApp ids are the
   * number; a Telegram contact shared by its own user). Only then may the identity
   * join an existing customer with that number.
   */
  phoneVerified: z.boolean().default(false),
});

/**
 * The customer behind a chat identity. Known identity → its customer. Otherwise, when
 * a verified phone is given and a customer of this business has it, the identity is
 * linked to that customer (one person, several channels); else a new customer is
 * created (an unverified number someone else already has is not attached).
 */
export async function findOrCreateCustomer(ctx: UseCaseContext, businessId: string, raw: z.input<typeof FindOrCreateCustomerInput>): Promise<CustomerView> {
  const input = FindOrCreateCustomerInput.parse(raw);
  const phone = input.phone ? normalizePhone(input.phone, input.defaultCountry) : null;
  if (input.phone && !phone) throw new InvalidRequest('That does not look like a phone number', 'errors.invalid_phone');
  const run = (em: EntityManager) =>
    em.transactional(async (tx) => {
      const identity = await tx.findOne(ChannelIdentitySchema, { channel: input.channel, externalId: input.externalId }, { populate: ['customer'] });
      if (identity) return toView(identity.customer.getEntity());
      const owner = phone ? await tx.findOne(CustomerSchema, { phone }) : null;
      let customer: Customer;
      if (owner && input.phoneVerified && owner.phoneTrusted) {
        customer = owner;
      } else {
        // A number someone else only typed gives way to the person who proves it.
        const claims = !owner || (input.phoneVerified && !owner.phoneTrusted);
        if (owner && claims) await releaseNumber(tx, owner);
        customer = tx.create(CustomerSchema, {
          business: businessId,
          name: input.name ?? '',
          phone: claims ? phone : null,
          phoneTrusted: input.phoneVerified,
          locale: input.locale ?? null,
        });
      }
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

/** Input of {@link setCustomerPhone}. */
export const SetCustomerPhoneInput = z.object({
  customerId: z.uuid(),
  phone: z.string().trim().min(1).max(32),
  defaultCountry: z
    .string()
    .refine((c): c is CountryCode => isSupportedCountry(c), 'unknown country code')
    .optional(),
  /** The channel proved the number is theirs (see {@link FindOrCreateCustomerInput}). */
  verified: z.boolean().default(false),
});

/** The number belongs to another customer card; the customer must prove it is theirs (share the contact) first. */
export class PhoneNeedsVerification extends DomainError {
  constructor() {
    super('phone_needs_verification', 'errors.phone_needs_verification', 'This phone number must be verified before it can be used');
  }
}

/**
 * Sets a customer's phone. When another customer of the business already has that
 * number and it is verified — the same person on another channel — this customer is
 * merged into that one: identities, bookings, waitlist entries and queued
 * notifications move; block flag, no-show count, notes, tags and preferences combine.
 * An unverified number that belongs to someone else is refused
 * (`PhoneNeedsVerification`): typing a number must never open someone else's bookings.
 */
export async function setCustomerPhone(ctx: UseCaseContext, businessId: string, raw: z.input<typeof SetCustomerPhoneInput>): Promise<CustomerView> {
  const input = SetCustomerPhoneInput.parse(raw);
  const phone = normalizePhone(input.phone, input.defaultCountry);
  if (!phone) throw new InvalidRequest('That does not look like a phone number', 'errors.invalid_phone');
  const run = () =>
    emForBusiness(ctx.orm, businessId).transactional(async (em) => {
      const customer = await em.findOne(CustomerSchema, { id: input.customerId });
      if (!customer) throw new NotFound('customer');
      if (customer.phone === phone) {
        customer.phoneTrusted ||= input.verified;
        await em.flush();
        return toView(customer);
      }
      const owner = await em.findOne(CustomerSchema, { phone, id: { $ne: customer.id } });
      if (owner && !input.verified) throw new PhoneNeedsVerification();
      if (owner?.phoneTrusted) {
        // The same person on another channel: one card.
        await mergeCustomerInto(em, businessId, customer, owner);
        return toView(owner);
      }
      // Nobody has it, or someone only typed it: it is this customer's now.
      if (owner) await releaseNumber(em, owner);
      customer.phone = phone;
      customer.phoneTrusted = input.verified;
      await em.flush();
      return toView(customer);
    });
  try {
    return await run();
  } catch (error) {
    // The same number was being set by a concurrent request: the retry sees its result.
    if ((error as { code?: string }).code === '23505') return run();
    throw error;
  }
}

/** Takes a typed (unproven) number off a card, before its owner proves it. */
async function releaseNumber(em: EntityManager, holder: Customer): Promise<void> {
  holder.phone = null;
  await em.flush();
}

async function mergeCustomerInto(em: EntityManager, businessId: string, from: Customer, into: Customer): Promise<void> {
  await em.nativeUpdate(ChannelIdentitySchema, { customer: from.id }, { customer: into.id });
  await em.nativeUpdate(ChatRelaySchema, { customer: from.id }, { customer: into.id });
  // Open chats of the merged card continue as the surviving one.
  await em
    .getConnection()
    .execute(
      `update conversation set state = jsonb_set(state, '{customerId}', to_jsonb(?::text)) where business_id = ? and state->>'customerId' = ?`,
      [into.id, businessId, from.id],
      'run',
      em.getTransactionContext(),
    );
  await em.nativeUpdate(BookingSchema, { customer: from.id }, { customer: into.id });
  await em.nativeUpdate(WaitlistEntrySchema, { customer: from.id }, { customer: into.id });
  await em
    .getConnection()
    .execute(
      `update outbox_message set payload = jsonb_set(payload, '{customerId}', to_jsonb(?::text))
        where business_id = ? and status = 'pending' and payload->>'customerId' = ?`,
      [into.id, businessId, from.id],
      'run',
      em.getTransactionContext(),
    );
  into.name ||= from.name;
  into.email ??= from.email ?? null;
  into.locale ??= from.locale ?? null;
  into.blocked = into.blocked || from.blocked;
  into.noShowCount += from.noShowCount;
  into.notes = [into.notes, from.notes].filter((n) => n.trim() !== '').join('\n');
  into.tags = [...new Set([...into.tags, ...from.tags])];
  into.preferences = { ...from.preferences, ...into.preferences };
  em.remove(from);
  await em.flush();
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
export async function customerBookings(ctx: UseCaseContext, businessId: string, rawCustomerId: string, options: { upcomingOnly?: boolean; limit?: number } = {}) {
  const customerId = Id.parse(rawCustomerId);
  const em = emForBusiness(ctx.orm, businessId);
  const where = options.upcomingOnly
    ? { customer: customerId, status: { $in: ['held', 'pending', 'confirmed'] as const }, endsAt: { $gt: new Date(ctx.now()) } }
    : { customer: customerId };
  const rows = await em.find(BookingSchema, where, { orderBy: { startsAt: options.upcomingOnly ? 'asc' : 'desc' }, limit: options.limit ?? 50 });
  return rows.map(toBookingView);
}

/** One customer card, or `NotFound`. */
export async function customerCard(ctx: UseCaseContext, businessId: string, rawCustomerId: string): Promise<CustomerView> {
  const customer = await emForBusiness(ctx.orm, businessId).findOne(CustomerSchema, { id: Id.parse(rawCustomerId) });
  if (!customer) throw new NotFound('customer');
  return toView(customer);
}
