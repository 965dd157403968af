import { isUniqueViolation } from '../../db/pg-errors.ts';
import { z } from 'zod';
import { CustomerSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { DomainError } from '../../domain/index.ts';
import { InvalidRequest, NotFound } from '../shared/app-errors.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { customerViewFromColumns, toCustomerView, type CustomerView } from './customer-view.ts';
import { SET_UNOWNED_PHONE } from './customers-sql.ts';
import { runSql } from '../../db/sql-statement.ts';
import { mergeCustomerInto, releaseNumber } from './merge-customers.ts';
import { normalizePhone, PhoneCountry } from './phone-number.ts';

/** Input of {@link setCustomerPhone}. */
export const SetCustomerPhoneInput = z.object({
  customerId: z.uuid(),
  phone: z.string().trim().min(1).max(32),
  defaultCountry: PhoneCountry.optional(),
  /** The channel proved the number is theirs (see `FindOrCreateCustomerInput`). */
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
  const unowned = await setUnownedPhone(ctx, businessId, input.customerId, phone, input.verified);
  if (unowned) return unowned;
  const run = () =>
    emForBusiness(ctx.orm, businessId).transactional(async (em) => {
      const customer = await em.findOne(CustomerSchema, { id: input.customerId });
      if (!customer) throw new NotFound('customer');
      if (customer.phone === phone) {
        customer.phoneTrusted ||= input.verified;
        await em.flush();
        return toCustomerView(customer);
      }
      const owner = await em.findOne(CustomerSchema, { phone, id: { $ne: customer.id } });
      if (owner && !input.verified) throw new PhoneNeedsVerification();
      if (owner?.phoneTrusted) {
        // The same person on another channel: one card.
        await mergeCustomerInto(em, ctx.conversations, businessId, customer, owner);
        return toCustomerView(owner);
      }
      // Nobody has it, or someone only typed it: it is this customer's now.
      if (owner) await releaseNumber(em, owner);
      customer.phone = phone;
      customer.phoneTrusted = input.verified;
      await em.flush();
      return toCustomerView(customer);
    });
  try {
    return await run();
  } catch (error) {
    // The same number was being set by a concurrent request: the retry sees its result.
    if (isUniqueViolation(error)) return run();
    throw error;
  }
}

/**
 * The usual case in one statement (`SET_UNOWNED_PHONE`): no other card has the number,
 * so it is simply this customer's. Null when another card has it (the transaction above
 * merges or refuses); a concurrent request taking the number meanwhile fails on the
 * unique phone and goes there too.
 */
async function setUnownedPhone(ctx: UseCaseContext, businessId: string, customerId: string, phone: string, verified: boolean): Promise<CustomerView | null> {
  let row: Record<string, unknown> | undefined;
  try {
    [row] = await runSql(emForBusiness(ctx.orm, businessId), SET_UNOWNED_PHONE, { businessId, customerId, phone, verified });
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
  if (!row) throw new NotFound('customer');
  const { updated } = UnownedOutcome.parse(row);
  return updated ? { ...customerViewFromColumns(row), phone } : null;
}

const UnownedOutcome = z.object({ owned: z.boolean(), updated: z.boolean() });
