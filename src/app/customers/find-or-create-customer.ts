import { isUniqueViolation } from '../../db/pg-errors.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { ChannelIdentitySchema, CHANNELS, CustomerSchema, type Customer } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { InvalidRequest } from '../shared/app-errors.ts';
import { notificationRow, queueNotification } from '../notifications/queue-notification.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { customerViewFromColumns, toCustomerView, type CustomerView } from './customer-view.ts';
import { CHAT_CUSTOMER } from './customers-sql.ts';
import { runPreparedSql } from '../../db/sql-statement.ts';
import { randomUUID } from 'node:crypto';
import { releaseNumber } from './merge-customers.ts';
import { normalizePhone, PhoneCountry } from './phone-number.ts';

/** Input of {@link findOrCreateCustomer}. */
export const FindOrCreateCustomerInput = z.object({
  channel: z.enum(CHANNELS),
  externalId: z.string().trim().min(1).max(128),
  name: z.string().trim().max(200).optional(),
  phone: z.string().trim().max(32).optional(),
  /** ISO country for numbers typed without `+` (KZ, UA, DE...). */
  defaultCountry: PhoneCountry.optional(),
  locale: z.string().max(8).optional(),
  /**
   * The channel proves the number belongs to this person (SMS and WhatsApp ids are the
   * number; a Telegram contact shared by its own user). Only then may the identity
   * join an existing customer with that number.
   */
  phoneVerified: z.boolean().default(false),
});

/** A customer card, and whether it was made just now (a new card has no visits, no bookings). */
export type FoundCustomer = CustomerView & { created: boolean };

/**
 * The customer behind a chat identity. Known identity → its customer. Otherwise, when
 * a verified phone is given and a customer of this business has it, the identity is
 * linked to that customer (one person, several channels); else a new customer is
 * created (an unverified number someone else already has is not attached).
 */
export async function findOrCreateCustomer(ctx: UseCaseContext, businessId: string, raw: z.input<typeof FindOrCreateCustomerInput>): Promise<FoundCustomer> {
  const input = FindOrCreateCustomerInput.parse(raw);
  const phone = input.phone ? normalizePhone(input.phone, input.defaultCountry) : null;
  if (input.phone && !phone) throw new InvalidRequest('That does not look like a phone number', 'errors.invalid_phone');
  if (!phone) return customerOfChat(ctx, businessId, input);
  const run = (em: EntityManager) =>
    em.transactional(async (tx) => {
      const identity = await tx.findOne(ChannelIdentitySchema, { channel: input.channel, externalId: input.externalId }, { populate: ['customer'] });
      if (identity) return { ...toCustomerView(identity.customer.getEntity()), created: false };
      const owner = phone ? await tx.findOne(CustomerSchema, { phone }) : null;
      let customer: Customer;
      let created = false;
      if (owner && input.phoneVerified && owner.phoneTrusted) {
        customer = owner;
      } else {
        created = true;
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
        queueNotification(tx, ctx.now(), { businessId, topic: 'customer.created', aggregateId: customer.id, payload: { customerId: customer.id } });
      }
      tx.create(ChannelIdentitySchema, { business: businessId, channel: input.channel, externalId: input.externalId, customer });
      await tx.flush();
      return { ...toCustomerView(customer), created };
    });
  try {
    return await run(emForBusiness(ctx.orm, businessId));
  } catch (error) {
    // Two first messages from one person raced: the identity exists now, read it.
    if (isUniqueViolation(error)) return run(emForBusiness(ctx.orm, businessId));
    throw error;
  }
}

/**
 * A chat identity that brought no phone number (a Telegram or web-chat first message):
 * its customer's card, or a new customer with the identity and its notification, in one
 * statement — no unit of work. Two first messages racing: the loser's insert fails on
 * the identity's unique key and it reads again, finding the winner's card.
 */
async function customerOfChat(ctx: UseCaseContext, businessId: string, input: z.output<typeof FindOrCreateCustomerInput>): Promise<FoundCustomer> {
  const em = emForBusiness(ctx.orm, businessId);
  const now = ctx.now();
  const customerId = randomUUID();
  const notice = notificationRow(now, { businessId, topic: 'customer.created', aggregateId: customerId, payload: { customerId } });
  const params = {
    businessId,
    channel: input.channel,
    externalId: input.externalId,
    customerId,
    name: input.name ?? '',
    phoneTrusted: input.phoneVerified,
    locale: input.locale ?? null,
    now: new Date(now),
    notice: JSON.stringify(notice),
  };
  const read = async () => {
    const [row] = await runPreparedSql(em, CHAT_CUSTOMER, params);
    if (!row) throw new Error('the chat customer statement answered no row');
    return { ...customerViewFromColumns(row), created: row['created'] === true };
  };
  try {
    return await read();
  } catch (error) {
    if (isUniqueViolation(error)) return read();
    throw error;
  }
}
