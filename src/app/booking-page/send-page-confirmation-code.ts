import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { BookingSchema, BusinessSchema, MessageOptOutSchema, PageConfirmationCodeSchema, TwilioAccountSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { queueNotification } from '../notifications/queue-notification.ts';
import { NotFound } from '../shared/app-errors.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { newPageCode, PAGE_CODE_MINUTES, PAGE_CODES_PER_HOLD, pageCodeHash, sealPageCode } from './page-confirmation-code-secret.ts';

/** Input of {@link sendPageConfirmationCode}: the visitor's hold and where a code may go. */
export const SendPageConfirmationCodeInput = z.object({
  customerId: z.uuid(),
  holdId: z.uuid(),
  /** The number they typed, as `normalizePhone` read it (E.164). */
  phone: z.string().regex(/^\+[1-9]\d{6,14}$/),
  email: z.email().max(128).nullable().default(null),
  /** This process sends mail (SMTP_URL): an e-mail is a way when there is no SMS number. */
  canEmail: z.boolean(),
  /** The page's language: the code is worded in it. */
  language: z.string().max(8),
});

/**
 * How sending went: `sent` (by SMS to the phone, else by e-mail; `to` is the address,
 * partly hidden, to show); `no_way` (no SMS can reach the phone and there is no e-mail to
 * use — the page keeps its refusal and points to the chats; `smsStoppedBy` is the
 * business's SMS number when the phone texted STOP to it, so the page can say why and
 * how to undo it, else null); `too_many` ({@link PAGE_CODES_PER_HOLD} codes were sent for
 * this hold already).
 */
export type PageCodeSending = { kind: 'sent'; channel: 'sms' | 'email'; to: string } | { kind: 'no_way'; smsStoppedBy: string | null } | { kind: 'too_many' };

/**
 * Sends a six-digit one-time code for a held booking whose phone has too many
 * unconfirmed bookings: through the outbox (topic `page.confirmation_code`) by the
 * business's own SMS number (Twilio) to the typed phone — which proves it — or, with no
 * SMS number or a phone that texted STOP to it (the outbox would skip it: the visitor
 * would wait for nothing), by e-mail when the visitor gave one and the service sends mail. Only an
 * HMAC of the code is kept (and the code sealed in its message); it works for
 * {@link PAGE_CODE_MINUTES} minutes. A code sent earlier for the hold stops working.
 */
export async function sendPageConfirmationCode(ctx: UseCaseContext, businessId: string, raw: z.input<typeof SendPageConfirmationCodeInput>): Promise<PageCodeSending> {
  const input = SendPageConfirmationCodeInput.parse(raw);
  const links = ctx.links;
  if (!links) return { kind: 'no_way', smsStoppedBy: null };
  return emForBusiness(ctx.orm, businessId).transactional(async (em): Promise<PageCodeSending> => {
    const hold = await em.findOne(BookingSchema, { id: input.holdId, customer: input.customerId, status: 'held' }, { fields: ['id'] });
    if (!hold) throw new NotFound('booking');
    const [business, twilio] = await Promise.all([
      em.findOneOrFail(BusinessSchema, { id: businessId }, { fields: ['name'] }),
      em.findOne(TwilioAccountSchema, { business: businessId, active: true }, { fields: ['smsFrom'] }),
    ]);
    const smsFrom = twilio?.smsFrom ?? null;
    // STOP is kept per channel and number, as the inbound webhook records it (`src/bots/twilio/opt-out.ts`).
    const stopped = smsFrom !== null && (await em.count(MessageOptOutSchema, { business: businessId, channel: 'sms', externalId: input.phone })) > 0;
    const way =
      smsFrom !== null && !stopped ? { channel: 'sms' as const, address: input.phone } : input.email && input.canEmail ? { channel: 'email' as const, address: input.email.toLowerCase() } : null;
    if (!way) return { kind: 'no_way', smsStoppedBy: stopped ? smsFrom : null };
    const sent = await em.count(PageConfirmationCodeSchema, { booking: hold.id });
    if (sent >= PAGE_CODES_PER_HOLD) return { kind: 'too_many' };
    const now = ctx.now();
    // One live code per hold: the newest; earlier ones lapse now.
    await em.nativeUpdate(PageConfirmationCodeSchema, { booking: hold.id, usedAt: null, expiresAt: { $gt: new Date(now) } }, { expiresAt: new Date(now) });
    const id = randomUUID();
    const code = newPageCode();
    em.create(PageConfirmationCodeSchema, {
      id,
      business: businessId,
      customer: input.customerId,
      booking: hold.id,
      phone: input.phone,
      channel: way.channel,
      address: way.address,
      codeHash: pageCodeHash(links, id, code),
      expiresAt: new Date(now + PAGE_CODE_MINUTES * 60_000),
      createdAt: new Date(now),
    });
    queueNotification(em, now, {
      businessId,
      topic: 'page.confirmation_code',
      aggregateId: input.customerId,
      payload: { customerId: input.customerId, codeId: id, channel: way.channel, address: way.address, sealedCode: sealPageCode(links, code, id), businessName: business.name, minutes: PAGE_CODE_MINUTES, locale: input.language },
    });
    await em.flush();
    return { kind: 'sent', channel: way.channel, to: masked(way.channel, way.address) };
  });
}

// Enough to recognise one's own number or address, not to read someone else's.
function masked(channel: 'sms' | 'email', address: string): string {
  if (channel === 'sms') return `${address.slice(0, 4)}•••${address.slice(-2)}`;
  const [name = '', domain = ''] = address.split('@');
  return `${name.slice(0, 1)}•••@${domain}`;
}
