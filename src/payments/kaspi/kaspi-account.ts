import type { z } from 'zod';
import { PaymentAccountSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { KaspiAccountInput } from '../../app/payments/payment-accounts.ts';
import { Id } from '../../app/shared/input-schemas.ts';
import { recordAudit } from '../../app/shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../../app/shared/use-case-context.ts';

/** What is stored of a business's Kaspi setup. */
export interface KaspiAccount {
  payLink: string;
  billingPhone: string | null;
}

/** Saves (or replaces) the business's Kaspi link and billing phone; audited. */
export async function connectKaspi(ctx: UseCaseContext, businessId: string, raw: z.input<typeof KaspiAccountInput>, actor: Actor): Promise<KaspiAccount> {
  const input = KaspiAccountInput.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const row = (await em.findOne(PaymentAccountSchema, { business: id, provider: 'kaspi' })) ?? em.create(PaymentAccountSchema, { business: id, provider: 'kaspi', createdAt: new Date(ctx.now()) });
    row.payLink = input.payLink;
    row.billingPhone = input.billingPhone ?? null;
    row.active = true;
    recordAudit(em, ctx.now(), { businessId: id, actor, action: 'payment.kaspi_connected', entityType: 'payment_account', entityId: row.id, details: { payLink: input.payLink } });
    return { payLink: input.payLink, billingPhone: row.billingPhone };
  });
}

/** The business's active Kaspi setup, or null. */
export async function kaspiAccountOf(ctx: UseCaseContext, businessId: string): Promise<KaspiAccount | null> {
  const row = await emForBusiness(ctx.orm, businessId).findOne(PaymentAccountSchema, { business: businessId, provider: 'kaspi', active: true });
  return row?.payLink ? { payLink: row.payLink, billingPhone: row.billingPhone ?? null } : null;
}

/** Removes the business's Kaspi setup (the row is deleted); audited. Returns whether there was one. */
export async function disconnectKaspi(ctx: UseCaseContext, businessId: string, actor: Actor): Promise<boolean> {
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const current = await em.findOne(PaymentAccountSchema, { business: id, provider: 'kaspi' });
    if (!current) return false;
    recordAudit(em, ctx.now(), { businessId: id, actor, action: 'payment.kaspi_disconnected', entityType: 'payment_account', entityId: current.id });
    em.remove(current);
    return true;
  });
}
