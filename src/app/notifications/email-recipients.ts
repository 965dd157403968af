import { createHmac, timingSafeEqual } from 'node:crypto';
import { BusinessSchema, CustomerSchema } from '../../db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../db/tenant-scope.ts';
import type { PublicLinks } from '../calendars/booking-calendar-link.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** Who an e-mail goes to, and whether it may still go. */
export interface EmailRecipient {
  email: string;
  /** They asked for no more mail, or their address bounced: send nothing. */
  stopped: boolean;
  slug: string;
  businessName: string;
}

// A link's signature under its own label: no other link's signature opens it.
function token(secret: string, businessId: string, customerId: string): string {
  return createHmac('sha256', secret).update(`email-unsubscribe:${businessId}:${customerId}`).digest().subarray(0, 16).toString('base64url');
}

/** The one-click unsubscribe link every e-mail carries (and names in `List-Unsubscribe`). */
export function emailUnsubscribeUrl(links: PublicLinks, slug: string, businessId: string, customerId: string): string {
  return `${links.publicUrl.replace(/\/+$/, '')}/e/unsubscribe/${encodeURIComponent(slug)}/${customerId}?t=${token(links.secret, businessId, customerId)}`;
}

/** The customer an e-mail delivery is for, or null when they are gone. */
export async function emailRecipient(ctx: UseCaseContext, businessId: string, customerId: string): Promise<EmailRecipient | null> {
  const id = Id.parse(businessId);
  const customerOk = Id.safeParse(customerId);
  if (!customerOk.success) return null;
  const em = emForBusiness(ctx.orm, id);
  const [customer, business] = await Promise.all([em.findOne(CustomerSchema, { id: customerOk.data }), em.findOne(BusinessSchema, { id }, { fields: ['slug', 'name'] })]);
  if (!customer || !business || !customer.email) return null;
  return { email: customer.email, stopped: customer.emailOptOut || Boolean(customer.emailBouncedAt), slug: business.slug, businessName: business.name };
}

/**
 * The address was refused for good: no more mail to it (a new address clears the mark).
 * Audited. True when this call marked it; false when it was marked already (a repeated
 * report changes nothing) or the customer is gone.
 */
export async function markEmailBounced(ctx: UseCaseContext, businessId: string, customerId: string, detail: string): Promise<boolean> {
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const customer = await em.findOne(CustomerSchema, { id: customerId });
    if (!customer || customer.emailBouncedAt) return false;
    customer.emailBouncedAt = new Date(ctx.now());
    recordAudit(em, ctx.now(), { businessId, actor: { kind: 'system' }, action: 'customer.email_bounced', entityType: 'customer', entityId: customerId, details: { detail: detail.slice(0, 300) } });
    return true;
  });
}

/** Whose unsubscribe link this is, when it is genuine (current or previous APP_SECRET): the business's name for the page. */
export async function unsubscribeLinkTarget(ctx: UseCaseContext, links: Pick<PublicLinks, 'secret' | 'previousSecret'>, slug: string, customerId: string, given: string): Promise<{ businessId: string; businessName: string } | null> {
  if (!Id.safeParse(customerId).success || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) return null;
  const business = await emAcrossBusinesses(ctx.orm).findOne(BusinessSchema, { slug }, { fields: ['id', 'name'] });
  if (!business) return null;
  const got = Buffer.from(given);
  const genuine = [links.secret, links.previousSecret].some((secret) => {
    if (!secret) return false;
    const want = Buffer.from(token(secret, business.id, customerId));
    return want.length === got.length && timingSafeEqual(want, got);
  });
  return genuine ? { businessId: business.id, businessName: business.name } : null;
}

/**
 * The customer behind an unsubscribe link asks for no more e-mail: true when the link
 * is genuine and the customer exists, false otherwise (one answer for a wrong business,
 * customer or signature). Asking twice changes nothing more. Chats are not affected.
 * Audited.
 */
export async function unsubscribeEmail(ctx: UseCaseContext, links: Pick<PublicLinks, 'secret' | 'previousSecret'>, slug: string, customerId: string, given: string): Promise<boolean> {
  const target = await unsubscribeLinkTarget(ctx, links, slug, customerId, given);
  if (!target) return false;
  return emForBusiness(ctx.orm, target.businessId).transactional(async (em) => {
    const customer = await em.findOne(CustomerSchema, { id: customerId });
    if (!customer) return false;
    if (!customer.emailOptOut) {
      customer.emailOptOut = true;
      recordAudit(em, ctx.now(), { businessId: target.businessId, actor: { kind: 'customer', customerId }, action: 'customer.email_unsubscribed', entityType: 'customer', entityId: customerId });
    }
    return true;
  });
}
