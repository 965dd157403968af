import { createHmac, timingSafeEqual } from 'node:crypto';
import { CustomerSchema } from '../../db/entities/index.ts';
import { emAcrossBusinesses } from '../../db/tenant-scope.ts';
import type { PublicLinks } from '../calendars/booking-calendar-link.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { markEmailBounced } from './email-recipients.ts';

// A customer's mail goes out with `bounces+<customer id as 32 hex>-<signature>@<domain>` as
// its envelope sender (VERP), so a bounce report that comes back later names whose mail it
// was. Lowercase hex only: a mail server may change a local part's case. 61 characters,
// within a local part's 64.
const LOCAL_PART = 'bounces';
const TOKEN = /bounces[+ ]([0-9a-f]{32})-([0-9a-f]{20})@/gi;

// 80 bits of HMAC-SHA256 under its own label (no link's signature opens it), bound to the
// address the mail went to: a report about an address the customer has since replaced
// marks nothing.
function signature(secret: string, businessId: string, customerId: string, email: string): string {
  return createHmac('sha256', secret).update(`email-bounce:${businessId}:${customerId}:${email.trim().toLowerCase()}`).digest().subarray(0, 10).toString('hex');
}

/** A bounce address as found in a report: whose mail it claims to be, and its signature (not yet checked). */
export interface BounceToken {
  customerId: string;
  signature: string;
}

/**
 * The envelope sender (Return-Path) of a mail to `email` for one customer of one business:
 * `bounces+<token>@<domain>`, signed with the app secret.
 */
export function emailBounceAddress(secret: string, domain: string, businessId: string, customerId: string, email: string): string {
  return `${LOCAL_PART}+${customerId.replace(/-/g, '').toLowerCase()}-${signature(secret, businessId, customerId.toLowerCase(), email)}@${domain}`;
}

/** Every bounce address in `text` (headers naming where a report was sent), each once. */
export function bounceTokensIn(text: string): BounceToken[] {
  const found = new Map<string, BounceToken>();
  for (const match of text.matchAll(TOKEN)) {
    const hex = match[1]!.toLowerCase();
    const customerId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    found.set(`${customerId}-${match[2]!.toLowerCase()}`, { customerId, signature: match[2]!.toLowerCase() });
  }
  return [...found.values()];
}

/**
 * What a hard bounce reported for a bounce address did: `marked` (the customer's address is
 * now marked bounced, audited), `already` (it was: a replay changes nothing), `unknown` (no
 * such customer, no address any more, or a signature that is not ours for their current
 * address — forged, or about an address since replaced).
 */
export type BounceReportResult = 'marked' | 'already' | 'unknown';

/**
 * A report says mail to this bounce address's customer failed for good: when the token is
 * genuine (current or previous APP_SECRET) for the customer's current address, the address
 * is marked bounced ({@link markEmailBounced}: no more mail to it until it changes).
 */
export async function reportEmailBounce(ctx: UseCaseContext, links: Pick<PublicLinks, 'secret' | 'previousSecret'>, token: BounceToken, detail: string): Promise<BounceReportResult> {
  const customer = await emAcrossBusinesses(ctx.orm).findOne(CustomerSchema, { id: token.customerId }, { fields: ['id', 'business', 'email', 'emailBouncedAt'] });
  if (!customer?.email) return 'unknown';
  const businessId = customer.business.id;
  const got = Buffer.from(token.signature);
  const genuine = [links.secret, links.previousSecret].some((secret) => {
    if (!secret) return false;
    const want = Buffer.from(signature(secret, businessId, customer.id, customer.email!));
    return want.length === got.length && timingSafeEqual(want, got);
  });
  if (!genuine) return 'unknown';
  return (await markEmailBounced(ctx, businessId, customer.id, detail)) ? 'marked' : 'already';
}
